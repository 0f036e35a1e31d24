/** `djangoflow model`'s spec: an app, a model and its fields, or a schema file (`--from`). */
import type { CommandSpec, OptionsOf, OptionSpec } from '../../lib/run/command.js';
import { fieldTypes } from '../../lib/render/field-types.js';
import { projectOptions } from '../options.js';

const options = [
  {
    name: 'remove-field',
    type: 'string',
    repeatable: true,
    valueName: 'NAME',
    description: 'Take a field out of the model (repeat for several)',
  },
  { name: 'remove', type: 'boolean', description: 'Take the model out of the app (refused while another model points at it)' },
  {
    name: 'pages',
    type: 'boolean',
    description: 'HTML list, detail, create, edit and delete pages for the model (sign-in required; recorded: --no-pages takes them out)',
  },
  { name: 'from', type: 'string', valueName: 'schema.yaml', description: 'Add the models and fields of a YAML schema file (app → Model → field: type)' },
  // Asks nothing: --defaults is accepted (scripts pass it to every command) and changes nothing.
  ...projectOptions,
] as const satisfies readonly OptionSpec[];
export type ModelOptions = OptionsOf<typeof options>;

export const modelSpec: CommandSpec<typeof options> = {
  name: 'model',
  usage: 'djangoflow model <app> <Model> [field:type[?][:modifier] ...] [--remove-field NAME] [--remove] [--pages] [options]',
  summary: 'Add a model to an app, or fields to a model (and take them out again), keeping your edits',
  positionals: [
    { name: 'app', description: 'An app djangoflow startapp made (apps made by hand are refused)' },
    { name: 'Model', description: 'The model, CapWords (BlogPost); created when the app lacks it' },
    {
      name: 'fields',
      description: `Fields to add: name:type, name:type? (optional), name:str:120, :unique, :index, :default=VALUE; types: ${Object.keys(
        fieldTypes,
      )
        .map((type) => (fieldTypes[type]!.relation ? `${type}=app.Model` : fieldTypes[type]!.choices ? `${type}=a,b` : type))
        .join(' ')}`,
    },
  ],
  options,
  load: () => import('./command.js'),
};
