import { resolveAnswers } from '../../lib/answers.js';
import type { CommandContext } from '../../lib/cli/commands.js';
import { givenAnswers } from '../../lib/cli/options.js';
import { UserError } from '../../lib/errors.js';
import { refuseDirtyTree, refuseDowngrade } from '../../lib/guards.js';
import { generatorVersion } from '../../lib/paths.js';
import { isEmptyFolder, newState, reconcileProject } from '../../lib/project.js';
import { readState } from '../../lib/state.js';

/**
 * The main generator: a new project in an empty folder, or the existing project
 * regenerated with changed answers. Both are one reconcile; a new project just has no base.
 */
export async function run(context: CommandContext): Promise<number> {
  if (context.positionals.length) {
    throw new UserError(`unexpected argument "${context.positionals[0]}"; run djangoflow inside the project folder`);
  }
  const force = Boolean(context.values.force);
  const recorded = readState(context.cwd);
  if (recorded) {
    refuseDowngrade(recorded, generatorVersion());
    refuseDirtyTree(context.cwd, force);
  } else if (!isEmptyFolder(context.cwd) && !force) {
    throw new UserError(
      'this folder is not empty and not a djangoflow project; use an empty folder, or pass --force to merge into it (existing files are never overwritten)',
    );
  }
  const answers = await resolveAnswers({
    given: givenAnswers(context.values),
    recorded: recorded?.answers,
    useDefaults: Boolean(context.values.defaults),
    prompter: context.prompter,
  });
  const { exitCode } = await reconcileProject(context.cwd, newState(answers, recorded), {
    dryRun: Boolean(context.values['dry-run']),
    verbose: Boolean(context.values.verbose),
    out: context.out,
  });
  return exitCode;
}
