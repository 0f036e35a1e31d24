/**
 * `djangoflow upgrade`: the recorded answers under the current generator version. Only
 * questions the new version added (the main table's, and those of the plugins the project has
 * on) are answered: by their options (`--timezone UTC`), by the prompt, or (--defaults) by
 * their defaults.
 */
import type { CommandInput } from '../../lib/run/command.js';
import { UserError } from '../../lib/input/errors.js';
import { quoted } from '../../lib/input/text.js';
import { exitCodes } from '../../lib/run/exit-codes.js';
import { reconcileProject } from '../../lib/run/pipeline.js';
import { openProject } from '../../lib/record/project-state.js';
import { upgradeNext, upgradeQuestions } from '../../lib/record/upgrade-next.js';
import { givenAnswers, reconcileMode } from '../options.js';
import type { UpgradeOptions } from './spec.js';

export async function run(input: CommandInput<UpgradeOptions>): Promise<number> {
  if (input.positionals.length) throw new UserError(`unexpected argument ${quoted(input.positionals[0]!)}`);
  const project = openProject(input.cwd, input.templates);
  const next = await upgradeNext(project.previous, input.templates, { given: givenAnswers(input.values, upgradeQuestions(input.templates.catalog)), useDefaults: Boolean(input.options.defaults), prompter: input.prompter });
  const code = await reconcileProject(project, next, input.templates, reconcileMode(input.options), input.out);
  if (input.options.check && code === exitCodes.changesPending) input.out('out of date: `djangoflow upgrade` would change the files above');
  else if (input.options.check && code === exitCodes.done) input.out('up to date');
  return code;
}
