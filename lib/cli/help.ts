import type { OptionSpec } from './args.js';
import { type CommandSpec, commands } from './commands.js';

function optionLine(option: OptionSpec): string {
  const flag = option.type === 'boolean' ? `--${option.name}` : `--${option.name} <${option.valueName ?? 'value'}>`;
  return `  ${flag.padEnd(28)} ${option.description}`;
}

export function commandHelp(command: CommandSpec): string {
  return [`Usage: ${command.usage}`, '', command.summary, '', 'Options:', ...command.options.map(optionLine)].join('\n');
}

export function mainHelp(version: string): string {
  const main = commands.find((c) => c.name === '')!;
  const subcommands = commands.filter((c) => c.name !== '');
  return [
    `djangoflow ${version}: DjangoFlow Django projects, generated and kept up to date`,
    '',
    commandHelp(main),
    '',
    'Commands:',
    ...subcommands.map((c) => `  ${c.usage.padEnd(40)} ${c.summary}`),
    '',
    'Run `djangoflow <command> --help` for the options of a command.',
    'Exit codes: 0 done, 1 error, 2 changes pending (upgrade --check), 3 conflicts left to resolve.',
  ].join('\n');
}
