/**
 * Plugins are declarative manifests (templates/plugins/<name>/plugin.yaml) plus the
 * templates in their files/ folder. A main-generator question that covers a plugin names it
 * in `enabledBy`, so the question and the plugin are one implementation. This module is the
 * one place that decides which plugins are active (activePlugins).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from './errors.js';
import { readYamlFile } from './yaml-data.js';
import { type Answers, type AnswerValue, type Question, type QuestionData, answerHolds, answerItems, answerWithItems, defaultFor, findQuestion, optionName } from './questions.js';
import { quoted } from './text.js';
import type { ProjectState } from './state.js';
import { type Environment, type SettingKind, settingProblems } from './settings/table.js';
import { type WizardFields, filledPattern, namedAnswers, wizardProblem } from './settings/wizard.js';

export type Tier = 'base' | 'local' | 'production';

/**
 * The plugins that are API styles (the `api` answer's items): with any of them on, the
 * project has the api deployment (config/api/). DF modules that need DRF require `drf`.
 */
export const apiStylePlugins = ['drf', 'ninja', 'graphql'];

export interface EnvVar {
  name: string;
  example: string;
  description: string;
  group: string;
  /** environment, secret or code (lib/settings/table.ts). */
  kind?: SettingKind;
  /** Where it must be set: `production` (staging and production), or a list of environments. */
  required?: 'production' | Environment[];
  /** A code setting: the settings module that sets it. */
  where?: string;
  /**
   * A value production accepts, where `example` (the development value of .env.example)
   * is one it refuses: CI's `check --deploy` and the generated settings tests use it.
   */
  productionExample?: string;
}

/**
 * A question a plugin asks when it is added (`djangoflow plugin <name> --<option>`), as data:
 * the shape of the main question table, with a regular expression instead of a validator.
 * Its answer is recorded with the main answers and seen by templates by its name.
 */
export interface PluginQuestion extends QuestionData, WizardFields {
  choices?: { value: string; label?: string }[];
  default: AnswerValue;
  /** input only: the answer is a comma-separated list of these values (none is a valid list). */
  items?: string[];
  /** The defaults of the plugin's questions (set when the catalog is loaded): what a wizard pattern's `{question}` is before it is answered. */
  siblingDefaults?: Answers;
}

/**
 * A table that holds personal data or secrets, and what pulling production into a
 * developer's database does with it (the generated workflow/anonymizers.py): `wipe`
 * deletes every row, `fields` replaces each named field with a kind of value (see
 * replacementKinds).
 */
export interface PersonalData {
  /** The model's label, `app_label.ModelName`. */
  model: string;
  /** The table, as the database names it: the coverage test matches tables against it. */
  table: string;
  wipe?: boolean;
  fields?: Record<string, ReplacementKind>;
}

/** The replacements the generated anonymizer knows (workflow/anonymizers.py, REPLACEMENTS). */
export const replacementKinds = ['email', 'handle', 'blank', 'redacted', 'null', 'empty-json', 'unusable-password'] as const;
export type ReplacementKind = (typeof replacementKinds)[number];

/** The web sign-in pages: the URLconf under accounts/ and the URL names templates reverse. */
export interface WebSignIn {
  urls: string;
  login: string;
  logout: string;
  passwordReset: string;
  /** The sign-up page, where there is one. */
  signup?: string;
  /** The signed-in user's account page, where there is one. */
  account?: string;
}

export interface EnabledBy {
  question: string;
  /** The answers that switch the plugin on; adding it picks one (several: --<option> or a prompt). */
  values: AnswerValue[];
  /** The answer that switches it off (`plugin --remove`); see offValue for the fallback. */
  off?: AnswerValue;
}

