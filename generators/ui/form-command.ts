/**
 * The Project section's pending change as the commands a terminal would run: `djangoflow` with
 * the answers the user changed (`--defaults` for a new project), then `djangoflow plugin` for
 * the plugins added (with their questions' answers) and for those kept whose answers changed,
 * and `djangoflow plugin --remove` for the ones taken out. Secrets never appear: the form carries no setting (they go to .env only).
 */
import { activePlugins } from '../../lib/plugins/active.js';
import { pluginQuestion } from '../../lib/plugins/questions.js';
import { questions } from '../../lib/questions/table.js';
import { type AnswerValue, type Question, optionName } from '../../lib/questions/question.js';
import { shellWord } from '../../lib/render/escape.js';
import type { ProjectState } from '../../lib/record/state.js';
import type { TemplateSet } from '../../lib/template-set/index.js';
import { type ReceivedForm, resolveForm } from './form.js';

const word = (value: string) => (/^[A-Za-z0-9_.,:=@%+\/-]+$/.test(value) ? value : shellWord(value));
const option = (question: Question, value: AnswerValue) =>
  question.type === 'confirm' ? [`--${value ? '' : 'no-'}${optionName(question)}`] : [`--${optionName(question)}`, String(value)];

/** The answers the user set that differ from what the record or the defaults would give without them. */
function changedAnswers(table: readonly Question[], input: ReceivedForm, previous: ProjectState | null, templates: TemplateSet): [Question, AnswerValue][] {
  const values = resolveForm(input, previous, templates).values;
  return table.flatMap((question): [Question, AnswerValue][] => {
    if (!(question.name in input.answers)) return [];
    const { [question.name]: _, ...others } = input.answers;
    const without = resolveForm({ ...input, answers: others }, previous, templates).values[question.name];
    return values[question.name] === without ? [] : [[question, values[question.name]!]];
  });
}

const options = (changed: [Question, AnswerValue][]) => changed.flatMap(([question, value]) => option(question, value));

/** The recorded questions (settings aside) of these plugins, each once. */
function questionsOf(names: readonly string[], templates: TemplateSet): Question[] {
  const table = names.flatMap((name) => templates.catalog.get(name)?.questions.filter((q) => !q.setting).map(pluginQuestion) ?? []);
  return [...new Map(table.map((question) => [question.name, question])).values()];
}

export function formCommand(input: ReceivedForm, previous: ProjectState | null, templates: TemplateSet): string {
  const main = options(changedAnswers(questions, input, previous, templates));
  const before = new Set(previous ? previous.plugins : (templates.core.defaultPlugins ?? []));
  const added = input.plugins.filter((name) => !before.has(name));
  const removed = [...before].filter((name) => !input.plugins.includes(name));
  const commands: string[][] = [];
  if (!previous) commands.push(['djangoflow', '--defaults', ...main]);
  else if (main.length) commands.push(['djangoflow', ...main]);
  const addedTable = questionsOf(added, templates);
  if (added.length) commands.push(['djangoflow', 'plugin', ...added, ...options(changedAnswers(addedTable, input, previous, templates)), '--defaults']);
  if (previous) {
    // A plugin on before and after whose answers changed: `djangoflow plugin <name> --<option>`.
    const onBefore = new Set(activePlugins(templates.catalog, previous).map((plugin) => plugin.name));
    const kept = (resolveForm(input, previous, templates).active ?? []).map((status) => status.name).filter((name) => onBefore.has(name));
    const keptTable = questionsOf(kept, templates).filter((question) => !addedTable.some((q) => q.name === question.name));
    const changed = changedAnswers(keptTable, input, previous, templates);
    const owners = kept.filter((name) => templates.catalog.get(name)!.questions.some((q) => changed.some(([question]) => question.name === q.name)));
    if (changed.length) commands.push(['djangoflow', 'plugin', ...owners, ...options(changed)]);
  }
  if (removed.length) commands.push(['djangoflow', 'plugin', '--remove', ...removed]);
  return commands.map((parts) => parts.map(word).join(' ')).join(' && ');
}
