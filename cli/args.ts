/** The bin's argument parser, driven by the command's option specs. */
import type { OptionSpec, OptionValues } from '../lib/command.js';
import { UserError } from '../lib/errors.js';
import { quoted } from '../lib/text.js';

export interface ParsedArgs {
  positionals: string[];
  values: OptionValues;
}

/** The documented spellings of a boolean option's value; anything else is refused. */
const booleanValues: Record<string, boolean> = { yes: true, true: true, '1': true, no: false, false: false, '0': false };
/** Words taken as a boolean option's value when they follow it (`--celery no`); digits are not. */
const booleanWords = new Set(['true', 'false', 'yes', 'no']);

function booleanValue(name: string, value: string): boolean {
  const parsed = booleanValues[value.toLowerCase()];
  if (parsed === undefined) throw new UserError(`--${name} takes yes, no, true, false, 1 or 0; got ${quoted(value)}`);
  return parsed;
}

function show(value: string | boolean): string {
  return typeof value === 'boolean' ? String(value) : quoted(value);
}

/**
 * Parses `--name value`, `--name=value`, `--flag`, `--no-flag`, `--flag=yes|no|true|false|1|0`.
 * Unknown options are refused rather than ignored, so a typo never goes unnoticed; so is an
 * option given twice with different values (which one was meant?). A refusal points to
 * `helpCommand`, the help of the command being run.
 */
export function parseArgs(argv: string[], specs: OptionSpec[], helpCommand = 'djangoflow --help'): ParsedArgs {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const positionals: string[] = [];
  const values: OptionValues = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      if (arg.startsWith('-') && arg !== '-' && arg !== '-h') throw new UserError(`unknown option ${arg}; see ${helpCommand}`);
      if (arg === '-h') values.help = true;
      else positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    let name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let value: string | boolean | undefined = eq === -1 ? undefined : arg.slice(eq + 1);
    if (!byName.has(name) && name.startsWith('no-') && byName.get(name.slice(3))?.type === 'boolean') {
      if (value !== undefined) throw new UserError(`--${name} takes no value`);
      name = name.slice(3);
      value = false;
    }
    const spec = byName.get(name);
    if (!spec) throw new UserError(`unknown option --${name}; see ${helpCommand}`);
    if (spec.type === 'boolean') {
      if (value === undefined) {
        const next = argv[i + 1]?.toLowerCase();
        value = next !== undefined && booleanWords.has(next) ? argv[++i] : true;
      }
      if (typeof value === 'string') value = booleanValue(name, value);
    } else if (value === undefined) {
      if (i + 1 >= argv.length || argv[i + 1].startsWith('--')) throw new UserError(`--${name} needs a value`);
      value = argv[++i];
      while (spec.variadic && i + 1 < argv.length && !argv[i + 1].startsWith('-')) value += ` ${argv[++i]}`;
    }
    if (spec.repeatable) {
      const previous = values[name];
      values[name] = [...(Array.isArray(previous) ? previous : []), String(value)];
    } else {
      const previous = values[name];
      if (previous !== undefined && previous !== value) {
        throw new UserError(`--${name} is given twice with different values (${show(previous as string | boolean)} and ${show(value)})`);
      }
      values[name] = value;
    }
  }
  return { positionals, values };
}
