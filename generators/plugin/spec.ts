/**
 * `djangoflow plugin`'s spec: --list and --remove of its own, and one option per question
 * the catalog's plugins ask (read from the template set: options of plugin questions are data).
 */
import type { CommandSpec, OptionsOf, OptionSpec } from '../../lib/run/command.js';
import { projectOptions, questionOption } from '../options.js';
import { pluginOptions } from './options.js';

const options = [
  { name: 'list', type: 'boolean', description: 'Show the catalog: each plugin, whether it is installed, its dependencies' },
  { name: 'remove', type: 'boolean', description: 'Take the plugin out again (refused while another plugin requires it)' },
  ...projectOptions,
] as const satisfies readonly OptionSpec[];
export type PluginOptions = OptionsOf<typeof options>;

export const pluginSpec: CommandSpec<typeof options> = {
  name: 'plugin',
  usage: 'djangoflow plugin <name>... [options] | --remove <name>... | --list',
  summary: "Add a plugin (DF module or integration) to the project, change the answers of one it has, take one out again, or list the catalog",
  positionals: [{ name: 'name', description: 'The plugins to add, configure (given their options) or remove, one or more (see --list)' }],
  options,
  dataOptions: (templates) => pluginOptions(templates.catalog).map(({ question, owners }) => questionOption(question, owners)),
  load: () => import('./command.js'),
};
