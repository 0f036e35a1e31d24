/**
 * The Yeoman shell: the generator class of a command, options and arguments registered from
 * the command's spec, prompts through Yeoman's adapter, the work done by the same command
 * module the bin runs. Every generators/<name>/index.ts is one line built on this.
 */
import Generator from 'yeoman-generator';
import { commonOptions } from '../generators/options.js';
import type { Prompter } from '../lib/questions/answers.js';
import { type CommandSpec, typedOptions } from '../lib/run/command.js';
import { exitCodes } from '../lib/run/exit-codes.js';
import { templatesDir } from '../lib/template-set/paths.js';
import { beginProjectRun, endProjectRun } from '../lib/reconcile/session.js';
import { type TemplateSet, loadTemplateSet } from '../lib/template-set/index.js';
import { allOptions, commands } from './commands.js';
import { describeFailure } from './failure.js';
import { commandLine } from './help.js';
import { askingPrompter } from './prompt.js';
import { parseYoOptions, typedWords } from './yo-options.js';

/** Options Yeoman's generator itself defines; ours mean the same thing. */
const yeomanOwned = new Set(['help']);

/** The command as typed under yo: `yo djangoflow`, `yo djangoflow:upgrade`. */
export function yoCommand(spec: CommandSpec): string {
  return spec.name ? `yo djangoflow:${spec.name}` : 'yo djangoflow';
}

/**
 * Our messages name the bin's forms (`djangoflow upgrade --check`); under yo they name yo's
 * (`yo djangoflow:upgrade --check`). Only a command name or an option after `djangoflow`
 * is a form: `djangoflow 0.1.0` (a version) stays.
 */