export interface PluginManifest {
  name: string;
  summary: string;
  kind: 'integration' | 'df-module';
  enabledBy?: EnabledBy;
  requires: string[];
  /**
   * At least one of these plugins must be on (adding the plugin without any is refused);
   * those on come before it, so its settings section builds on theirs (social-signin: df-auth or allauth).
   */
  requiresOneOf?: string[];
  conflicts: string[];
  requirements: Partial<Record<Tier, string[]>>;
  /**
   * INSTALLED_APPS per group: `first` before django.contrib (daphne), `extensions` after it,
   * `localOnly` in local settings only (development tools).
   */
  installedApps: { first?: string[]; extensions?: string[]; localOnly?: string[] };
  settingsSection?: string;
  urls: { route: string; include: string; namespace?: string }[];
  env: EnvVar[];
  compose: Record<string, unknown>;
  ci: { services?: string[] };
  processes: { name: string; command: string; description: string }[];
  questions: PluginQuestion[];
  /**
   * Main answers that hold while the plugin is active, whatever was answered: Channels
   * needs an ASGI server (`asgi: true`). The recorded answer is kept, so removing the
   * plugin brings it back.
   */
  implies?: Answers;
  /** Channels websocket routes: modules with `websocket_urlpatterns`, and the auth middleware stack. */
  websocket?: { routes?: string[]; authMiddleware?: string };
  /**
   * Why the plugin's modules import django.contrib.admin's models even where the admin is
   * not served: the web and api deployments then keep the admin app installed (no URLs).
   */
  importsAdmin?: string;
  /**
   * Why the plugin is not offered (its real requirements cannot be installed beside the
   * project's): adding it is refused with this reason, and `plugin --list` shows it. A
   * record that still names it (an older generator's) is refused until it is removed.
   */
  unavailable?: string;
  /** The project's apps get an API (their drf/ templates): at most one plugin serves it. */
  appApi?: boolean;
  /** AUTHENTICATION_BACKENDS the plugin adds after Django's ModelBackend (config/sections/auth.py). */
  authenticationBackends: string[];
  /** The plugin's tables that hold personal data or secrets: the anonymizer's data. */
  personalData: PersonalData[];
  /** The plugin serves web sign-in instead of the project's own pages (at most one does). */
  webSignIn?: WebSignIn;
  /** Apps the plugin's files add under src/apps/: listed in LOCAL_APPS and first-party like the starter apps. */
  localApps?: string[];
  /** The module (`NAME`, `configured()`, `check()`) through which `manage.py integrations` asks the provider (integration-checks plugin). */
  integrationCheck?: string;
  /** Lines printed after the plugin was added: what a provider's console needs (`{domain}` filled in), what to run. */
  next?: NextLine[];
  /** Absolute path of the plugin's folder. */
  dir: string;
}

/**
 * A next line, or one printed only while another plugin is on (`with`) and while an item-set
 * answer of the plugin holds an item (`item: { socialProviders: google }`).
 */
export type NextLine = string | { line: string; with?: string; item?: Record<string, string> };

/** Every plugin of the template set, by name. */
export type Catalog = Map<string, PluginManifest>;

const listFields = ['requires', 'requiresOneOf', 'conflicts', 'urls', 'env', 'processes', 'questions', 'authenticationBackends', 'personalData'] as const;

