/**
 * The main generator: a new project in an empty folder, or the existing project
 * regenerated with changed answers. Both are one reconcile; a new project just has no base.
 */
import { resolveAnswers } from '../../lib/questions/answers.js';
import type { CommandInput } from '../../lib/run/command.js';
import { UserError } from '../../lib/input/errors.js';
import { stateFor } from '../../lib/record/next-state.js';
import { reconcileProject } from '../../lib/run/pipeline.js';
import { isEmptyFolder } from '../../lib/record/project-root.js';
import { openFolder } from '../../lib/record/project-state.js';
import { questions } from '../../lib/questions/table.js';
import { optionName } from '../../lib/questions/question.js';
import { refuseLostRecord } from '../../lib/run/guards.js';
import { quoted } from '../../lib/input/text.js';
import { givenAnswers, reconcileMode } from '../options.js';
import type { AppOptions } from './spec.js';

/** The questions `--ask` names (by their option name), refused when unknown or when nobody can answer. */
function reasked(names: readonly string[], canPrompt: boolean): Set<string> {
  const reask = new Set<string>();
  for (const name of names) {
    const question = questions.find((q) => optionName(q) === name.replace(/^--/, ''));
    if (!question) throw new UserError(`--ask ${quoted(name)}: no such question; see djangoflow --help`);
    reask.add(question.name);
  }
  if (reask.size && !canPrompt) throw new UserError('--ask needs a terminal to ask on (and no --defaults)');
  return reask;
}

export async function run(input: CommandInput<AppOptions>): Promise<number> {
  if (input.positionals.length) {
    throw new UserError(`unexpected argument ${quoted(input.positionals[0]!)}; run djangoflow inside the project folder`);
  }
  const mode = reconcileMode(input.options);
  const project = openFolder(input.cwd, input.templates);
  const { previous } = project;
  await refuseLostRecord(input.cwd, previous);
  if (!previous && !isEmptyFolder(input.cwd) && !mode.force) {
    throw new UserError(
      'this folder is not empty and not a djangoflow project; use an empty folder, or pass --force to merge into it (existing files are never overwritten)',
    );
  }
  const answers = await resolveAnswers({
    given: givenAnswers(input.values),
    recorded: previous?.answers,
    useDefaults: Boolean(input.options.defaults),
    prompter: input.prompter,
    reask: reasked(input.options.ask ?? [], Boolean(input.prompter)),
  });
  return reconcileProject(project, stateFor(answers, previous, input.templates), input.templates, mode, input.out);
}
