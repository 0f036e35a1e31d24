/**
 * Settings as data: every setting a project has (core's env.yaml and core.yaml, each active
 * plugin's manifest) is declared once with its kind (`environment`, `secret`, `code`), a
 * description, an example and the environments that require it. This module is the one
 * table every consumer reads: `.env.example`, the Kubernetes ConfigMap and Secret example,
 * the README's settings table, CI's secret list and `djangoflow settings`.
 */
import type { EnvVar } from '../plugins/manifest.js';

/** The environments of a project, as config/environments.py names them. */
export const environments = ['local', 'staging', 'production'] as const;
export type Environment = (typeof environments)[number];

/**
 * `environment`: a variable whose value may be seen (ConfigMap); `secret`: a variable whose
 * value is never committed or stored (the Kubernetes Secret, .env only); `code`: a setting
 * fixed in the settings sections, listed for reference (no variable).
 */
export const settingKinds = ['environment', 'secret', 'code'] as const;
export type SettingKind = (typeof settingKinds)[number];

/** One row of the table: a declaration with its owner and its requirement per environment. */
export interface Setting extends EnvVar {
  kind: SettingKind;
  /** Where the setting is required: `required: production` stands for staging and production (one settings module). */
  requiredIn: Environment[];
  /** `core` or the plugin that declares it. */
  owner: string;
}

/**
 * The environments a declaration requires it in. `required: production` (the production
 * settings refuse to start without it) holds for staging too: both run config.settings.production.
 */
export function requiredIn(declared: Pick<EnvVar, 'required'>): Environment[] {
  const required = declared.required;
  if (required === undefined) return [];
  const list = typeof required === 'string' ? [required] : required;
  const set = new Set<Environment>(list.flatMap((env) => (env === 'production' ? (['staging', 'production'] as const) : [env])));
  return environments.filter((env) => set.has(env));
}

/** The problems of a list of setting declarations (`env:` of a manifest, core.yaml, env.yaml). */
export function settingProblems(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return (raw as Record<string, unknown>[]).flatMap((entry) => {
    const name = String(entry?.name);
    const problems: string[] = [];
    const code = entry?.kind === 'code';
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) problems.push(`setting name "${name}" is not UPPER_SNAKE`);
    if (typeof entry?.description !== 'string' || !entry.description) problems.push(`setting ${name} needs a description`);
    if (!settingKinds.includes(entry?.kind as SettingKind)) problems.push(`setting ${name}: kind must be one of ${settingKinds.join(', ')}`);
    if (code && typeof entry?.where !== 'string') problems.push(`setting ${name}: a code setting names the module it is set in (where)`);
    const required = entry?.required;
    const list = typeof required === 'string' ? [required] : Array.isArray(required) ? required : required === undefined ? [] : [null];
    if (list.some((env) => !environments.includes(env as Environment))) {
      problems.push(`setting ${name}: required must be production or a list of ${environments.join(', ')}`);
    } else if (Array.isArray(required) && list.includes('staging') !== list.includes('production')) {
      problems.push(`setting ${name}: staging and production run the same settings, so one is required where the other is`);
    }
    if (code && list.length) problems.push(`setting ${name}: a code setting is set in code, never required of an environment`);
    return problems;
  });
}

/** A declared setting with its example filled in for this project. */
export interface Declared {
  owner: string;
  settings: EnvVar[];
}

/**
 * The table: every declaration in order (core first, then plugins in dependency order),
 * the first one of a name winning, examples with `{placeholders}` filled in.
 */
export function settingsTable(declared: Declared[], fill: (example: string) => string): Setting[] {
  const rows: Setting[] = [];
  const seen = new Set<string>();
  for (const { owner, settings } of declared) {
    for (const setting of settings) {
      if (seen.has(setting.name)) continue;
      seen.add(setting.name);
      const example = fill(String(setting.example ?? ''));
      const required = requiredIn(setting);
      rows.push({
        ...setting,
        example,
        kind: setting.kind ?? 'environment',
        requiredIn: required,
        // What the production settings refuse to start without, as templates ask it.
        required: required.includes('production') ? 'production' : undefined,
        owner,
      });
    }
  }
  return rows;
}

/** The variables of the table: what .env, the ConfigMap and the Secret hold (code settings have none). */
export const variables = (table: Setting[]): Setting[] => table.filter((s) => s.kind !== 'code');

/** The secrets of the table: names only wherever they are shown. */
export const secrets = (table: Setting[]): Setting[] => table.filter((s) => s.kind === 'secret');
