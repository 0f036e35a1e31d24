/**
 * What templates see (the render context): the answers, plus everything derived from the
 * answers, the active plugins and the recorded apps, each derived by one small function
 * below. Templates never compute these themselves.
 */
import { stringify } from 'yaml';
import { ruffSettings } from '../format/format.js';
import { kebab, titleCase } from '../input/naming.js';
import { projectSettings } from '../settings/project.js';
import { type Setting, variables } from '../settings/table.js';
import { type PluginManifest, type Tier, apiStylePlugins } from '../plugins/manifest.js';
import { activePlugins } from '../plugins/active.js';
import type { Answers } from '../questions/question.js';
import type { AppSpec, ProjectState } from '../record/state.js';
import type { AppGroups, Contribution, Pins, TemplateSet } from '../template-set/index.js';
import { type Constraints, constraintsFor } from '../requirements/constraints.js';
import { type LockedTier, lockedRequirements } from '../requirements/locked.js';
import { type ComposeFile, composeFile } from './compose.js';
import { cloudContext } from './cloud-overlay.js';
import { fieldTypeRequirements } from './field-types.js';
import { type AccountsContext, accountsContext } from './accounts.js';

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

export interface RenderContext extends AccountsContext {
  [answer: string]: unknown;
  projectName: string;
  projectSlug: string;
  projectKebab: string;
  ci: string;
  preCommit: boolean;
  docker: boolean;
  license: string;
  has: (plugin: string) => boolean;
  /** Whether the api deployment (config/api/) exists: some API style is on (drf, ninja, graphql). */
  apiDeployment: boolean;
  plugins: PluginManifest[];
  pin: (name: string) => string;
  version: (name: string) => string;
  precommitRev: (repo: string) => string;
  requirements: Record<Tier, string[]>;
  /** Exact pins of the requirements' transitive dependencies (base/requirements/constraints.txt). */
  constraints: Constraints;
  /** Per installed tier, every distribution with its hashes (base/requirements/locked/<tier>.txt). */
  locked: Record<LockedTier, string[]>;
  installedApps: AppGroups;
  localApps: AppInfo[];
  settingsSections: string[];
  /** The variables of the settings table (environment and secret kinds). */
  env: Setting[];
  /** The settings table: every setting with its kind and where it is required (lib/settings/table.ts). */
  settings: Setting[];
  urls: PluginManifest['urls'];
  composeServices: Record<string, unknown>;
  /** docker-compose.yml as data: core services, plugin services, volumes. */
  compose: ComposeFile;
  ciServices: string[];
  processes: PluginManifest['processes'];
  ruff: typeof ruffSettings;
  yaml: (value: unknown) => string;
  generatorVersion: string;
}

