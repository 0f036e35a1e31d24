/**
 * Plugins are declarative manifests (templates/plugins/<name>/plugin.yaml) plus the
 * templates in their files/ folder. A main-generator question that covers a plugin names it
 * in `enabledBy`, so the question and the plugin are one implementation. This module is the
 * manifest's shape; the folder's other modules check it (check.ts), load the catalog
 * (catalog.ts), turn its questions into the table's (questions.ts) and decide which plugins
 * are on (active.ts).
 */
import { type Answers, type AnswerValue, type QuestionData } from '../questions/question.js';
import { type Environment, type SettingKind } from '../settings/table.js';
import { type WizardFields } from '../settings/wizard.js';

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

/** A main answer a plugin cannot run with, and why (one line). */
export interface RefusedAnswer {
  question: string;
  values: AnswerValue[];
  reason: string;
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
  /** Main answers the plugin cannot run with: a state about to be written with it on and one of them is refused (refuseAnswers, active.ts). */
  refusedAnswers?: RefusedAnswer[];
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
  /** The plugin's API names the fields in camelCase (strawberry's): two fields of a model that read alike there are refused. */
  camelCaseFields?: boolean;
  /** Field names the plugin's generated code cannot carry, and why (reserved-fields.ts). */
  reservedFieldNames?: { names: string[]; reason: string };
  /** A DF module's API path (its DFMeta.api_path): df-api-drf mounts it at api/<namespace>/<dfApiPath>. */
  dfApiPath?: string;
  /**
   * AUTHENTICATION_BACKENDS the plugin adds after Django's ModelBackend (config/sections/auth.py,
   * the one list: a section that re-assigned it from auth's would drop another section's).
   */
  authenticationBackends: BackendEntry[];
  /** The plugin's tables that hold personal data or secrets: the anonymizer's data. */
  personalData: PersonalData[];
  /** The plugin serves web sign-in instead of the project's own pages (at most one does). */
  webSignIn?: WebSignIn;
  /** Apps the plugin's files add under src/apps/: listed in LOCAL_APPS and first-party like the starter apps. */
  localApps?: string[];
  /** The module (`NAME`, `configured()`, `check()`) through which `manage.py integrations` asks the provider (integration-checks plugin). */
  integrationCheck?: string;
  /** Lines printed after the plugin was added: what a provider's console needs (`{domain}` and other recorded answers filled in), what to run. */
  next?: NextLine[];
  /** Absolute path of the plugin's folder. */
  dir: string;
}

/**
 * What makes a manifest entry apply: another plugin on (`with`), and an item-set answer of
 * the plugin holding an item (`item: { socialProviders: google }`). Checked by
 * conditionHolds (active.ts).
 */
export interface PluginCondition {
  with?: string;
  item?: Record<string, string>;
}

/** A next line, or one printed only while its condition holds. */
export type NextLine = string | ({ line: string } & PluginCondition);

/** An AUTHENTICATION_BACKENDS entry, or one added only while its condition holds (df-auth's SMS backend with twilio). */
export type BackendEntry = string | ({ backend: string } & PluginCondition);

/** Every plugin of the template set, by name. */
export type Catalog = Map<string, PluginManifest>;
