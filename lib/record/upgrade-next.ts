/**
 * The next state of `djangoflow upgrade`: the recorded answers under this generator's
 * version; only questions the new version added (the record has no answer for them, in the
 * main table or in a manifest of a plugin the project has on) are answered: given (`upgrade
 * --timezone Europe/Berlin`), asked, or their defaults taken, and recorded. The command
 * calls it, and so does `djangoflow ui`'s Upgrade section with the page's answers.
 */
import { UserError } from '../input/errors.js';
import { activePlugins } from '../plugins/active.js';
import type { Catalog } from '../plugins/manifest.js';
import { pluginQuestion, recordedQuestions } from '../plugins/questions.js';
import { type Prompter, resolveAnswers } from '../questions/answers.js';
import { type Question, optionName } from '../questions/question.js';
import { findQuestion, questions } from '../questions/table.js';
import type { TemplateSet } from '../template-set/index.js';
import { stateFor } from './next-state.js';
import type { ProjectState } from './state.js';

export interface UpgradeAnswers {
  /** Answers to the added questions, keyed by question name, not yet validated. */
  given?: Record<string, unknown>;
  /** --defaults: an added question not given takes its default. */
  useDefaults: boolean;
  prompter?: Prompter;
}

/** A question an upgrade may ask, and the plugin whose manifest asks it (none: the main table). */
export interface AddedQuestion {
  question: Question;
  plugin?: string;
}

/**
 * What an upgrade asks: the questions the record has no answer for, of the main table and of
 * the plugins the project has on. An integration wizard's settings are not among them: they
 * go to .env (`djangoflow plugin <name>`), never into the record.
 */
export function addedQuestions(previous: ProjectState, catalog: Catalog): AddedQuestion[] {
  const unanswered = (name: string) => previous.answers[name] === undefined;
  const main = questions.filter((question) => unanswered(question.name)).map((question) => ({ question }));
  const plugins = activePlugins(catalog, previous).flatMap((plugin) =>
    plugin.questions.filter((q) => !q.setting && unanswered(q.name)).map((q) => ({ question: pluginQuestion(q), plugin: plugin.name })),
  );
  // Two plugins may ask one question (a shared name): asked once.
  return [...new Map([...main, ...plugins].map((added) => [added.question.name, added])).values()];
}

/** Every question an upgrade could take as an option: the main table's and every manifest's, settings aside. */
export function upgradeQuestions(catalog: Catalog): Question[] {
  return [...questions, ...recordedQuestions([...catalog.values()]).filter((question) => !findQuestion(question.name))];
}

export async function upgradeNext(previous: ProjectState, templates: TemplateSet, sources: UpgradeAnswers): Promise<ProjectState> {
  const given = sources.given ?? {};
  const added = addedQuestions(previous, templates.catalog);
  const addedNames = new Set(added.map(({ question }) => question.name));
  const pluginAdded = added.filter(({ plugin }) => plugin).map(({ question }) => question);
  for (const name of Object.keys(given)) {
    if (addedNames.has(name)) continue;
    const flag = `--${optionName({ name })}`;
    // An upgrade keeps the recorded answers: changing one is the main command's (or plugin's) job.
    if (previous.answers[name] !== undefined) {
      const owner = activePlugins(templates.catalog, previous).find((plugin) => plugin.questions.some((q) => q.name === name));
      const command = owner && !findQuestion(name) ? `djangoflow plugin ${owner.name}` : 'djangoflow';
      throw new UserError(`${flag} is answered on record; upgrade answers only the questions this version added (change it with ${command} ${flag} <value>)`);
    }
    const owners = [...templates.catalog.values()].filter((plugin) => plugin.questions.some((q) => q.name === name)).map((plugin) => plugin.name);
    if (owners.length) throw new UserError(`${flag} is a question of ${owners.join(', ')}, which the project does not have on; add it with djangoflow plugin ${owners[0]}`);
  }
  const answers = await resolveAnswers({
    given,
    recorded: previous.answers,
    useDefaults: sources.useDefaults,
    prompter: sources.prompter,
    questions: [...questions, ...pluginAdded],
  });
  return stateFor(answers, previous, templates);
}