const uniq = <T>(items: T[]): T[] => [...new Set(items)];
/** Case-insensitive code-point order: stable everywhere, and no ICU collator to load (5 ms). */
function byLowerCase(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
}
const packageKey = (line: string) => line.replace(/[[=<>~!].*$/, '').toLowerCase();

/** The recorded answers with what the active plugins imply (Channels: an ASGI server) on top. */
export function effectiveAnswers(state: ProjectState, plugins: PluginManifest[]): Answers {
  return Object.assign({}, state.answers, ...plugins.map((p) => p.implies ?? {}));
}

/** core.yaml and those of its `conditional` blocks whose `when` the answers match. */
export function coreContributions(templates: TemplateSet, answers: Answers): Contribution[] {
  const matches = (when: Contribution['when']) =>
    Object.entries(when ?? {}).every(([key, expected]) =>
      Array.isArray(expected) ? expected.includes(answers[key]) : answers[key] === expected,
    );
  const core = templates.core;
  return [core, ...(core.conditional ?? []).filter((c) => matches(c.when))];
}

/** Lookups into templates/pins.yaml that name a missing pin instead of rendering `undefined`. */
export function pinLookups(pins: Pins) {
  const version = (name: string): string => {
    const pinned = pins.python?.[name];
    if (!pinned) throw new Error(`templates/pins.yaml has no pin for "${name}"`);
    return pinned;
  };
  const pin = (name: string) => `${name}==${version(name)}`;
  const precommitRev = (repo: string) => {
    const rev = pins.precommit?.[repo];
    if (!rev) throw new Error(`templates/pins.yaml has no pre-commit revision for "${repo}"`);
    return rev;
  };
  return { version, pin, precommitRev };
}

/** Pinned requirement lines per tier, sorted; a package of the base tier is not repeated in another. */
export function requirements(contributions: Contribution[], plugins: PluginManifest[], pin: (name: string) => string): Record<Tier, string[]> {
  const tiers: Tier[] = ['base', 'local', 'production'];
  const result = {} as Record<Tier, string[]>;
  const inBase = new Set<string>();
  for (const tier of tiers) {
    const names = [...contributions.flatMap((c) => c.requirements?.[tier] ?? []), ...plugins.flatMap((p) => p.requirements[tier] ?? [])];
    const lines = uniq(names.map(pin)).filter((line) => tier === 'base' || !inBase.has(packageKey(line)));
    if (tier === 'base') lines.forEach((line) => inBase.add(packageKey(line)));
    result[tier] = lines.sort(byLowerCase);
  }
  return result;
}

/** The project's own apps: the template set's starter apps, then those startapp recorded. */
export function localApps(state: ProjectState, templates: TemplateSet, plugins: PluginManifest[]): AppInfo[] {
  // The plugin that serves the apps' API (DRF) says so in its manifest.
  const api = plugins.some((p) => p.appApi);
  const starterApps: AppInfo[] = templates.core.starterApps.map((app) => ({
    name: app.name,
    label: app.name,
    verboseName: app.verboseName ?? titleCase(app.name),
    hasUrls: app.hasUrls ?? false,
    hasApi: (app.hasApi ?? false) && api,
    apiPath: app.apiPath,
  }));
  // Adopted apps render nothing: their files and their LOCAL_APPS line are the user's.
  const addedApps: AppInfo[] = state.apps.filter((spec) => !spec.adopted).map((spec) => ({
    name: spec.name,
    label: spec.name,
    verboseName: titleCase(spec.name),
    hasUrls: true,
    hasApi: api,
    apiPath: api ? `${kebab(spec.name)}/` : undefined,
    spec,
  }));
  // Apps a plugin brings in src/apps/ (stripe's payments): the project's own from then on.
  const pluginApps: AppInfo[] = plugins.flatMap((p) =>
    (p.localApps ?? []).map((name) => ({ name, label: name, verboseName: titleCase(name), hasUrls: false, hasApi: false })),
  );
  return [...starterApps, ...pluginApps, ...addedApps];
}

/** What the recorded models' field types need in the base tier (Pillow for an image field). */
function modelContribution(state: ProjectState): Contribution {
  const types = state.apps.flatMap((app) => app.models.flatMap((model) => model.fields.map((field) => field.type)));
  return { requirements: { base: fieldTypeRequirements(types) } };
}

/** The requirement names of every tier (`name[extra]`, without the pinned version). */
const requirementNames = (tiers: Record<Tier, string[]>): string[] =>
  Object.values(tiers).flatMap((lines) => lines.map((line) => line.replace(/==.*$/, '')));

/** INSTALLED_APPS by group, core and plugins together. */
export function installedApps(contributions: Contribution[], plugins: PluginManifest[], apps: AppInfo[]): AppGroups {
  const group = (key: keyof AppGroups, fromPlugins: (p: PluginManifest) => string[] | undefined) =>
    uniq([...contributions.flatMap((c) => c.installedApps?.[key] ?? []), ...plugins.flatMap((p) => fromPlugins(p) ?? [])]);
  // Plugins' first apps go before the core's: daphne's runserver must win over whitenoise's.
  const first = uniq([...plugins.flatMap((p) => p.installedApps.first ?? []), ...contributions.flatMap((c) => c.installedApps?.first ?? [])]);
  const core = group('core', () => []);
  const extensions = group('extensions', (p) => p.installedApps.extensions);
  return {
    first,
    core,
    extensions,
    local: apps.map((app) => app.name),
    localOnly: group('localOnly', (p) => p.installedApps.localOnly),
  };
}

/** The apps of a state, local and installed: what startapp checks a new name against. */
export function projectApps(state: ProjectState, templates: TemplateSet) {
  const plugins = activePlugins(templates.catalog, state);
  const local = localApps(state, templates, plugins);
  return { localApps: local, installedApps: installedApps(coreContributions(templates, effectiveAnswers(state, plugins)), plugins, local) };
}

/** The settings table of a recorded state: what `djangoflow settings` lists. */
export function stateSettings(state: ProjectState, templates: TemplateSet): Setting[] {
  const plugins = activePlugins(templates.catalog, state);
  const answers = effectiveAnswers(state, plugins);
  return projectSettings(templates, [...coreContributions(templates, answers), modelContribution(state)], plugins, answers);
}

export function buildContext(state: ProjectState, templates: TemplateSet): RenderContext {
  const plugins = activePlugins(templates.catalog, state);
  const answers = effectiveAnswers(state, plugins);
  const active = new Set(plugins.map((p) => p.name));
  const has = (name: string) => active.has(name);
  const contributions = [...coreContributions(templates, answers), modelContribution(state)];
  const lookups = pinLookups(templates.pins);
  const apps = localApps(state, templates, plugins);
  const settings = projectSettings(templates, contributions, plugins, answers);
  const env = variables(settings);
  const composeServices: Record<string, unknown> = Object.assign({}, ...plugins.map((p) => p.compose));
  const slug = String(answers.projectSlug);
  const tierRequirements = requirements(contributions, plugins, lookups.pin);

  return {
    ...answers,
    projectName: String(answers.projectName),
    projectSlug: slug,
    projectKebab: kebab(slug),
    ci: String(answers.ci),
    preCommit: Boolean(answers.preCommit),
    docker: Boolean(answers.docker),
    license: String(answers.license),
    has,
    apiDeployment: apiStylePlugins.some(has),
    plugins,
    ...lookups,
    requirements: tierRequirements,
    constraints: constraintsFor(templates.lock, String(answers.pythonVersion ?? '3.13'), requirementNames(tierRequirements)),
    locked: lockedRequirements(templates.lock, templates.hashes, String(answers.pythonVersion ?? '3.13'), tierRequirements),
    installedApps: installedApps(contributions, plugins, apps),
    localApps: apps,
    settingsSections: uniq([
      ...contributions.flatMap((c) => c.settingsSections ?? []),
      ...plugins.flatMap((p) => (p.settingsSection ? [p.settingsSection] : [])),
    ]),
    env,
    settings,
    urls: plugins.flatMap((p) => p.urls),
    composeServices,
    compose: composeFile({ answers, slug, has, env, pluginServices: composeServices }),
    ciServices: uniq([...contributions.flatMap((c) => c.ciServices ?? []), ...plugins.flatMap((p) => p.ci.services ?? [])]),
    processes: plugins.flatMap((p) => p.processes),
    ...accountsContext(templates, contributions, plugins, answers),
    ruff: ruffSettings,
    yaml: (value: unknown) => stringify(value).trimEnd(),
    generatorVersion: state.version,
    ...cloudContext(answers, kebab(slug), env),
  };
}
