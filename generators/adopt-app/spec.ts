/** `djangoflow adopt-app`'s spec: the name of an app made by hand under src/apps/. */
import type { CommandSpec, OptionsOf, OptionSpec } from '../../lib/run/command.js';
import { projectOptions } from '../options.js';

const options = [
  // Asks nothing: --defaults is accepted (scripts pass it to every command) and changes nothing.
  ...projectOptions,
] as const satisfies readonly OptionSpec[];
export type AdoptAppOptions = OptionsOf<typeof options>;

export const adoptAppSpec: CommandSpec<typeof options> = {
  name: 'adopt-app',
  usage: 'djangoflow adopt-app <name> [options]',
  summary: 'Record an app made by hand in src/apps/ without rewriting any of its files',
  positionals: [{ name: 'name', description: 'The app: a folder of src/apps/ with an apps.py, not recorded yet' }],
  options,
  load: () => import('./command.js'),
};
