import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ruffSettings } from './format.js';
import { kebab, titleCase } from './naming.js';
import { type EnvVar, type PluginManifest, type Tier, loadCatalog, pluginsFromAnswers, resolvePlugins } from './plugins.js';
import type { Answers, AnswerValue } from './questions.js';
import type { AppSpec, ProjectState } from './state.js';
import { type Constraints, constraintsFor, type RequirementLock } from './constraints.js';
import { readYamlFile } from './yaml-data.js';

/**
 * Builds what templates see: the answers, plus everything derived from the answers, the
 * active plugins and the recorded apps. Templates never compute these themselves.
 */
export interface AppInfo {
  name: string;
  label: string;
  verboseName: string;
  hasUrls: boolean;
  hasApi: boolean;
  apiPath?: string;
  /** The recorded spec for apps added by startapp; absent for starter apps. */
  spec?: AppSpec;
}

type AppGroups = {
  first: string[];
  core: string[];
  extensions: string[];
  local: string[];
  localOnly: string[];
};

export interface RenderContext {
  [answer: string]: unknown;
  projectName: string;
  projectSlug: string;
  projectKebab: string;
  ci: string;
  preCommit: boolean;
  docker: boolean;
  license: string;
  has: (plugin: string) => boolean;
  plugins: PluginManifest[];
  pin: (name: string) => string;
  version: (name: string) => string;
  precommitRev: (repo: string) => string;
  requirements: Record<Tier, string[]>;
  /** Exact pins of the requirements' transitive dependencies (base/requirements/constraints.txt). */
  constraints: Constraints;
  installedApps: AppGroups;
  localApps: AppInfo[];
  settingsSections: string[];
  env: EnvVar[];
  urls: PluginManifest['urls'];
  composeServices: Record<string, unknown>;
  ciServices: string[];
  processes: PluginManifest['processes'];
  ruff: typeof ruffSettings;
  yaml: (value: unknown) => string;
  generatorVersion: string;
}

/** A core.yaml block that applies only when answers match, e.g. `when: {database: postgresql}`. */
interface Contribution {
  when?: Record<string, AnswerValue | AnswerValue[]>;
  requirements?: Partial<Record<Tier, string[]>>;
  installedApps?: Partial<AppGroups>;
  settingsSections?: string[];
  env?: EnvVar[];
  ciServices?: string[];
}

interface CoreData extends Contribution {
  /** Plugins a new project starts with (removable like any other). */
  defaultPlugins?: string[];
  starterApps?: { name: string; hasUrls?: boolean; hasApi?: boolean; apiPath?: string; verboseName?: string }[];
  conditional?: Contribution[];
}

function readYaml<T>(path: string, fallback: T): T {
  return existsSync(path) ? ((readYamlFile(path) as T) ?? fallback) : fallback;
}

function matches(when: Contribution['when'], answers: Answers): boolean {
  return Object.entries(when ?? {}).every(([key, expected]) =>
    Array.isArray(expected) ? expected.includes(answers[key]) : answers[key] === expected,
  );
}

