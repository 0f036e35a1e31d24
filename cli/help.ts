/** `djangoflow --help` and `djangoflow <command> --help`, printed from the command specs. */
import type { CommandSpec, OptionSpec } from '../lib/run/command.js';
import { exitCodes, signalExitCodes } from '../lib/run/exit-codes.js';
import type { TemplateSet } from '../lib/template-set/index.js';
import { allOptions, commands } from './commands.js';

const FLAG_WIDTH = 34;

/** The command line a user types for `command` (the main command has no name). */
export function commandLine(command: CommandSpec): string {
  return command.name ? `djangoflow ${command.name}` : 'djangoflow';
}

function optionLine(option: OptionSpec): string {
  const flag =
    option.name === 'help'
      ? '-h, --help'
      : option.type === 'boolean'
        ? `--${option.name}, --no-${option.name}`
        : `--${option.name} <${option.valueName ?? 'value'}>`;
  const text = option.default === undefined ? option.description : `${option.description} (default: ${option.default})`;
  // A long flag gets its own line, so the descriptions stay in one column.
  return flag.length < FLAG_WIDTH ? `  ${flag.padEnd(FLAG_WIDTH)} ${text}` : `  ${flag}\n  ${' '.repeat(FLAG_WIDTH)} ${text}`;
}

/** The footer every help ends with: how yes/no options are spelled, and the exit codes. */
function footer(): string[] {
  return [
    'A yes/no option --x is also given as --x=yes or --x=no (after "=", never as the next word); --no-x is --x=no.',
    `Exit codes: ${exitCodes.done} done, ${exitCodes.error} error, ${exitCodes.changesPending} changes pending (upgrade --check),` +
      ` ${exitCodes.conflicts} conflicts left to resolve (or unresolved, upgrade --check), ${exitCodes.cancelled} cancelled (Ctrl-C at a prompt; nothing written),` +
      ` ${signalExitCodes.SIGINT}/${signalExitCodes.SIGTERM}/${signalExitCodes.SIGHUP} interrupted (SIGINT/SIGTERM/SIGHUP).`,
  ];
}

/** The command's positionals, in the options' column. */
function argumentsBlock(command: CommandSpec): string[] {
  const positionals = command.positionals ?? [];
  return positionals.length ? ['Arguments:', ...positionals.map((p) => `  ${p.name.padEnd(FLAG_WIDTH)} ${p.description}`), ''] : [];
}

function optionsBlock(command: CommandSpec, templates: TemplateSet): string[] {
  return [`Usage: ${command.usage}`, '', command.summary, '', ...argumentsBlock(command), 'Options:', ...allOptions(command, templates).map(optionLine)];
}

export function commandHelp(command: CommandSpec, templates: TemplateSet): string {
  return [...optionsBlock(command, templates), '', ...footer()].join('\n');
}

export function mainHelp(version: string, templates: TemplateSet): string {
  const main = commands.find((c) => c.name === '')!;
  const subcommands = commands.filter((c) => c.name !== '');
  return [
    `djangoflow ${version}: DjangoFlow Django projects, generated and kept up to date`,
    '',
    ...optionsBlock(main, templates),
    `  ${'-v, --version'.padEnd(FLAG_WIDTH)} Print the generator version`,
    '',
    'Commands:',
    ...subcommands.map((c) => `  ${c.usage.padEnd(40)} ${c.summary}`),
    '',
    'Run `djangoflow <command> --help` for the options of a command.',
    ...footer(),
  ].join('\n');
}
