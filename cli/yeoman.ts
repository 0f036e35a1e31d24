/**
 * The Yeoman shell: the generator class of a command, options and arguments registered from
 * the command's spec, prompts through Yeoman's adapter, the work done by the same command
 * module the bin runs. Every generators/<name>/index.ts is one line built on this.
 */
import Generator from 'yeoman-generator';
import { commonOptions } from '../generators/options.js';
import type { Prompter } from '../lib/answers.js';
import { type CommandSpec, type OptionValues, camelCase, typedOptions } from '../lib/command.js';
import { UserError } from '../lib/errors.js';
import { exitCodes } from '../lib/exit-codes.js';
import { templatesDir } from '../lib/paths.js';
import { type TemplateSet, loadTemplateSet } from '../lib/template-set.js';
import { allOptions } from './commands.js';
import { askingPrompter } from './prompt.js';

/** Options Yeoman itself defines; ours mean the same thing. */
const yeomanOwned = new Set(['help', 'force', 'dry-run']);

type GeneratorClass = new (...args: ConstructorParameters<typeof Generator>) => Generator;

export function yeomanGenerator(spec: CommandSpec): GeneratorClass {
  return class DjangoflowGenerator extends Generator {
    /** Loaded once per run, as the bin does: the options and the command read the same set. */
    private readonly templateSet: TemplateSet = loadTemplateSet(templatesDir());

    constructor(...args: ConstructorParameters<typeof Generator>) {
      super(...args);
      for (const positional of spec.positionals ?? []) {
        this.argument(positional.name, { type: String, required: false, description: positional.description });
      }
      for (const option of allOptions(spec, this.templateSet)) {
        if (yeomanOwned.has(option.name)) continue;
        this.option(option.name, {
          type: option.type === 'boolean' ? Boolean : option.repeatable ? Array : String,
          description: option.description,
        });
      }
    }

    async writing(): Promise<void> {
      const prompter: Prompter = askingPrompter(
        async (question) => ((await this.prompt([question as never])) as { value: unknown }).value,
        (line) => this.log(line),
      );
      const given = this.options as Record<string, unknown>;
      const values: OptionValues = {};
      for (const option of allOptions(spec, this.templateSet)) {
        const value = given[camelCase(option.name)] ?? given[option.name];
        if (value !== undefined) values[option.name] = value as string | boolean | string[];
      }
      try {
        const module = await spec.load();
        const code = await module.run({
          cwd: this.destinationRoot(),
          positionals: (this.args ?? []).map(String),
          options: typedOptions(spec.options, values),
          values,
          templates: this.templateSet,
          out: (line) => this.log(line),
          prompter: typedOptions(commonOptions, values).defaults ? undefined : prompter,
        });
        if (code !== exitCodes.done) process.exitCode = code;
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        this.log.error(error.message);
        process.exitCode = error.exitCode;
      }
    }
  };
}
