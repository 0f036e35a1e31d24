import { resolveAnswers } from '../../lib/answers.js';
import type { CommandContext } from '../../lib/cli/commands.js';
import { UserError } from '../../lib/errors.js';
import { loadProject, modeFrom, reconcileProject, stateFor } from '../../lib/project.js';

/**
 * `djangoflow upgrade`: the recorded answers under the current generator version. Only
 * questions the new version added are asked (--defaults takes their defaults).
 */
export async function run(context: CommandContext): Promise<number> {
  if (context.positionals.length) throw new UserError(`unexpected argument "${context.positionals[0]}"`);
  const previous = loadProject(context.cwd);
  const answers = await resolveAnswers({
    given: {},
    recorded: previous.answers,
    useDefaults: Boolean(context.values.defaults),
    prompter: context.prompter,
  });
  return reconcileProject(context.cwd, previous, stateFor(answers, previous), modeFrom(context), context.out);
}
