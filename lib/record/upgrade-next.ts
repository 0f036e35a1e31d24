/**
 * The next state of `djangoflow upgrade`: the recorded answers under this generator's
 * version; only questions the new version added (the record has no answer for them) are
 * answered: given (`upgrade --timezone Europe/Berlin`), asked, or their defaults taken. The
 * command calls it, and so does `djangoflow ui`'s Upgrade section with the page's answers.
 */
import { type Prompter, resolveAnswers } from '../questions/answers.js';
import { UserError } from '../input/errors.js';
import { stateFor } from './next-state.js';
import { type MainQuestion, questions } from '../questions/table.js';
import { optionName } from '../questions/question.js';
import type { ProjectState } from './state.js';
import type { TemplateSet } from '../template-set/index.js';

export interface UpgradeAnswers {
  /** Answers to the added questions, keyed by question name, not yet validated. */
  given?: Record<string, unknown>;
  /** --defaults: an added question not given takes its default. */
  useDefaults: boolean;
  prompter?: Prompter;
}

/** The questions of the table the record has no answer for: what an upgrade asks. */
export function addedQuestions(previous: ProjectState): MainQuestion[] {
  return questions.filter((question) => previous.answers[question.name] === undefined);
}

export async function upgradeNext(previous: ProjectState, templates: TemplateSet, sources: UpgradeAnswers): Promise<ProjectState> {
  const given = sources.given ?? {};
  const added = new Set(addedQuestions(previous).map((question) => question.name));
  // An upgrade keeps the recorded answers: changing one is the main command's job.
  for (const name of Object.keys(given)) {
    const question = questions.find((q) => q.name === name);
    if (question && !added.has(name)) {
      throw new UserError(`--${optionName(question)} is answered on record; upgrade answers only the questions this version added (change it with djangoflow --${optionName(question)} <value>)`);
    }
  }
  const answers = await resolveAnswers({ given, recorded: previous.answers, useDefaults: sources.useDefaults, prompter: sources.prompter });
  return stateFor(answers, previous, templates);
}
