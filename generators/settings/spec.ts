/** `djangoflow settings`'s spec: list the settings table per environment; --check for CI. */
import type { CommandSpec, OptionsOf, OptionSpec } from '../../lib/run/command.js';
import { exitCodes } from '../../lib/run/exit-codes.js';
import { commonOptionsAs } from '../options.js';

const options = [
  {
    name: 'environment',
    type: 'string',
    valueName: 'name',
    description: 'Only this environment: local, staging or production (default: all three)',
  },
  {
    name: 'from',
    type: 'string',
    valueName: 'file',
    description: 'Read the values of --environment from this file (default: .env for local; other environments are not read)',
  },
  { name: 'all', type: 'boolean', description: 'List the optional settings too, not only the required ones' },
  {
    name: 'check',
    type: 'boolean',
    description: `Exit ${exitCodes.error} when a required setting of an environment whose values were read is missing (for CI)`,
  },
  // Accepted as by every command (scripts pass them everywhere); settings only reads.
  ...commonOptionsAs({
    defaults: 'Accepted as by every command; settings asks nothing',
    force: 'Accepted as by every command; settings writes nothing',
    'dry-run': 'Accepted as by every command; settings writes nothing',
    verbose: 'Accepted as by every command; the list is complete already (--all adds the optional settings)',
  }),
] as const satisfies readonly OptionSpec[];
export type SettingsOptions = OptionsOf<typeof options>;

export const settingsSpec: CommandSpec<typeof options> = {
  name: 'settings',
  usage: 'djangoflow settings [--environment <name>] [--from <file>] [--all] [--check]',
  summary: 'List the settings each environment needs (names only, never values) and which are missing',
  options,
  load: () => import('./command.js'),
};
