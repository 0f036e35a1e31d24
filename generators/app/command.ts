import { resolveAnswers } from '../../lib/answers.js';
import type { CommandContext } from '../../lib/cli/commands.js';
import { givenAnswers } from '../../lib/cli/options.js';
import { UserError } from '../../lib/errors.js';
import { isEmptyFolder, migrateState, modeFrom, reconcileProject, stateFor } from '../../lib/project.js';
import { loadPristine } from '../../lib/reconcile/index.js';
import { rcFile, readState } from '../../lib/state.js';

/**
 * The main generator: a new project in an empty folder, or the existing project
 * regenerated with changed answers. Both are one reconcile; a new project just has no base.
 */
export async function run(context: CommandContext): Promise<number> {
  if (context.positionals.length) {
    throw new UserError(`unexpected argument "${context.positionals[0]}"; run djangoflow inside the project folder`);
  }
  const mode = modeFrom(context);
  const recorded = readState(context.cwd);
  const previous = recorded ? migrateState(recorded) : null;
  if (!previous && (await loadPristine(context.cwd))) {
    // The record is gone but the base is there: regenerating (even with --force) would put
    // default answers over the project and drop its apps' and plugins' files.
    throw new UserError(
      `${rcFile} (the project's record) is missing, but a djangoflow render of this project is stored: restore it (git checkout -- ${rcFile}), then run again`,
    );
  }
  if (!previous && !isEmptyFolder(context.cwd) && !mode.force) {
    throw new UserError(
      'this folder is not empty and not a djangoflow project; use an empty folder, or pass --force to merge into it (existing files are never overwritten)',
    );
  }
  const answers = await resolveAnswers({
    given: givenAnswers(context.values),
    recorded: previous?.answers,
    useDefaults: Boolean(context.values.defaults),
    prompter: context.prompter,
  });
  return reconcileProject(context.cwd, previous, stateFor(answers, previous), mode, context.out);
}
