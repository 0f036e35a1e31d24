/** The main command's spec: `djangoflow [options]`, one option per question of the table. */
import type { CommandSpec, OptionsOf } from '../../lib/command.js';
import { questions } from '../../lib/questions.js';
import { commonOptions, questionOption } from '../options.js';

const options = commonOptions;
export type AppOptions = OptionsOf<typeof options>;

export const appSpec: CommandSpec<typeof options> = {
  name: '',
  usage: 'djangoflow [options]',
  summary: 'Generate a DF Django project here, or regenerate it with changed answers (reconciled by 3-way merge)',
  options,
  dataOptions: () => questions.map((question) => questionOption(question)),
  load: () => import('./command.js'),
};