export function yoWords(text: string): string {
  return text.replace(/\bdjangoflow (upgrade|plugin|startapp|model|adopt-app|ui)\b/g, 'yo djangoflow:$1').replace(/(^|[^:/\w-])djangoflow (?=--|\[|<)/g, '$1yo djangoflow ');
}

/** `yo djangoflow --help`'s text under the usage: the summary, and the sub-generators. */
function yoDescription(spec: CommandSpec): string {
  if (spec.name) return spec.summary;
  const subs = commands.filter((command) => command.name).map((command) => `  ${yoCommand(command).padEnd(24)} ${command.summary}`);
  return [spec.summary, '', 'Sub-generators (each with --help):', ...subs].join('\n');
}

/** What of Yeoman's adapter (QueuedAdapter, @yeoman/adapter) asking around its abort takes. */
interface QueueingAdapter {
  queue<T>(task: (terminal: { promptModule?: (questions: object[]) => Promise<Record<string, unknown>> }) => Promise<T>): Promise<T | undefined>;
}

/**
 * One question asked on Yeoman's terminal, the answers object back. Not through
 * `generator.prompt`: on Ctrl-C Yeoman's adapter aborts the whole run with the prompt's
 * error, and yo then prints "Error djangoflow ... force closed" and exits 1 over our
 * "cancelled; nothing written" (130). Its queue keeps the question after the lines logged
 * before it; an adapter without one (a test's) is asked the ordinary way.
 */
async function askOnTerminal(generator: Generator, question: object): Promise<Record<string, unknown> | undefined> {
  const adapter = generator.env.adapter as unknown as Partial<QueueingAdapter>;
  if (typeof adapter.queue === 'function') {
    const asked = await adapter.queue(async (terminal) => (terminal.promptModule ? { answers: await terminal.promptModule([question]) } : undefined));
    if (asked) return asked.answers;
  }
  return generator.prompt([question as never]);
}

type GeneratorClass = new (...args: ConstructorParameters<typeof Generator>) => Generator;

export function yeomanGenerator(spec: CommandSpec): GeneratorClass {
  return class DjangoflowGenerator extends Generator {
    /** Loaded once per run, as the bin does: the options and the command read the same set. */
    private readonly templateSet: TemplateSet = loadTemplateSet(templatesDir());
    private readonly givenOptions: Record<string, unknown>;
    private readonly givenArgs: string[];

    constructor(...args: ConstructorParameters<typeof Generator>) {
      // The project is Python: no npm install to run, and so no Yeoman line saying so.
      super(args[0], args[1], { ...args[2], customInstallTask: true });
      // As given, before Yeoman coerces them to the registered types (see writing).
      this.givenOptions = { ...(args[1] as Record<string, unknown> | undefined) };
      this.givenArgs = Array.isArray(args[0]) ? args[0].map(String) : [];
      this.desc(yoDescription(spec));
      for (const positional of spec.positionals ?? []) {
        this.argument(positional.name, { type: String, required: false, description: positional.description });
      }
      for (const option of allOptions(spec, this.templateSet)) {
        if (yeomanOwned.has(option.name)) continue;
        this.option(option.name, {
          type: option.type === 'boolean' ? Boolean : option.repeatable ? Array : String,
          // Shown, not applied: Yeoman would take a default as given, and ours may be derived.
          description: option.default === undefined ? option.description : `${option.description} (default: ${option.default})`,
        });
      }
    }

    /**
     * `yo djangoflow --help`'s options, one line each. Yeoman's own table pads a "Default:"
     * column past the longest description, which ours make a few hundred blanks wide.
     */
    override optionsHelp(): string {
      const shown = Object.values(this._options).filter((option) => !option.hide);
      const width = Math.max(...shown.map((option) => option.name.length)) + 2;
      return shown
        .map((option) => {
          const flag = `${option.alias ? `-${option.alias}, ` : '    '}--${option.name}`.padEnd(width + 6);
          const fallback = option.default !== undefined && option.default !== '' ? ` (default: ${String(option.default)})` : '';
          return `  ${flag} ${option.description ?? ''}${fallback}`.trimEnd();
        })
        .join('\n');
    }

    async writing(): Promise<void> {
      const prompter: Prompter = askingPrompter(
        async (question) => (await askOnTerminal(this, question))?.value,
        (line) => this.log(line),
      );
      try {
        // yo parsed the command line without our option types: its options are checked, and
        // typed, by the bin's parser (cli/yo-options.ts), with the bin's messages.
        const { positionals, values } = parseYoOptions(
          this.givenOptions,
          this.givenArgs,
          allOptions(spec, this.templateSet),
          `${commandLine(spec)} --help`,
          typedWords(process.argv, String(this.givenOptions.namespace ?? '')),
        );
        const module = await spec.load();
        // Issue 14: lock and crash recovery; the lock is released when the command ends.
        // `ui` takes the lock for each apply only (generators/ui/session.ts), never while it serves.
        if (spec.name !== 'ui') await beginProjectRun(this.destinationRoot(), (line) => this.log(yoWords(line)), { watchSignals: false });
        const code = await module.run({
          cwd: this.destinationRoot(),
          positionals,
          options: typedOptions(spec.options, values),
          values,
          templates: this.templateSet,
          out: (line) => this.log(yoWords(line)),
          prompter: typedOptions(commonOptions, values).defaults ? undefined : prompter,
        });
        endProjectRun(this.destinationRoot());
        if (code !== exitCodes.done) process.exitCode = code;
      } catch (error) {
        endProjectRun(this.destinationRoot());
        // One plain line on stderr, as the bin writes it (escaped, no stack trace, no colour
        // codes in piped output), naming the yo forms.
        if ((error as Error)?.name === 'ExitPromptError') {
          process.stderr.write(`${yoCommand(spec)}: cancelled; nothing written\n`);
          process.exitCode = exitCodes.cancelled;
        } else {
          const failure = describeFailure(error);
          process.stderr.write(`${yoCommand(spec)}: ${yoWords(failure.line.replace(/^djangoflow: /, ''))}\n`);
          process.exitCode = failure.exitCode;
        }
      }
    }
  };
}