/** The problems of one manifest, empty when it is valid. */
export function manifestProblems(raw: unknown, folderName: string): string[] {
  const problems: string[] = [];
  if (!raw || typeof raw !== 'object') return [`${folderName}/plugin.yaml is not a mapping`];
  const m = raw as Record<string, unknown>;
  if (m.name !== folderName) problems.push(`name must equal the folder name "${folderName}"`);
  if (typeof m.summary !== 'string' || m.summary.includes('\n') || m.summary.length > 100) {
    problems.push('summary must be one line of at most 100 characters');
  }
  if (m.kind !== 'integration' && m.kind !== 'df-module') problems.push('kind must be integration or df-module');
  for (const field of ['unavailable', 'importsAdmin'] as const) {
    const reason = m[field];
    if (reason !== undefined && (typeof reason !== 'string' || !reason.trim() || reason.includes('\n'))) {
      problems.push(`${field} must be the reason, one line of text`);
    }
  }
  if (m.appApi !== undefined && typeof m.appApi !== 'boolean') problems.push('appApi must be true or false');
  if (m.integrationCheck !== undefined && !dottedName.test(String(m.integrationCheck))) problems.push('integrationCheck must be a dotted module name');
  if (m.integrationCheck !== undefined && !(m.requires as unknown[] | undefined)?.includes('integration-checks')) problems.push('integrationCheck needs requires: [integration-checks]');
  if (m.next !== undefined && (!Array.isArray(m.next) || m.next.some((line) => typeof line !== 'string' && typeof (line as { line?: unknown })?.line !== 'string'))) {
    problems.push('next must be a list of lines (or { line, with, item })');
  }
  for (const field of listFields) {
    if (m[field] !== undefined && !Array.isArray(m[field])) problems.push(`${field} must be a list`);
  }
  problems.push(...settingProblems(m.env));
  const enabledBy = m.enabledBy as Record<string, unknown> | undefined;
  if (enabledBy && (typeof enabledBy.question !== 'string' || !Array.isArray(enabledBy.values))) {
    problems.push('enabledBy needs a question and a list of values');
  } else if (enabledBy) {
    problems.push(...enabledByProblems(enabledBy as unknown as EnabledBy));
  }
  problems.push(...appProblems(m.installedApps), ...tierProblems(m.requirements), ...impliesProblems(m.implies));
  problems.push(...personalDataProblems(m.personalData));
  const questionList = (Array.isArray(m.questions) ? m.questions : []) as Record<string, unknown>[];
  const envNames = ((Array.isArray(m.env) ? m.env : []) as Record<string, unknown>[]).map((env) => String(env?.name));
  for (const question of questionList) {
    problems.push(...pluginQuestionProblems(question), ...wizardFieldProblems(question, envNames, questionList.map((q) => String(q?.name))));
  }
  return problems.map((p) => `plugin ${folderName}: ${p}`);
}

const dottedName = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const appGroups = ['first', 'extensions', 'localOnly'];

