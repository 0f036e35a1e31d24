/** `djangoflow --help` and `djangoflow <command> --help`, printed from the command specs. */
import type { CommandSpec, OptionSpec } from '../lib/command.js';
import { exitCodes } from '../lib/exit-codes.js';
import type { TemplateSet } from '../lib/template-set.js';
import { allOptions, commands } from './commands.js';

function optionLine(option: OptionSpec): string {
  const flag = option.type === 'boolean' ? `--${option.name}` : `--${option.name} <${option.valueName ?? 'value'}>`;
  return `  ${flag.padEnd(28)} ${option.description}`;
}

export function commandHelp(command: CommandSpec, templates: TemplateSet): string {
  const positionals = command.positionals ?? [];
  const args = positionals.length ? ['Arguments:', ...positionals.map((p) => `  ${p.name.padEnd(28)} ${p.description}`), ''] : [];
  return [`Usage: ${command.usage}`, '', command.summary, '', ...args, 'Options:', ...allOptions(command, templates).map(optionLine)].join('\n');
}

export function mainHelp(version: string, templates: TemplateSet): string {
  const main = commands.find((c) => c.name === '')!;
  const subcommands = commands.filter((c) => c.name !== '');
  return [
    `djangoflow ${version}: DjangoFlow Django projects, generated and kept up to date`,
    '',
    commandHelp(main, templates),
    '',
    'Commands:',
    ...subcommands.map((c) => `  ${c.usage.padEnd(40)} ${c.summary}`),
    '',
    'Run `djangoflow <command> --help` for the options of a command.',
    `Exit codes: ${exitCodes.done} done, ${exitCodes.error} error, ${exitCodes.changesPending} changes pending (upgrade --check),` +
      ` ${exitCodes.conflicts} conflicts left to resolve.`,
  ].join('\n');
}
