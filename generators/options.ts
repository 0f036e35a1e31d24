/**
 * Options shared by the commands: the common ones, the one conversion of a question into
 * its option (`--kebab-case-name`) and of an answer into that option's words, and what the
 * common options mean to the pipeline.
 */
import type { OptionSpec, OptionValues } from '../lib/run/command.js';
import type { ReconcileMode } from '../lib/run/pipeline.js';
import { questions } from '../lib/questions/table.js';
import { shellWord } from '../lib/render/escape.js';
import { type AnswerValue, type Question, optionName } from '../lib/questions/question.js';

/** Options every command accepts (startapp leaves out --defaults: it asks nothing). */
export const commonOptions = [
  { name: 'defaults', type: 'boolean', description: 'Take the default of every question not given; never prompt' },
  { name: 'force', type: 'boolean', description: 'Generate into a non-empty folder, or reconcile a dirty git tree (files are merged, never overwritten)' },
  { name: 'dry-run', type: 'boolean', description: 'Print the action per file (create, update, merge, conflict, keep, delete, skip); write nothing' },
  { name: 'verbose', type: 'boolean', description: 'Print the action per file, not only the summary' },
  { name: 'help', type: 'boolean', description: 'Show help' },
] as const satisfies readonly OptionSpec[];

/**
 * The common options of a command that works on an existing project (upgrade, plugin,
 * startapp, model, adopt-app): there --force has one meaning only, the dirty-tree guard.
 */
export const projectOptions = commonOptions.map((option) =>
  option.name === 'force'
    ? ({ name: 'force', type: 'boolean', description: 'Reconcile although the git tree has uncommitted changes (files are merged, never overwritten)' } as const)
    : option,
) satisfies readonly OptionSpec[];

export const commonOptionNames: ReadonlySet<string> = new Set(commonOptions.map((option) => option.name));

type CommonName = (typeof commonOptions)[number]['name'];

/**
 * The common options of a command for which some mean something else or nothing (ui,
 * settings): every one accepted, since scripts pass them to every command, each described
 * as what it does there.
 */
export function commonOptionsAs(descriptions: Partial<Record<CommonName, string>>) {
  return commonOptions.map((option) => ({ ...option, description: descriptions[option.name] ?? option.description }));
}

/** A question as a CLI option of the same name in kebab-case; `owners` prefix the description. */
export function questionOption(question: Question, owners: readonly string[] = []): OptionSpec {
  const choices = question.choices ? ` (${question.choices.map((c) => c.value).join(' | ')})` : '';
  return {
    name: optionName(question),
    type: question.type === 'confirm' ? 'boolean' : 'string',
    description: `${owners.length ? `${owners.join(', ')}: ` : ''}${question.description}${choices}`,
    valueName: question.type === 'confirm' ? undefined : 'value',
    default: defaultText(question),
  };
}

/**
 * An answer as the words of the option that gives it, the one spelling for every command line
 * djangoflow shows: `--x` / `--no-x` for yes or no, `--x=text` for a yes/no question answered
 * with text (the CLI refuses or takes it the same way), else `--x value`. The caller quotes.
 */
export function answerWords(question: { name: string; type?: Question['type'] }, value: AnswerValue): string[] {
  const option = optionName(question);
  if (typeof value === 'boolean') return [`--${value ? '' : 'no-'}${option}`];
  return question.type === 'confirm' ? [`--${option}=${value}`] : [`--${option}`, value];
}

/** Words as one POSIX shell command line, each quoted only when it needs it. */
export const commandLine = (words: readonly string[]): string =>
  words.map((word) => (/^[A-Za-z0-9_.,:=@%+\/-]+$/.test(word) ? word : shellWord(word))).join(' ');

/** A question's default as --help shows it: the value, or that it follows earlier answers. */
function defaultText(question: Question): string {
  if (typeof question.default === 'function') return 'derived from the answers before it';
  if (typeof question.default === 'boolean') return question.default ? 'yes' : 'no';
  return question.default;
}

/** The values given for `table`'s questions on the command line, keyed by question name. */
export function givenAnswers(values: OptionValues, table: readonly Question[] = questions): Record<string, unknown> {
  const given: Record<string, unknown> = {};
  for (const question of table) {
    const value = values[optionName(question)];
    if (value !== undefined) given[question.name] = value;
  }
  return given;
}

/** What the common options (and upgrade's --check) ask of the pipeline. */
export function reconcileMode(options: { dryRun?: boolean; force?: boolean; verbose?: boolean; check?: boolean }): ReconcileMode {
  return {
    dryRun: Boolean(options.dryRun),
    check: Boolean(options.check),
    force: Boolean(options.force),
    verbose: Boolean(options.verbose),
  };
}
