/**
 * The command contract: what a command declares (its spec: usage, summary, typed options)
 * and what it receives when it runs. The shell (cli/) parses arguments and prompts against
 * it; the commands (generators/<name>/) implement it; the core names no command.
 */
import type { Prompter } from '../questions/answers.js';
import type { TemplateSet } from '../template-set/index.js';

/** A command-line option as data: parsing, --help and the Yeoman generator all read it. */
export interface OptionSpec {
  /** kebab-case, without dashes. */
  name: string;
  type: 'boolean' | 'string';
  description: string;
  /** May be given several times; the values are collected in a list. */
  repeatable?: boolean;
  /** Shown in --help: `--model <spec>`. */
  valueName?: string;
  /** Takes every following word up to the next option: `--model Post title:str body:text`. */
  variadic?: boolean;
  /** Shown in --help as `(default: ...)`; a question's default, or how it is derived. */
  default?: string;
}

/** Option values as parsed, by option name (kebab-case). */
export type OptionValues = Record<string, string | boolean | string[]>;

/** `dry-run` → `dryRun`, at the type level: the key a command reads its option by. */
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;
type ValueOf<O extends OptionSpec> = O['type'] extends 'boolean' ? boolean : O['repeatable'] extends true ? string[] : string;

/** The typed options of a spec's option list: a renamed option no longer compiles where it is read. */
export type OptionsOf<O extends readonly OptionSpec[]> = { [S in O[number] as CamelCase<S['name']>]?: ValueOf<S> };

export const camelCase = (kebab: string): string => kebab.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The parsed values of the spec's own options, keyed as OptionsOf types them. */
export function typedOptions<O extends readonly OptionSpec[]>(specs: O, values: OptionValues): OptionsOf<O> {
  const typed: Record<string, unknown> = {};
  for (const spec of specs) if (values[spec.name] !== undefined) typed[camelCase(spec.name)] = values[spec.name];
  return typed as OptionsOf<O>;
}

/** What a command gets from the bin or from its Yeoman generator. */
export interface CommandInput<Options = Record<string, unknown>> {
  cwd: string;
  positionals: string[];
  /** The command's own options, typed from its spec. */
  options: Options;
  /** Every value by option name, for options derived from data (questions, plugin catalog). */
  values: OptionValues;
  /** The template set of this run, loaded once by the shell. */
  templates: TemplateSet;
  out: (line: string) => void;
  /** Absent when nobody can answer (no TTY, --defaults): unanswered questions are then an error. */
  prompter?: Prompter;
}

export interface CommandModule {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  run(input: CommandInput<any>): Promise<number>;
}

export interface PositionalSpec {
  name: string;
  description: string;
}

export interface CommandSpec<O extends readonly OptionSpec[] = readonly OptionSpec[]> {
  /** '' is the main generator (`djangoflow [options]`). */
  name: string;
  usage: string;
  summary: string;
  positionals?: PositionalSpec[];
  /** The command's own options, typed for its run. */
  options: O;
  /** Options derived from data (a question table, the plugin catalog), listed before the common ones. */
  dataOptions?: (templates: TemplateSet) => OptionSpec[];
  /** Loaded on demand, so a command imports only what it needs. */
  load: () => Promise<CommandModule>;
}
