/** `djangoflow startapp`'s spec: the app name and its models (`--model Post title:str ...`). */
import type { CommandSpec, OptionsOf, OptionSpec } from '../../lib/run/command.js';
import { fieldTypes } from '../../lib/render/field-types.js';
import { projectOptions } from '../options.js';

const options = [
  {
    name: 'model',
    type: 'string',
    repeatable: true,
    variadic: true,
    valueName: 'Model field:type ...',
    description: `A model and its fields, name:type[=target]; types: ${Object.keys(fieldTypes)
      .map((type) => (fieldTypes[type]!.relation ? `${type}=app.Model` : type))
      .join(' ')}`,
  },
  { name: 'pages', type: 'boolean', description: 'HTML list, detail, create, edit and delete pages for each --model (as djangoflow model --pages)' },
  // Asks nothing: --defaults is accepted (scripts pass it to every command) and changes nothing.
  ...projectOptions,
] as const satisfies readonly OptionSpec[];
export type StartappOptions = OptionsOf<typeof options>;

export const startappSpec: CommandSpec<typeof options> = {
  name: 'startapp',
  usage: 'djangoflow startapp <name> [--model Post title:str author:fk=users.User ...] [--pages] [options]',
  summary: 'Add a Django app in src/apps/, registered, mounted, tested (and in the API when DRF is on)',
  positionals: [{ name: 'name', description: 'The app: a lowercase python identifier (blog, order_items)' }],
  options,
  load: () => import('./command.js'),
};
