import type { Prompter } from '../answers.js';
import type { OptionSpec, OptionValues } from './args.js';
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
        description: 'Exit 0 when up to date, 2 when an upgrade would change files, 1 on error; write nothing (for CI)',
      },
      ...commonOptions,
    ],
    load: () => import('../../generators/upgrade/command.js'),
  },
];

export function findCommand(name: string): CommandSpec | undefined {
  return commands.find((command) => command.name === name);
}
