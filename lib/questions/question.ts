/**
 * A question and its answers, whichever table it belongs to (the main table, a plugin's
 * manifest): the types, the option name, the default, and an answer coerced from the command
 * line, the prompt or the record into the question's type, or the one-line problem.
 */
import { kebabCase } from '../input/naming.js';
import { didYouMean } from '../input/suggest.js';
import { quoted } from '../input/text.js';

export type AnswerValue = string | boolean;
export type Answers = Record<string, AnswerValue>;

export interface Choice {
  value: string;
  label: string;
}

/** What every question is, whether written here or as data in a plugin manifest. */
export interface QuestionData {
  name: string;
  type: 'input' | 'list' | 'confirm';
  message: string;
  /** One line for --help and the docs. */
  description: string;
  /** The answer is a setting's value (an integration wizard's): asked masked, never recorded or shown. */
  secret?: boolean;
}

export interface Question extends QuestionData {
  choices?: readonly Choice[];
  /**
   * input only: the answer is a set of these values, comma-separated (`drf,graphql`),
   * recorded in this order; `none` alone is the empty set. A plugin whose `enabledBy` names
   * one of them is on while the set holds it.
   */
  items?: readonly Choice[];
  default: AnswerValue | ((answers: Answers) => AnswerValue);
  /** The problem with a value, or null when it is fine. Choices and booleans are checked for every question. */
  validate?: (value: string, answers: Answers) => string | null;
}

/** A choice whose label defaults to its value. */
export const choice = (value: string, label = value): Choice => ({ value, label });

export const optionName = (question: Pick<Question, 'name'>): string => kebabCase(question.name);

export function defaultFor(question: Question, answers: Answers): AnswerValue {
  return typeof question.default === 'function' ? question.default(answers) : question.default;
}

/** The documented spellings of a yes/no answer, and no others: `--x=maybe` is refused, not guessed. */
const truthy = new Set(['true', 'yes', '1']);
const falsy = new Set(['false', 'no', '0']);

/**
 * Turns a raw value (CLI string, prompt answer, stored JSON) into the question's type,
 * or returns the one-line problem.
 */
export function coerceAnswer(question: Question, raw: unknown, answers: Answers): { value: AnswerValue } | { problem: string } {
  const flag = `--${optionName(question)}`;
  if (question.type === 'confirm') {
    if (typeof raw === 'boolean') return { value: raw };
    const text = String(raw).toLowerCase();
    if (truthy.has(text)) return { value: true };
    if (falsy.has(text)) return { value: false };
    return { problem: `${flag} expects yes, no, true, false, 1 or 0; got ${quoted(String(raw))}` };
  }
  if (typeof raw !== 'string') return { problem: `${flag} expects a text, got ${Array.isArray(raw) ? 'a list' : typeof raw}` };
  const value = raw.trim();
  if (question.items) return itemSet(question, value, flag);
  if (question.choices && !question.choices.some((c) => c.value === value)) {
    const allowed = question.choices.map((c) => c.value).join(', ');
    return { problem: `${flag} must be one of ${allowed}; got ${quoted(value)}${didYouMean(value, question.choices.map((c) => c.value))}` };
  }
  const problem = question.validate?.(value, answers) ?? null;
  return problem ? { problem } : { value };
}

/** The values of a comma-separated answer, trimmed, without empty ones. */
export const answerItems = (value: unknown): string[] =>
  String(value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** An item-set answer checked and recorded in the question's order (`graphql, drf` → `drf,graphql`). */
function itemSet(question: Question, value: string, flag: string): { value: AnswerValue } | { problem: string } {
  const known = question.items!.map((c) => c.value);
  const items = answerItems(value);
  const hint = `choose from ${known.join(', ')} (comma-separated), or none`;
  if (items.length === 1 && items[0] === 'none') return { value: 'none' };
  if (!items.length) return { problem: `${flag} is empty: ${hint}` };
  const unknown = items.filter((item) => !known.includes(item));
  if (unknown.length) return { problem: `${flag} ${quoted(unknown.join(','))} is not valid: ${hint}` };
  const repeated = items.find((item, index) => items.indexOf(item) !== index);
  if (repeated) return { problem: `${flag} names ${quoted(repeated)} twice` };
  return { value: known.filter((item) => items.includes(item)).join(',') };
}

/** Whether an answer holds `value`: equal to it, or (an item-set question) one of its items. */
export function answerHolds(question: Question | undefined, answer: AnswerValue | undefined, value: AnswerValue): boolean {
  if (question?.items && typeof answer === 'string') return answerItems(answer).includes(String(value));
  return answer === value;
}

/** An item-set answer with `values` added (`add`) or taken out; `none` when nothing is left. */
export function answerWithItems(question: Question, answer: AnswerValue | undefined, values: AnswerValue[], add: boolean): string {
  const current = answerItems(answer === 'none' ? '' : answer);
  const next = question.items!.map((c) => c.value).filter((item) => (add ? current.includes(item) || values.includes(item) : current.includes(item) && !values.includes(item)));
  return next.length ? next.join(',') : 'none';
}