function appProblems(raw: unknown): string[] {
  if (raw === undefined) return [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return ['installedApps must be a mapping of groups'];
  return Object.entries(raw as Record<string, unknown>).flatMap(([group, apps]) => {
    if (!appGroups.includes(group)) return [`installedApps.${group} is not a group (${appGroups.join(', ')})`];
    if (!Array.isArray(apps)) return [`installedApps.${group} must be a list`];
    return apps.filter((app) => !dottedName.test(String(app))).map((app) => `app "${String(app)}" is not a dotted module name`);
  });
}

/** The problems of a list of personal-data declarations (a manifest's or core.yaml's). */
export function personalDataProblems(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return (raw as Record<string, unknown>[]).flatMap((entry) => {
    const label = String(entry?.model);
    const problems: string[] = [];
    if (!/^[a-z_][a-z0-9_]*\.[A-Z][A-Za-z0-9]*$/.test(label)) problems.push(`personalData model "${label}" is not app_label.ModelName`);
    if (typeof entry?.table !== 'string' || !/^[a-z_][a-z0-9_]*$/.test(entry.table)) problems.push(`personalData ${label}: table must be a table name`);
    const fields = entry?.fields as Record<string, unknown> | undefined;
    if (Boolean(entry?.wipe) === Boolean(fields)) problems.push(`personalData ${label}: give either wipe: true or fields`);
    for (const [name, kind] of Object.entries(fields ?? {})) {
      if (!replacementKinds.includes(kind as ReplacementKind)) {
        problems.push(`personalData ${label}.${name}: "${String(kind)}" is not one of ${replacementKinds.join(', ')}`);
      }
    }
    return problems;
  });
}

function tierProblems(raw: unknown): string[] {
  if (raw === undefined) return [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return ['requirements must be a mapping of tiers'];
  return Object.entries(raw as Record<string, unknown>).flatMap(([tier, names]) => {
    if (!['base', 'local', 'production'].includes(tier)) return [`requirements.${tier} is not a tier (base, local, production)`];
    return Array.isArray(names) ? [] : [`requirements.${tier} must be a list`];
  });
}

/** Whether `value` is one of the question's answers (yes/no or a choice). */
function answerAllowed(question: Question, value: AnswerValue): boolean {
  if (question.type === 'confirm') return typeof value === 'boolean';
  return Boolean((question.items ?? question.choices)?.some((c) => c.value === value));
}

function impliesProblems(raw: unknown): string[] {
  if (raw === undefined) return [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return ['implies must be a mapping of main answers'];
  return Object.entries(raw as Record<string, AnswerValue>).flatMap(([name, value]) => {
    const question = findQuestion(name);
    if (!question) return [`implies names an unknown question "${name}"`];
    return answerAllowed(question, value) ? [] : [`implies ${name}: ${String(value)} is not an answer of ${name}`];
  });
}

function enabledByProblems(enabledBy: EnabledBy): string[] {
  const question = findQuestion(enabledBy.question);
  if (!question) return [`enabledBy names an unknown question "${enabledBy.question}"`];
  const allowed = (value: AnswerValue) => answerAllowed(question, value);
  const problems = enabledBy.values.filter((v) => !allowed(v)).map((v) => `enabledBy value ${String(v)} is not an answer of ${question.name}`);
  if (enabledBy.off !== undefined && (!allowed(enabledBy.off) || enabledBy.values.includes(enabledBy.off))) {
    problems.push(`enabledBy.off ${String(enabledBy.off)} must be an answer of ${question.name} that is not in values`);
  }
  return problems;
}

function pluginQuestionProblems(q: Record<string, unknown>): string[] {
  const name = String(q?.name);
  const problems: string[] = [];
  if (!/^[a-z][A-Za-z0-9]*$/.test(name)) problems.push(`question name "${name}" is not camelCase`);
  if (findQuestion(name)) problems.push(`question ${name} clashes with a main question`);
  if (!['input', 'list', 'confirm'].includes(String(q.type))) problems.push(`question ${name}: type must be input, list or confirm`);
  if (typeof q.message !== 'string' || typeof q.description !== 'string') problems.push(`question ${name} needs a message and a description`);
  if (q.default === undefined) problems.push(`question ${name} needs a default`);
  if (q.type === 'list' && !Array.isArray(q.choices)) problems.push(`question ${name}: a list needs choices`);
  if (q.items !== undefined && (q.type !== 'input' || !Array.isArray(q.items))) problems.push(`question ${name}: items needs an input question and a list`);
  if (q.pattern !== undefined) {
    try {
      new RegExp(String(q.pattern));
    } catch {
      problems.push(`question ${name}: pattern is not a regular expression`);
    }
  }
  return problems;
}

/** A wizard step names a setting the plugin declares, and only questions of the plugin in its pattern. */
function wizardFieldProblems(q: Record<string, unknown>, envNames: string[], questionNames: string[]): string[] {
  const name = String(q?.name);
  const problems: string[] = [];
  if (q.setting !== undefined && !envNames.includes(String(q.setting))) problems.push(`question ${name}: setting ${String(q.setting)} is not one of the plugin's env`);
  if ((q.json !== undefined || q.setting !== undefined) && q.type !== 'input') problems.push(`question ${name}: a setting's question is an input`);
  if (q.json !== undefined && (!Array.isArray(q.json) || !q.setting)) problems.push(`question ${name}: json needs a setting and a list of keys`);
  if (q.pem !== undefined && (!/^[A-Z][A-Z ]*[A-Z]$/.test(String(q.pem)) || !q.setting)) problems.push(`question ${name}: pem needs a setting and a PEM label (PRIVATE KEY)`);
  for (const other of [...namedAnswers(q.pattern as string | undefined), ...namedAnswers(q.patternHint as string | undefined)]) {
    if (!questionNames.includes(other) || other === name) problems.push(`question ${name}: {${other}} is not another question of the plugin`);
  }
  return problems;
}

/** A manifest question as an entry of the question table (prompt, option, validation). */
export function pluginQuestion(q: PluginQuestion): Question {
  if (q.setting) {
    return {
      name: q.name,
      type: 'input',
      message: q.message,
      description: q.description,
      default: q.default,
      secret: true,
      // A pattern naming an answer not given yet uses that question's default.
      validate: (value, answers) => wizardProblem(q, `--${optionName(q)}`, value, { ...q.siblingDefaults, ...answers }),
    };
  }
  const pattern = q.pattern === undefined ? undefined : filledPattern(q.pattern, {});
  if (q.items) return { ...pluginQuestion({ ...q, items: undefined }), validate: (value) => itemsProblem(q, value) };
  return {
    name: q.name,
    type: q.type,
    message: q.message,
    description: q.description,
    choices: q.choices?.map((c) => ({ value: c.value, label: c.label ?? c.value })),
    default: q.default,
    validate: pattern
      ? (value) => (pattern.test(value) ? null : `--${optionName(q)} ${quoted(value)} is not valid${q.patternHint ? `: ${q.patternHint}` : ''}`)
      : undefined,
  };
}

export { answerItems };

function itemsProblem(q: PluginQuestion, value: string): string | null {
  const items = answerItems(value);
  const unknown = items.filter((item) => !q.items!.includes(item));
  const flag = `--${optionName(q)}`;
  if (unknown.length) return `${flag} ${quoted(unknown.join(','))} is not valid: choose from ${q.items!.join(', ')} (comma-separated)`;
  const repeated = items.find((item, index) => items.indexOf(item) !== index);
  return repeated ? `${flag} names ${quoted(repeated)} twice` : null;
}

/**
 * The answer that switches an answer-enabled plugin off: its manifest's `off`; otherwise the
 * question's default when that leaves the plugin off, else "no" for a yes/no question or
 * the first choice that does not enable it. An item-set question (`api`): the set `answer`
 * without the plugin's items.
 */
export function offValue(plugin: PluginManifest, answer?: AnswerValue): AnswerValue | undefined {
  const enabledBy = plugin.enabledBy;
  if (!enabledBy) return undefined;
  if (enabledBy.off !== undefined) return enabledBy.off;
  const question = findQuestion(enabledBy.question);
  if (!question) return undefined;
  if (question.items) return answerWithItems(question, answer, enabledBy.values, false);
  const fallback = typeof question.default === 'function' ? undefined : defaultFor(question, {});
  if (fallback !== undefined && !enabledBy.values.includes(fallback)) return fallback;
  if (question.type === 'confirm') return !enabledBy.values.includes(false) ? false : true;
  return question.choices?.find((c) => !enabledBy.values.includes(c.value))?.value;
}

export function loadCatalog(templates: string): Catalog {
  const root = join(templates, 'plugins');
  const catalog: Catalog = new Map();
  if (!existsSync(root)) return catalog;
  for (const name of readdirSync(root).sort()) {
    const file = join(root, name, 'plugin.yaml');
    if (!existsSync(file)) continue;
    const raw = readYamlFile(file);
    const problems = manifestProblems(raw, name);
    if (problems.length) throw new Error(problems.join('\n'));
    catalog.set(name, {
      requires: [],
      conflicts: [],
      requirements: {},
      installedApps: {},
      urls: [],
      env: [],
      compose: {},
      ci: {},
      processes: [],
      authenticationBackends: [],
      personalData: [],
      ...raw,
      questions: withSiblingDefaults((raw as { questions?: PluginQuestion[] }).questions ?? []),
      dir: join(root, name),
    });
  }
  return catalog;
}

function withSiblingDefaults(questions: PluginQuestion[]): PluginQuestion[] {
  const defaults: Answers = Object.fromEntries(questions.map((q) => [q.name, q.default]));
  return questions.map((q) => (q.setting ? { ...q, siblingDefaults: defaults } : q));
}

/** Plugins switched on by the answers of the main questions. */
export function pluginsFromAnswers(catalog: Catalog, answers: Answers): string[] {
  return [...catalog.values()]
    .filter((p) => p.enabledBy && p.enabledBy.values.some((value) => answerHolds(findQuestion(p.enabledBy!.question), answers[p.enabledBy!.question], value)))
    .map((p) => p.name);
}

/**
 * The active plugins in dependency order (requirements first): the explicit ones, those the
 * answers enable, and everything they require. Unknown names and conflicts are refused, and
 * plugins not offered unless `keepUnavailable` (a record read, never a render).
 */
export function resolvePlugins(catalog: Catalog, wanted: string[], keepUnavailable = false): PluginManifest[] {
  const ordered: PluginManifest[] = [];
  const visiting = new Set<string>();
  const visit = (name: string, neededBy?: string) => {
    const plugin = catalog.get(name);
    if (!plugin) {
      const suffix = neededBy ? ` (required by ${neededBy})` : '';
      throw new UserError(`unknown plugin "${name}"${suffix}; see: djangoflow plugin --list`);
    }
    if (ordered.includes(plugin) || visiting.has(name)) return;
    if (plugin.unavailable && !keepUnavailable) {
      const suffix = neededBy ? ` (required by ${neededBy})` : '';
      throw new UserError(`plugin ${name}${suffix} is not offered: ${plugin.unavailable}`);
    }
    visiting.add(name);
    for (const dependency of plugin.requires) visit(dependency, name);
    ordered.push(plugin);
  };
  for (const name of wanted) visit(name);
  const onePlugins = ordered.filter((plugin) => plugin.requiresOneOf?.length);
  for (const plugin of onePlugins) {
    const names = plugin.requiresOneOf!;
    if (!names.some((name) => ordered.some((other) => other.name === name))) {
      throw new UserError(`${plugin.name} needs one of ${names.join(', ')} on (djangoflow plugin <one of them>)`);
    }
  }
  // Those of requiresOneOf that are on come first: their settings sections are imported before.
  if (onePlugins.length) {
    const on = new Set(ordered.map((plugin) => plugin.name));
    const order = (plugin: PluginManifest, seen: Set<string>): string[] =>
      seen.has(plugin.name)
        ? []
        : (seen.add(plugin.name),
          [...[...plugin.requires, ...(plugin.requiresOneOf ?? [])].filter((name) => on.has(name)).flatMap((name) => order(catalog.get(name)!, seen)), plugin.name]);
    const seen = new Set<string>();
    const names = ordered.flatMap((plugin) => order(plugin, seen));
    ordered.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
  }
  for (const plugin of ordered) {
    const clash = ordered.find((other) => plugin.conflicts.includes(other.name));
    if (clash) throw new UserError(`plugin ${plugin.name} conflicts with ${clash.name}; remove one of them`);
  }
  return ordered;
}

/**
 * The plugins a recorded state has on, those no longer offered included: what a project on
 * disk holds (to take one out, to list it), never what is rendered (`activePlugins`).
 */
export function recordedPlugins(catalog: Catalog, state: Pick<ProjectState, 'answers' | 'plugins'>): PluginManifest[] {
  return resolvePlugins(catalog, [...new Set([...pluginsFromAnswers(catalog, state.answers), ...state.plugins])], true);
}

/** Resolved once per state object: a plugin run asks about the same states several times. */
const resolved = new WeakMap<Catalog, WeakMap<Pick<ProjectState, 'answers' | 'plugins'>, PluginManifest[]>>();

/**
 * The plugins active in a state: those its answers enable, those it records explicitly,
 * and what they require, in dependency order. The only place that decides it.
 */
export function activePlugins(catalog: Catalog, state: Pick<ProjectState, 'answers' | 'plugins'>): PluginManifest[] {
  let byState = resolved.get(catalog);
  if (!byState) resolved.set(catalog, (byState = new WeakMap()));
  let active = byState.get(state);
  if (!active) {
    active = resolvePlugins(catalog, [...new Set([...pluginsFromAnswers(catalog, state.answers), ...state.plugins])]);
    byState.set(state, active);
  }
  return active;
}
