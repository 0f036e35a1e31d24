import type { Prompter } from '../answers.js';
import type { OptionSpec, OptionValues } from './args.js';
import { pluginCommandOptions } from '../../generators/plugin/options.js';
import { commonOptions, questionOptions } from './options.js';

/** What a command gets from the bin or from its Yeoman generator. */
export interface CommandContext {
  cwd: string;
  positionals: string[];
  values: OptionValues;
  out: (line: string) => void;
  /** Absent when nobody can answer (no TTY): unanswered questions are then an error. */
  prompter?: Prompter;
}

export interface CommandModule {
  run(context: CommandContext): Promise<number>;
}

export interface PositionalSpec {
  name: string;
  description: string;
}

export interface CommandSpec {
  /** '' is the main generator (`djangoflow [options]`). */
  name: string;
  usage: string;
  summary: string;
  positionals?: PositionalSpec[];
  options: OptionSpec[];
  /** Loaded on demand, so a command imports only what it needs. */
  load: () => Promise<CommandModule>;
}

export const commands: CommandSpec[] = [
  {
    name: '',
    usage: 'djangoflow [options]',
    summary: 'Generate a DF Django project here, or regenerate it with changed answers (reconciled by 3-way merge)',
    options: [...questionOptions, ...commonOptions],
    load: () => import('../../generators/app/command.js'),
  },
  {
    name: 'upgrade',
    usage: 'djangoflow upgrade [options]',
    summary: 'Reconcile the project with this generator version, keeping your edits',
    options: [
      {
        name: 'check',
        type: 'boolean',
        description: 'Exit 0 when up to date, 2 when an upgrade would change files, 3 while conflicts are unresolved, 1 on error; write nothing (for CI)',
      },
      ...commonOptions,
    ],
    load: () => import('../../generators/upgrade/command.js'),
  },
  {
    name: 'plugin',
    usage: 'djangoflow plugin <name> [options] | --remove <name> | --list',
    summary: 'Add a plugin (DF module or integration) to the project, take one out again, or list the catalog',
    positionals: [{ name: 'name', description: 'The plugin to add or remove (see --list)' }],
    // From the catalog, read when first asked for: options of plugin questions are data.
    get options() {
      return pluginCommandOptions();
    },
    load: () => import('../../generators/plugin/command.js'),
  },
  {
    name: 'startapp',
    usage: 'djangoflow startapp <name> [--model Post title:str author:fk=users.User ...] [options]',
    summary: 'Add a Django app in src/apps/, registered, mounted, tested (and in the API when DRF is on)',
    positionals: [{ name: 'name', description: 'The app: a lowercase python identifier (blog, order_items)' }],
    options: [
      {
        name: 'model',
        type: 'string',
        repeatable: true,
        variadic: true,
        valueName: 'Model field:type ...',
        description:
          'A model and its fields, name:type[=target]; types: str text int decimal bool date datetime email url slug json fk=app.Model m2m=app.Model',
      },
      ...commonOptions.filter((option) => option.name !== 'defaults'),
    ],
    load: () => import('../../generators/startapp/command.js'),
  },
];

export function findCommand(name: string): CommandSpec | undefined {
  return commands.find((command) => command.name === name);
}
