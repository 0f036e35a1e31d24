/** The terminal prompt, and the one inquirer question shape both shells (bin, Yeoman) ask with. */
import type { Prompter } from '../lib/answers.js';
import type { Question } from '../lib/questions.js';

/**
 * A question of the table as one inquirer question named `value`: the shape inquirer and
 * Yeoman's prompt (inquirer underneath) both take.
 */
export function promptQuestion(question: Question, defaultValue: unknown, validate: (raw: unknown) => true | string) {
  const type = question.type === 'list' ? 'list' : question.type === 'confirm' ? 'confirm' : 'input';
  return {
    type,
    name: 'value',
    message: question.message,
    default: defaultValue,
    choices: question.choices?.map((c) => ({ name: c.label, value: c.value })),
    validate: type === 'input' ? validate : undefined,
  } as never;
}

/** Prompts on the terminal with inquirer, one question at a time. */
export const inquirerPrompter: Prompter = async (question, defaultValue, validate) => {
  const { default: inquirer } = await import('inquirer');
  const answer = await inquirer.prompt([promptQuestion(question, defaultValue, validate)]);
  return (answer as { value: unknown }).value;
};
