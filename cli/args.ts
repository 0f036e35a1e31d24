/** The bin's argument parser, driven by the command's option specs. */
import type { OptionSpec, OptionValues } from '../lib/run/command.js';
import { UserError } from '../lib/input/errors.js';
import { clipped, quoted, shown } from '../lib/input/text.js';
import { didYouMean } from '../lib/input/suggest.js';

export interface ParsedArgs {
  positionals: string[];
  values: OptionValues;
}

/** The documented spellings of a boolean option's value; anything else is refused. */
const booleanValues: Record<string, boolean> = { yes: true, true: true, '1': true, no: false, false: false, '0': false };
/**
 * Words that read as a yes/no value. Right after a yes/no option (`--celery no`) such a word is
 * refused rather than guessed at: taken as the value it would surprise whoever meant a
 * positional, taken as a positional whoever meant the value. Any other word there is a positional.
 */
export const booleanSpellings = new Set(['yes', 'no', 'true', 'false', '1', '0', 'on', 'off']);

/**
 * Refuses a yes/no spelling as the word after a yes/no option (`--celery yes`, `--no-celery off`),
 * naming the accepted forms. The bin checks its arguments with it; under yo, whose parser has
 * already made `--celery yes` into celery: 'yes', the words as typed are checked.
 */
export function refuseSpacedValues(argv: readonly string[], specs: readonly OptionSpec[]): void {
  const booleans = new Set(specs.filter((spec) => spec.type === 'boolean').map((spec) => spec.name));
  for (let i = 0; i + 1 < argv.length && argv[i] !== '--'; i++) {
    const flag = argv[i]!;
    // Stryker disable next-line Regex: a flag starts with "-", so a "--" found later leaves a name starting with "-", never an option's
    const name = flag === '-h' ? 'help' : flag.replace(/^--(no-)?/, '');
    if (!flag.startsWith('-') || flag.includes('=') || !booleans.has(name) || !booleanSpellings.has(argv[i + 1]!.toLowerCase())) continue;
    throw new UserError(
      `${flag} ${shown(argv[i + 1]!)}: a yes/no option takes its value after "=", not as the next word; give --${name}, --no-${name} or --${name}=yes|no`,
    );
  }
}

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
 * A yes/no spelling as the word after a yes/no option (`--celery yes`) is refused (booleanSpellings).
 * Unknown options are refused rather than ignored, so a typo never goes unnoticed; so is an
 * option given twice with different values (which one was meant?). A refusal points to
 * `helpCommand`, the help of the command being run.
 */
export function parseArgs(argv: string[], specs: OptionSpec[], helpCommand = 'djangoflow --help'): ParsedArgs {
  refuseSpacedValues(argv, specs);
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const positionals: string[] = [];
  const values: OptionValues = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg !== '-' && arg !== '-h') throw new UserError(`unknown option ${clipped(arg)}; see ${helpCommand}`);
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
    if (!spec) throw new UserError(`unknown option ${clipped(`--${name}`)}${didYouMean(name, byName.keys(), (n) => `--${n}`)}; see ${helpCommand}`);
    if (spec.type === 'boolean') {
      if (value === undefined) value = true;
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
