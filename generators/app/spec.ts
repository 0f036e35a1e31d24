/** The main command's spec: `djangoflow [options]`, one option per question of the table. */
import type { CommandSpec, OptionsOf, OptionSpec } from '../../lib/run/command.js';
import { questions } from '../../lib/questions/table.js';
import { commonOptions, questionOption } from '../options.js';

const options = [
  {
    name: 'ask',
    type: 'string',
    repeatable: true,
    valueName: 'question',
    description: 'Ask an answered question again, its answer on record the default (--ask database); needs a terminal',
  },
  ...commonOptions,
] as const satisfies readonly OptionSpec[];
export type AppOptions = OptionsOf<typeof options>;

export const appSpec: CommandSpec<typeof options> = {
  name: '',
  usage: 'djangoflow [options]',
  summary: 'Generate a DF Django project here, or regenerate it with changed answers (reconciled by 3-way merge)',
  options,
  dataOptions: () => questions.map((question) => questionOption(question)),
  load: () => import('./command.js'),
};
