/**
 * The Project section's pending change as the commands a terminal would run: `djangoflow` with
 * the answers the user changed (`--defaults` for a new project), then `djangoflow plugin` for
 * the plugins added (with their questions' answers) and for those kept whose answers changed,
 * and `djangoflow plugin --remove` for the ones taken out. Secrets never appear: the form
 * carries no setting (they go to .env only).
 */
import { activePlugins } from '../../lib/plugins/active.js';
import { recordedQuestions } from '../../lib/plugins/questions.js';
import { questions } from '../../lib/questions/table.js';
import type { AnswerValue, Question } from '../../lib/questions/question.js';
import type { ProjectState } from '../../lib/record/state.js';
import type { TemplateSet } from '../../lib/template-set/index.js';
import { answerWords, commandLine } from '../options.js';
import { type ReceivedForm, type Resolved, resolveForm } from './form.js';

/**
 * The answers the user set that differ from what the record or the defaults would give without
 * them; `resolved` is the form resolved as it is.
 */
function changedAnswers(table: readonly Question[], input: ReceivedForm, resolved: Resolved, previous: ProjectState | null, templates: TemplateSet): [Question, AnswerValue][] {
  return table.flatMap((question): [Question, AnswerValue][] => {
    if (!(question.name in input.answers)) return [];
    const { [question.name]: _, ...others } = input.answers;
    const without = resolveForm({ ...input, answers: others }, previous, templates).values[question.name];
    return resolved.values[question.name] === without ? [] : [[question, resolved.values[question.name]!]];
  });
}

const options = (changed: [Question, AnswerValue][]) => changed.flatMap(([question, value]) => answerWords(question, value));

/** The plugins of the catalog by name (a name the catalog lacks is left out). */
const manifests = (names: readonly string[], templates: TemplateSet) => names.flatMap((name) => templates.catalog.get(name) ?? []);

export function formCommand(input: ReceivedForm, previous: ProjectState | null, templates: TemplateSet): string {
  const resolved = resolveForm(input, previous, templates);
  const changed = (table: readonly Question[]) => changedAnswers(table, input, resolved, previous, templates);
  const main = options(changed(questions));
  const before = new Set(previous ? previous.plugins : (templates.core.defaultPlugins ?? []));
  const added = input.plugins.filter((name) => !before.has(name));
  const removed = [...before].filter((name) => !input.plugins.includes(name));
  const commands: string[][] = [];
  if (!previous) commands.push(['djangoflow', '--defaults', ...main]);
  else if (main.length) commands.push(['djangoflow', ...main]);
  const addedTable = recordedQuestions(manifests(added, templates));
  if (added.length) commands.push(['djangoflow', 'plugin', ...added, ...options(changed(addedTable)), '--defaults']);
  if (previous) {
    // A plugin on before and after whose answers changed: `djangoflow plugin <name> --<option>`.
    const onBefore = new Set(activePlugins(templates.catalog, previous).map((plugin) => plugin.name));
    const kept = (resolved.active ?? []).map((status) => status.name).filter((name) => onBefore.has(name));
    const keptChanged = changed(recordedQuestions(manifests(kept, templates)).filter((question) => !addedTable.some((q) => q.name === question.name)));
    const owners = kept.filter((name) => templates.catalog.get(name)!.questions.some((q) => keptChanged.some(([question]) => question.name === q.name)));
    if (keptChanged.length) commands.push(['djangoflow', 'plugin', ...owners, ...options(keptChanged)]);
  }
  if (removed.length) commands.push(['djangoflow', 'plugin', '--remove', ...removed]);
  return commands.map(commandLine).join(' && ');
}
