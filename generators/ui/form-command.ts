/**
 * The Project section's pending change as the commands a terminal would run: `djangoflow` with
 * the answers the user changed (`--defaults` for a new project), then `djangoflow plugin` for
 * the plugins added (with their questions' answers) and `djangoflow plugin --remove` for the
 * ones taken out. Secrets never appear: the form carries no setting (they go to .env only).
 */
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
function changedOptions(table: readonly Question[], input: ReceivedForm, previous: ProjectState | null, templates: TemplateSet): string[] {
  const values = resolveForm(input, previous, templates).values;
  return table.flatMap((question) => {
    if (!(question.name in input.answers)) return [];
    const { [question.name]: _, ...others } = input.answers;
    const without = resolveForm({ ...input, answers: others }, previous, templates).values[question.name];
    return values[question.name] === without ? [] : option(question, values[question.name]!);
  });
}

export function formCommand(input: ReceivedForm, previous: ProjectState | null, templates: TemplateSet): string {
  const main = changedOptions(questions, input, previous, templates);
  const before = new Set(previous ? previous.plugins : (templates.core.defaultPlugins ?? []));
  const added = input.plugins.filter((name) => !before.has(name));
  const removed = [...before].filter((name) => !input.plugins.includes(name));
  const commands: string[][] = [];
  if (!previous) commands.push(['djangoflow', '--defaults', ...main]);
  else if (main.length) commands.push(['djangoflow', ...main]);
  if (added.length) {
    const pluginTable = added.flatMap((name) => templates.catalog.get(name)?.questions.filter((q) => !q.setting).map(pluginQuestion) ?? []);
    commands.push(['djangoflow', 'plugin', ...added, ...changedOptions(pluginTable, input, previous, templates), '--defaults']);
  }
  if (removed.length) commands.push(['djangoflow', 'plugin', '--remove', ...removed]);
  return commands.map((parts) => parts.map(word).join(' ')).join(' && ');
}
