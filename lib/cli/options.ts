import { optionName, questions } from '../questions.js';
import type { OptionSpec, OptionValues } from './args.js';

/** Options every command accepts. */
export const commonOptions: OptionSpec[] = [
  { name: 'defaults', type: 'boolean', description: 'Take the default of every question not given; never prompt' },
  { name: 'force', type: 'boolean', description: 'Generate into a non-empty folder, or reconcile a dirty git tree (files are merged, never overwritten)' },
  { name: 'dry-run', type: 'boolean', description: 'Print the action per file (create, update, merge, conflict, keep, delete, skip); write nothing' },
  { name: 'verbose', type: 'boolean', description: 'Print the action per file, not only the summary' },
  { name: 'help', type: 'boolean', description: 'Show help' },
];

/** One CLI option per question of the table, same name in kebab-case. */
export const questionOptions: OptionSpec[] = questions.map((question) => ({
  name: optionName(question),
  type: question.type === 'confirm' ? 'boolean' : 'string',
  description: question.choices
    ? `${question.description} (${question.choices.map((c) => c.value).join(' | ')})`
    : question.description,
  valueName: question.type === 'confirm' ? undefined : 'value',
}));

/** The question answers given on the command line, keyed by question name. */
export function givenAnswers(values: OptionValues): Record<string, unknown> {
  const given: Record<string, unknown> = {};
  for (const question of questions) {
    const value = values[optionName(question)];
    if (value !== undefined) given[question.name] = value;
  }
  return given;
}
