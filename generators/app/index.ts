import Generator from 'yeoman-generator';
import type { Prompter } from '../../lib/answers.js';
import { commonOptions, questionOptions } from '../../lib/cli/options.js';
import { UserError } from '../../lib/errors.js';
import { run } from './command.js';

/**
 * `yo djangoflow`: the same command as the bin's, with options registered from the
 * question table and prompts through Yeoman's adapter.
 */
export default class DjangoflowGenerator extends Generator {
  constructor(...args: ConstructorParameters<typeof Generator>) {
    super(...args);
    for (const option of [...questionOptions, ...commonOptions]) {
      // Yeoman owns --help, --force and --dry-run itself; ours mean the same.
      if (['help', 'force', 'dry-run'].includes(option.name)) continue;
      this.option(option.name, { type: option.type === 'boolean' ? Boolean : String, description: option.description });
    }
  }

  async writing(): Promise<void> {
    const prompter: Prompter = async (question, defaultValue, validate) => {
      const type = question.type === 'list' ? 'list' : question.type === 'confirm' ? 'confirm' : 'input';
      const answers = await this.prompt([
        {
          type,
          name: 'value',
          message: question.message,
          default: defaultValue,
          choices: question.choices?.map((c) => ({ name: c.label, value: c.value })),
          validate: type === 'input' ? validate : undefined,
        } as never,
      ]);
      return (answers as { value: unknown }).value;
    };
    const values: Record<string, string | boolean> = {};
    for (const option of [...questionOptions, ...commonOptions]) {
      const camel = option.name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      const given = this.options as Record<string, unknown>;
      const value = given[camel] ?? given[option.name];
      if (value !== undefined) values[option.name] = value as string | boolean;
    }
    try {
      const code = await run({
        cwd: this.destinationRoot(),
        positionals: [],
        values,
        out: (line) => this.log(line),
        prompter: values.defaults ? undefined : prompter,
      });
      if (code !== 0) process.exitCode = code;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      this.log.error(error.message);
      process.exitCode = error.exitCode;
    }
  }
}
