/**
 * A manifest's questions as entries of the question table (prompt, option, validation), those
 * the record keeps, and the answer that switches an answer-enabled plugin off.
 */
import { findQuestion } from '../questions/table.js';
import { type AnswerValue, type Question, answerItems, answerWithItems, defaultFor, optionName } from '../questions/question.js';
import { quoted } from '../input/text.js';
import { filledPattern, wizardProblem } from '../settings/wizard.js';
import type { PluginManifest, PluginQuestion } from './manifest.js';

/**
 * The questions these plugins record, as entries of the question table, each once (two
 * plugins may share one): an integration wizard's settings aside, they go to .env only.
 */
export function recordedQuestions(plugins: readonly PluginManifest[]): Question[] {
  const table = plugins.flatMap((plugin) => plugin.questions.filter((q) => !q.setting).map(pluginQuestion));
  return [...new Map(table.map((question) => [question.name, question])).values()];
}

/** A manifest question as an entry of the question table (prompt, option, validation). */
export function pluginQuestion(q: PluginQuestion): Question {
  if (q.setting) {
    return {
      name: q.name,
      type: 'input',
      message: q.message,
      description: q.description,
      default: q.default,
      secret: true,
      // A pattern naming an answer not given yet uses that question's default.
      validate: (value, answers) => wizardProblem(q, `--${optionName(q)}`, value, { ...q.siblingDefaults, ...answers }),
    };
  }
  const pattern = q.pattern === undefined ? undefined : filledPattern(q.pattern, {});
  if (q.items) return { ...pluginQuestion({ ...q, items: undefined }), validate: (value) => itemsProblem(q, value) };
  return {
    name: q.name,
    type: q.type,
    message: q.message,
    description: q.description,
    choices: q.choices?.map((c) => ({ value: c.value, label: c.label ?? c.value })),
    default: q.default,
    validate: pattern
      ? (value) => (pattern.test(value) ? null : `--${optionName(q)} ${quoted(value)} is not valid${q.patternHint ? `: ${q.patternHint}` : ''}`)
      : undefined,
  };
}


function itemsProblem(q: PluginQuestion, value: string): string | null {
  const items = answerItems(value);
  const unknown = items.filter((item) => !q.items!.includes(item));
  const flag = `--${optionName(q)}`;
  if (unknown.length) return `${flag} ${quoted(unknown.join(','))} is not valid: choose from ${q.items!.join(', ')} (comma-separated)`;
  const repeated = items.find((item, index) => items.indexOf(item) !== index);
  return repeated ? `${flag} names ${quoted(repeated)} twice` : null;
}

/**
 * The answer that switches an answer-enabled plugin off: its manifest's `off`; otherwise the
 * question's default when that leaves the plugin off, else "no" for a yes/no question or
 * the first choice that does not enable it. An item-set question (`api`): the set `answer`
 * without the plugin's items.
 */
export function offValue(plugin: PluginManifest, answer?: AnswerValue): AnswerValue | undefined {
  const enabledBy = plugin.enabledBy;
  if (!enabledBy) return undefined;
  if (enabledBy.off !== undefined) return enabledBy.off;
  const question = findQuestion(enabledBy.question);
  if (!question) return undefined;
  if (question.items) return answerWithItems(question, answer, enabledBy.values, false);
  const fallback = typeof question.default === 'function' ? undefined : defaultFor(question, {});
  if (fallback !== undefined && !enabledBy.values.includes(fallback)) return fallback;
  if (question.type === 'confirm') return !enabledBy.values.includes(false) ? false : true;
  return question.choices?.find((c) => !enabledBy.values.includes(c.value))?.value;
}
