import Generator from 'yeoman-generator';
import type { Prompter } from './answers.js';
import { type CommandSpec, findCommand } from './cli/commands.js';
import { promptQuestion } from './cli/prompt.js';
import { UserError } from './errors.js';
import { beginProjectRun, endProjectRun } from './reconcile/session.js';

/** Options Yeoman itself defines; ours mean the same thing. */
const yeomanOwned = new Set(['help', 'force', 'dry-run']);

const camelCase = (kebab: string) => kebab.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The Yeoman generator class of a command: options and arguments registered from the
 * command's spec, prompts through Yeoman's adapter, the work done by the same command
 * module the bin runs. Every generators/<name>/index.ts is one line built on this.
 */
type GeneratorClass = new (...args: ConstructorParameters<typeof Generator>) => Generator;

export function yeomanGenerator(commandName: string): GeneratorClass {
  const spec: CommandSpec = findCommand(commandName)!;

  return class DjangoflowGenerator extends Generator {
    constructor(...args: ConstructorParameters<typeof Generator>) {
      super(...args);
      for (const positional of spec.positionals ?? []) {
        this.argument(positional.name, { type: String, required: false, description: positional.description });
      }
      for (const option of spec.options) {
        if (yeomanOwned.has(option.name)) continue;
        this.option(option.name, {
          type: option.type === 'boolean' ? Boolean : option.repeatable ? Array : String,
          description: option.description,
        });
      }
    }

    async writing(): Promise<void> {
      const prompter: Prompter = async (question, defaultValue, validate) => {
        const answers = await this.prompt([promptQuestion(question, defaultValue, validate)]);
        return (answers as { value: unknown }).value;
      };
      const given = this.options as Record<string, unknown>;
      const values: Record<string, string | boolean | string[]> = {};
      for (const option of spec.options) {
        const value = given[camelCase(option.name)] ?? given[option.name];
        if (value !== undefined) values[option.name] = value as string | boolean | string[];
      }
      try {
        const module = await spec.load();
        // Issue 14: lock and crash recovery; the lock is released when the command ends.
        await beginProjectRun(this.destinationRoot(), (line) => this.log(line), { watchSignals: false });
        const code = await module.run({
          cwd: this.destinationRoot(),
          positionals: (this.args ?? []).map(String),
          values,
          out: (line) => this.log(line),
          prompter: values.defaults ? undefined : prompter,
        });
        endProjectRun(this.destinationRoot());
        if (code !== 0) process.exitCode = code;
      } catch (error) {
        endProjectRun(this.destinationRoot());
        if (!(error instanceof UserError)) throw error;
        this.log.error(error.message);
        process.exitCode = error.exitCode;
      }
    }
  };
}
