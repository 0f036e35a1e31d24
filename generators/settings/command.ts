/**
 * `djangoflow settings`: the project's settings table per environment. Locally the values
 * are read from .env (or --from); another environment's only from a file given for it.
 * Only names and whether each is set are printed, never a value. Writes nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { CommandInput } from '../../lib/run/command.js';
import { UserError } from '../../lib/input/errors.js';
import { exitCodes } from '../../lib/run/exit-codes.js';
import { openProject } from '../../lib/record/project-state.js';
import { stateSettings } from '../../lib/render/context.js';
import { parseDotenv } from '../../lib/settings/dotenv.js';
import { type Environment, environments } from '../../lib/settings/table.js';
import { type EnvironmentStatus, environmentStatus, statusLines } from '../../lib/settings/status.js';
import { quoted } from '../../lib/input/text.js';
import type { SettingsOptions } from './spec.js';

export async function run(input: CommandInput<SettingsOptions>): Promise<number> {
  const { options } = input;
  if (input.positionals.length) throw new UserError(`unexpected argument ${quoted(input.positionals[0]!)} (settings takes options only)`);
  const only = options.environment;
  if (only !== undefined && !environments.includes(only as Environment)) {
    throw new UserError(`--environment ${quoted(only)} is not valid: choose from ${environments.join(', ')}`);
  }
  if (options.from !== undefined && only === undefined) throw new UserError('--from needs --environment: the environment its values are for');
  const { previous } = openProject(input.cwd, input.templates);
  const table = stateSettings(previous, input.templates);
  const chosen = only ? [only as Environment] : [...environments];
  const statuses = chosen.map((environment) => environmentStatus(table, environment, valuesFor(input.cwd, environment, options.from)));
  statuses.forEach((status, index) => {
    if (index) input.out('');
    statusLines(status, Boolean(options.all)).forEach((line) => input.out(line));
  });
  const missing = statuses.filter((status) => status.missing.length);
  if (!options.check) return exitCodes.done;
  if (!statuses.some((status) => status.source)) throw new UserError('--check has no values to check: .env is absent (or give --environment and --from)');
  missing.forEach((status) => input.out(missingLine(status)));
  return missing.length ? exitCodes.error : exitCodes.done;
}

function missingLine(status: EnvironmentStatus): string {
  return `missing in ${status.environment} (${status.source}): ${status.missing.join(', ')}`;
}

/** The names with a non-empty value: the local .env, or the file given for the chosen environment. */
function valuesFor(cwd: string, environment: Environment, fromFile: string | undefined): { source: string; set: ReadonlySet<string> } | undefined {
  const path = fromFile ?? (environment === 'local' ? '.env' : undefined);
  if (path === undefined) return undefined;
  const full = isAbsolute(path) ? path : join(cwd, path);
  if (!existsSync(full)) {
    if (fromFile !== undefined) throw new UserError(`--from ${quoted(fromFile)}: no such file`);
    return undefined;
  }
  const values = parseDotenv(readFileSync(full, 'utf8'));
  const set = new Set([...values].filter(([, value]) => value !== '').map(([name]) => name));
  const shown = isAbsolute(path) ? relative(cwd, full) || path : path;
  return { source: shown, set };
}
