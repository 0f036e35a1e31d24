/**
 * The next state of `djangoflow upgrade`: the recorded answers under this generator's
 * version, only questions the new version added asked (or their defaults taken). The
 * command calls it, and so does `djangoflow ui`'s Upgrade section (as `upgrade --defaults`).
 */
import { type Prompter, resolveAnswers } from './answers.js';
import { stateFor } from './next-state.js';
import type { ProjectState } from './state.js';
import type { TemplateSet } from './template-set.js';

export async function upgradeNext(previous: ProjectState, templates: TemplateSet, useDefaults: boolean, prompter?: Prompter): Promise<ProjectState> {
  const answers = await resolveAnswers({ given: {}, recorded: previous.answers, useDefaults, prompter });
  return stateFor(answers, previous, templates);
}
