/**
 * What an environment needs of the settings table and what it lacks: every setting with
 * whether it is required there and, where values were read (the local .env, or a file
 * given for another environment), whether it is set. Names only: no value is ever returned.
 */
import { type Environment, type Setting, variables } from './table.js';

export type Presence = 'set' | 'missing' | 'not read';

export interface SettingStatus {
  name: string;
  kind: Setting['kind'];
  owner: string;
  required: boolean;
  presence: Presence;
}

export interface EnvironmentStatus {
  environment: Environment;
  /** Where values were read from (a file), or undefined when none were. */
  source?: string;
  settings: SettingStatus[];
  /** Required settings without a value (only when values were read). */
  missing: string[];
}

/** The status of one environment; `values` are the names that have a non-empty value, when read. */
export function environmentStatus(table: Setting[], environment: Environment, values?: { source: string; set: ReadonlySet<string> }): EnvironmentStatus {
  const settings = variables(table).map((setting): SettingStatus => {
    const required = setting.requiredIn.includes(environment);
    const presence: Presence = !values ? 'not read' : values.set.has(setting.name) ? 'set' : 'missing';
    return { name: setting.name, kind: setting.kind, owner: setting.owner, required, presence };
  });
  const missing = values ? settings.filter((s) => s.required && s.presence === 'missing').map((s) => s.name) : [];
  return { environment, source: values?.source, settings, missing };
}

/** The report's lines: per environment its required settings, then the optional ones that are set or not. */
export function statusLines(status: EnvironmentStatus, all: boolean): string[] {
  const width = Math.max(0, ...status.settings.map((s) => s.name.length));
  const required = status.settings.filter((s) => s.required);
  const shown = all ? status.settings : required;
  const read = status.source ? `values read from ${status.source}` : 'values not read (--from <file> checks them)';
  const head = `${status.environment}: ${required.length} required, ${status.missing.length} missing; ${read}`;
  const row = (s: SettingStatus) =>
    `  ${s.name.padEnd(width)}  ${s.kind.padEnd(11)}  ${(s.required ? 'required' : 'optional').padEnd(8)}  ${(!s.required && s.presence === 'missing' ? 'unset' : s.presence).padEnd(8)}  ${s.owner}`.trimEnd();
  return [head, ...shown.map(row)];
}