const uniq = <T>(items: T[]): T[] => [...new Set(items)];
/** Case-insensitive code-point order: stable everywhere, and no ICU collator to load (5 ms). */
function byLowerCase(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
}
const packageKey = (line: string) => line.replace(/[[=<>~!].*$/, '').toLowerCase();

function readCoreData(templates: string): CoreData {
  return readYaml<CoreData>(join(templates, 'core.yaml'), {});
}

export function defaultPlugins(templates: string): string[] {
  return readCoreData(templates).defaultPlugins ?? [];
}

export function buildContext(state: ProjectState, templates: string): RenderContext {
  const pins = readYaml<{ python?: Record<string, string>; precommit?: Record<string, string> }>(
    join(templates, 'pins.yaml'),
    {},
  );
  const core = readCoreData(templates);
  const envBase = readYaml<EnvVar[]>(join(templates, 'env.yaml'), []);
  const catalog = loadCatalog(templates);
  const plugins = resolvePlugins(catalog, uniq([...pluginsFromAnswers(catalog, state.answers), ...state.plugins]));
  // What the active plugins imply (Channels: an ASGI server) overrides the recorded answer.
  const answers: Answers = Object.assign({}, state.answers, ...plugins.map((p) => p.implies ?? {}));
  const active = new Set(plugins.map((p) => p.name));

  const version = (name: string): string => {
    const pinned = pins.python?.[name];
    if (!pinned) throw new Error(`templates/pins.yaml has no pin for "${name}"`);
    return pinned;
  };
  const pin = (name: string) => `${name}==${version(name)}`;

  const contributions: Contribution[] = [core, ...(core.conditional ?? []).filter((c) => matches(c.when, answers))];
  const tiers: Tier[] = ['base', 'local', 'production'];
  const requirements = {} as Record<Tier, string[]>;
  const inBase = new Set<string>();
  for (const tier of tiers) {
    const names = [
      ...contributions.flatMap((c) => c.requirements?.[tier] ?? []),
      ...plugins.flatMap((p) => p.requirements[tier] ?? []),
    ];
    const lines = uniq(names.map(pin)).filter((line) => tier === 'base' || !inBase.has(packageKey(line)));
    if (tier === 'base') lines.forEach((line) => inBase.add(packageKey(line)));
    requirements[tier] = lines.sort(byLowerCase);
  }
  const lock = readYaml<RequirementLock>(join(templates, 'lock.yaml'), {});
  const constraints = constraintsFor(
    lock,
    String(answers.pythonVersion ?? '3.13'),
    tiers.flatMap((tier) => requirements[tier].map((line) => line.replace(/==.*$/, ''))),
  );

  const starterApps: AppInfo[] = (core.starterApps ?? [{ name: 'users' }, { name: 'core' }]).map((app) => ({
    name: app.name,
    label: app.name,
    verboseName: app.verboseName ?? titleCase(app.name),
    hasUrls: app.hasUrls ?? false,
    hasApi: (app.hasApi ?? false) && active.has('drf'),
    apiPath: app.apiPath,
  }));
  const addedApps: AppInfo[] = state.apps.map((spec) => ({
    name: spec.name,
    label: spec.name,
    verboseName: titleCase(spec.name),
    hasUrls: true,
    hasApi: active.has('drf'),
    apiPath: active.has('drf') ? `${kebab(spec.name)}/` : undefined,
    spec,
  }));
  const localApps = [...starterApps, ...addedApps];

  const group = (key: keyof AppGroups, fromPlugins: (p: PluginManifest) => string[] | undefined) =>
    uniq([...contributions.flatMap((c) => c.installedApps?.[key] ?? []), ...plugins.flatMap((p) => fromPlugins(p) ?? [])]);
  // Plugins' first apps go before the core's: daphne's runserver must win over whitenoise's.
  const first = uniq([
    ...plugins.flatMap((p) => p.installedApps.first ?? []),
    ...contributions.flatMap((c) => c.installedApps?.first ?? []),
  ]);
  const contribAndCore = group('core', () => []);
  const extensions = group('extensions', (p) => p.installedApps.extensions);
  const installedApps: AppGroups = {
    first,
    core: contribAndCore,
    extensions,
    local: localApps.map((app) => app.name),
    localOnly: group('localOnly', (p) => p.installedApps.localOnly),
  };

  const slug = String(answers.projectSlug);
  // Examples in the data say {domain}, {slug}, {kebab}, {compact} and {name}: this project's values.
  const placeholders: Record<string, string> = {
    domain: String(answers.domain),
    slug,
    kebab: kebab(slug),
    compact: slug.replace(/_/g, ''),
    name: String(answers.projectName),
  };
  const env = [...envBase, ...contributions.flatMap((c) => c.env ?? []), ...plugins.flatMap((p) => p.env)].map((v) => ({
    ...v,
    example: String(v.example ?? '').replace(/\{(domain|slug|kebab|compact|name)\}/g, (_, key: string) => placeholders[key]),
  }));

  return {
    ...answers,
    projectName: String(answers.projectName),
    projectSlug: slug,
    projectKebab: kebab(slug),
    ci: String(answers.ci),
    preCommit: Boolean(answers.preCommit),
    docker: Boolean(answers.docker),
    license: String(answers.license),
    has: (name: string) => active.has(name),
    plugins,
    pin,
    version,
    precommitRev: (repo: string) => {
      const rev = pins.precommit?.[repo];
      if (!rev) throw new Error(`templates/pins.yaml has no pre-commit revision for "${repo}"`);
      return rev;
    },
    requirements,
    constraints,
    installedApps,
    localApps,
    settingsSections: uniq([
      ...contributions.flatMap((c) => c.settingsSections ?? []),
      ...plugins.flatMap((p) => (p.settingsSection ? [p.settingsSection] : [])),
    ]),
    env: env.filter((v, i) => env.findIndex((w) => w.name === v.name) === i),
    urls: plugins.flatMap((p) => p.urls),
    composeServices: Object.assign({}, ...plugins.map((p) => p.compose)),
    ciServices: uniq([...contributions.flatMap((c) => c.ciServices ?? []), ...plugins.flatMap((p) => p.ci.services ?? [])]),
    processes: plugins.flatMap((p) => p.processes),
    ruff: ruffSettings,
    yaml: (value: unknown) => stringify(value).trimEnd(),
    generatorVersion: state.version,
  };
}
