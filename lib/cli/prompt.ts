import type { Prompter } from '../answers.js';

/** Prompts on the terminal with inquirer, one question at a time. */
export const inquirerPrompter: Prompter = async (question, defaultValue, validate) => {
  const { default: inquirer } = await import('inquirer');
  const type = question.type === 'list' ? 'list' : question.type === 'confirm' ? 'confirm' : 'input';
  const answer = await inquirer.prompt([
    {
      type,
      name: 'value',
      message: question.message,
      default: defaultValue,
      choices: question.choices?.map((c) => ({ name: c.label, value: c.value })),
      validate: type === 'input' ? validate : undefined,
    } as never,
  ]);
  return (answer as { value: unknown }).value;
};
