/**
 * The state a run records next, from freshly resolved main answers: plugin answers carried
 * over, answers in table order, a new project starting with the template set's default plugins.
 */
import { generatorVersion } from '../template-set/paths.js';
import { questions } from '../questions/table.js';
import type { ProjectState } from './state.js';
import type { TemplateSet } from '../template-set/index.js';

/**
 * The next state from resolved answers. Answers outside the main table (plugin questions)
 * are carried over from the record; a new project starts with the default plugins.
 */
export function stateFor(answers: ProjectState['answers'], previous: ProjectState | null, templates: TemplateSet): ProjectState {
  const pluginAnswers = Object.fromEntries(
    Object.entries(previous?.answers ?? {}).filter(([name]) => !questions.some((q) => q.name === name)),
  );
  return {
    version: generatorVersion(),
    answers: inTableOrder({ ...pluginAnswers, ...answers }),
    apps: previous?.apps ?? [],
    plugins: previous?.plugins ?? templates.core.defaultPlugins ?? [],
  };
}

/** The record must not depend on which answers came from the command line: table order, extras last. */
function inTableOrder(answers: ProjectState['answers']): ProjectState['answers'] {
  const rank = (name: string) => {
    const index = questions.findIndex((q) => q.name === name);
    return index < 0 ? questions.length : index;
  };
  return Object.fromEntries(Object.entries(answers).sort(([a], [b]) => rank(a) - rank(b)));
}
