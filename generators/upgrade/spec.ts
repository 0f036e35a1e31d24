/**
 * `djangoflow upgrade`'s spec: reconcile with this generator version; --check for CI; one
 * option per question (the main table's and the plugins'), taken only for a question the
 * record has no answer for yet.
 */
import type { CommandSpec, OptionsOf, OptionSpec } from '../../lib/run/command.js';
import { exitCodes } from '../../lib/run/exit-codes.js';
import { upgradeQuestions } from '../../lib/record/upgrade-next.js';
import { projectOptions, questionOption } from '../options.js';

const options = [
  {
    name: 'check',
    type: 'boolean',
    description: `Exit ${exitCodes.done} when up to date, ${exitCodes.changesPending} when an upgrade would change files, ${exitCodes.conflicts} while conflicts are unresolved, ${exitCodes.error} on error; write nothing (for CI)`,
  },
  ...projectOptions,
] as const satisfies readonly OptionSpec[];
export type UpgradeOptions = OptionsOf<typeof options>;

export const upgradeSpec: CommandSpec<typeof options> = {
  name: 'upgrade',
  usage: 'djangoflow upgrade [options]',
  summary: 'Reconcile the project with this generator version, keeping your edits',
  options,
  dataOptions: (templates) =>
    upgradeQuestions(templates.catalog).map((question) => ({ ...questionOption(question), description: `New question only: ${questionOption(question).description}` })),
  load: () => import('./command.js'),
};
