/**
 * The template set a run renders with, loaded once per run: the core's data (core.yaml,
 * env.yaml), the pins, the plugin catalog and the migrations. Everything after the shell
 * takes it as an argument instead of reading templates/ again.
 */
import { existsSync } from 'node:fs';
import type { RequirementLock } from '../requirements/constraints.js';
import type { HashTable } from '../requirements/locked.js';
import { join } from 'node:path';
import { UserError } from '../input/errors.js';
import { type Migration, loadMigrations } from '../record/migrations.js';
import { type Catalog, type EnvVar, type PersonalData, type Tier, type WebSignIn } from '../plugins/manifest.js';
import { loadCatalog } from '../plugins/catalog.js';
import { personalDataProblems } from '../plugins/check.js';
import type { AnswerValue } from '../questions/question.js';
import { quoted } from '../input/text.js';
import { readYamlFile } from './yaml-data.js';
import { settingProblems } from '../settings/table.js';

/** INSTALLED_APPS groups: `first` before django.contrib, `localOnly` in local settings only. */
export type AppGroups = {
  first: string[];
  core: string[];
  extensions: string[];
  local: string[];
  localOnly: string[];
};

/** A core.yaml block that applies only when answers match, e.g. `when: {database: postgresql}`. */
export interface Contribution {
  when?: Record<string, AnswerValue | AnswerValue[]>;
  requirements?: Partial<Record<Tier, string[]>>;
  installedApps?: Partial<AppGroups>;
  settingsSections?: string[];
  env?: EnvVar[];
  ciServices?: string[];
  /** AUTHENTICATION_BACKENDS after Django's ModelBackend. */
  authenticationBackends?: string[];
  /** Tables holding personal data or secrets, and what the anonymizer does with them. */
  personalData?: PersonalData[];
}

/** An app every project has (users, core, ...); `models` are those other apps may relate to. */
export interface StarterApp {
  name: string;
  hasUrls?: boolean;
  hasApi?: boolean;
  apiPath?: string;
  verboseName?: string;
  models?: string[];
}

export interface CoreData extends Contribution {
  /** Plugins a new project starts with (removable like any other). */
  defaultPlugins?: string[];
  starterApps: StarterApp[];
  conditional?: Contribution[];
  /** The project's own web sign-in pages (a plugin's webSignIn replaces them). */
  webSignIn?: WebSignIn;
}

export interface Pins {
  python?: Record<string, string>;
  precommit?: Record<string, string>;
}

export interface TemplateSet {
  /** Absolute path of the set (templates/, or DJANGOFLOW_TEMPLATES). */
  dir: string;
  core: CoreData;
  pins: Pins;
  /** templates/env.yaml: the variables every project reads. */
  env: EnvVar[];
  catalog: Catalog;
  migrations: Migration[];
  /** templates/lock.yaml (`npm run lock`): every transitive dependency's exact version. */
  lock: RequirementLock;
  /** templates/hashes.yaml (`npm run lock:hashes`): the sha256 of every file of each locked version. */
  hashes: HashTable;
}

function readYaml<T>(path: string, fallback: T): T {
  return existsSync(path) ? ((readYamlFile(path) as T) ?? fallback) : fallback;
}

export function loadTemplateSet(dir: string): TemplateSet {
  // A set without its project templates (a wrong DJANGOFLOW_TEMPLATES, a broken install) renders nothing sensible.
  if (!existsSync(join(dir, 'project'))) {
    throw new UserError(`the template folder ${quoted(dir)} is missing or has no project/ templates; check DJANGOFLOW_TEMPLATES or reinstall djangoflow`);
  }
  const core = readYaml<Partial<CoreData>>(join(dir, 'core.yaml'), {});
  const env = readYaml<EnvVar[]>(join(dir, 'env.yaml'), []);
  const problems = [
    ...personalDataProblems(core.personalData).map((p) => `core.yaml: ${p}`),
    ...[core, ...(core.conditional ?? [])].flatMap((block) => settingProblems(block.env)).map((p) => `core.yaml: ${p}`),
    ...settingProblems(env).map((p) => `env.yaml: ${p}`),
  ];
  if (problems.length) throw new Error(problems.join('\n'));
  return {
    dir,
    core: { ...core, starterApps: core.starterApps ?? [] },
    pins: readYaml<Pins>(join(dir, 'pins.yaml'), {}),
    env,
    catalog: loadCatalog(dir),
    migrations: loadMigrations(dir),
    lock: readYaml<RequirementLock>(join(dir, 'lock.yaml'), {}),
    hashes: readYaml<HashTable>(join(dir, 'hashes.yaml'), {}),
  };
}
