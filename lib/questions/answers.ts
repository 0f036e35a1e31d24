/**
 * Resolving the answers of a question table: the command line, the record, the defaults and
 * the prompt, in that order.
 */
import { UserError } from '../input/errors.js';
import { questions as projectQuestions } from './table.js';
import { type Answers, type Question, coerceAnswer, defaultFor, optionName } from './question.js';

/**
 * Asks the user: the bin implements it with inquirer, `yo` with Yeoman's adapter. It gets
 * one question at a time so that defaults can depend on earlier answers.
 */
export type Prompter = (question: Question, defaultValue: unknown, validate: (raw: unknown) => true | string) => Promise<unknown>;

export interface AnswerSources {
  /** Values from the command line, keyed by question name, not yet validated. */
  given: Record<string, unknown>;
  /** Answers recorded in .yo-rc.json. */
  recorded?: Answers;
  /** --defaults: take the default of every question not given, never prompt. */
  useDefaults: boolean;
  prompter?: Prompter;
  questions?: readonly Question[];
  /** Questions to ask again although answered on record (`--ask database`): the record is the default. */
  reask?: ReadonlySet<string>;
}

function accept(question: Question, raw: unknown, answers: Answers): Answers[string] {
  const result = coerceAnswer(question, raw, answers);
  if ('problem' in result) throw new UserError(result.problem);
  return result.value;
}

/**
 * A question asked again (`--ask database`) offers only the choices every other answer on
 * record still allows: with `deploy: kubernetes`, `--ask database` does not offer SQLite.
 */
function withAllowedChoices(question: Question, table: readonly Question[], others: Answers): Question {
  if (!question.choices) return question;
  const choices = question.choices.filter((choice) => {
    const answers = { ...others, [question.name]: choice.value };
    return table.every((q) => q === question || answers[q.name] === undefined || !('problem' in coerceAnswer(q, answers[q.name], answers)));
  });
  return choices.length ? { ...question, choices } : question;
}

/**
 * Every given option is checked before anything is asked, so bad input fails fast; then
 * each question takes, in order: the command line, the recorded answer, the default
 * (with --defaults) or the prompt.
 */
export async function resolveAnswers(sources: AnswerSources): Promise<Answers> {
  const table = sources.questions ?? projectQuestions;
  for (const name of Object.keys(sources.given)) {
    if (!table.some((q) => q.name === name)) throw new UserError(`unknown option --${name}`);
  }
  const answers: Answers = {};
  for (const question of table) {
    if (question.name in sources.given) {
      answers[question.name] = accept(question, sources.given[question.name], { ...sources.recorded, ...answers });
    }
  }
  for (const question of table) {
    if (question.name in answers) continue;
    const recorded = sources.recorded?.[question.name];
    const reasking = sources.reask?.has(question.name) ?? false;
    if (recorded !== undefined && !reasking) {
      answers[question.name] = accept(question, recorded, answers);
      continue;
    }
    if (sources.useDefaults && !reasking) {
      const value = defaultFor(question, answers);
      const result = coerceAnswer(question, value, answers);
      if ('problem' in result) {
        throw new UserError(`${result.problem} (the default); pass --${optionName(question)}`);
      }
      answers[question.name] = result.value;
      continue;
    }
    if (!sources.prompter) {
      throw new UserError(`no answer for --${optionName(question)}; pass it, or --defaults to take the defaults`);
    }
    const offered = reasking ? withAllowedChoices(question, table, { ...sources.recorded, ...answers }) : question;
    const raw = await sources.prompter(offered, reasking && recorded !== undefined ? recorded : defaultFor(question, answers), (value) => {
      const result = coerceAnswer(question, value, answers);
      return 'problem' in result ? result.problem : true;
    });
    answers[question.name] = accept(question, raw, answers);
  }
  return answers;
}
