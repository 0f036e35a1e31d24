/** The terminal prompt, and the one question shape both shells (bin, Yeoman) ask with. */
import type { Prompter } from '../lib/questions/answers.js';
import type { Question } from '../lib/questions/question.js';
import { shown } from '../lib/input/text.js';

/** Printed once, before the first question of a run. */
export const promptIntro = 'A few questions; Enter takes the default in parentheses, Ctrl-C cancels and writes nothing.';

/**
 * A question of the table as one inquirer question named `value`: the shape inquirer and
 * Yeoman's prompt (inquirer underneath) both take. A yes/no question is asked as text, so
 * that an answer other than yes or no is refused rather than read as no. A list is asked as
 * a `select`: Yeoman's inquirer prints a deprecation line for the old name `list`.
 */
export function promptQuestion(question: Question, defaultValue: unknown) {
  if (question.type === 'confirm') {
    return { type: 'input', name: 'value', message: `${question.message} (yes/no)`, default: defaultValue ? 'yes' : 'no' } as never;
  }
  if (question.secret) return { type: 'password', mask: '*', name: 'value', message: question.message } as never;
  return {
    type: question.type === 'list' ? 'select' : 'input',
    name: 'value',
    message: question.message,
    default: defaultValue,
    choices: question.choices?.map((c) => ({ name: c.label, value: c.value })),
  } as never;
}

/**
 * A Prompter over one shell's `ask`: the intro once, then each question until its answer is
 * valid. The check is ours, not the prompt library's, so a refused answer is asked again
 * with the same default shown (inquirer's own validation drops it). The refusal may quote the
 * answer: it is shown escaped (lib/input/text.ts), as every one-line error is, so a pasted escape
 * sequence or line break is printed, never acted on.
 */
export function askingPrompter(ask: (question: object) => Promise<unknown>, say: (line: string) => void): Prompter {
  let introduced = false;
  return async (question, defaultValue, validate) => {
    if (!introduced) say(promptIntro);
    introduced = true;
    for (;;) {
      const raw = shortAnswer(question, await ask(promptQuestion(question, defaultValue)));
      const verdict = validate(raw);
      if (verdict === true) return raw;
      say(`${shown(verdict)}; try again`);
    }
  };
}

/** At a yes/no prompt `y` and `n` (any case, spaces around) mean yes and no. */
function shortAnswer(question: Question, raw: unknown): unknown {
  if (question.type !== 'confirm' || typeof raw !== 'string') return raw;
  const word = raw.trim().toLowerCase();
  return word === 'y' ? 'yes' : word === 'n' ? 'no' : raw;
}

/** Prompts on the terminal with inquirer, one question at a time. */
export const inquirerPrompter: Prompter = askingPrompter(
  async (question) => {
    const { default: inquirer } = await import('inquirer');
    return ((await inquirer.prompt([question as never])) as { value: unknown }).value;
  },
  (line) => process.stdout.write(`${line}\n`),
);
