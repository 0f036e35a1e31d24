/** The bin's argument parser, driven by the command's option specs. */
import type { OptionSpec, OptionValues } from '../lib/command.js';
import { UserError } from '../lib/errors.js';

export interface ParsedArgs {
  positionals: string[];
  values: OptionValues;
}

const booleanWords = new Set(['true', 'false', 'yes', 'no']);

/**
 * Parses `--name value`, `--name=value`, `--flag`, `--no-flag`, `--flag=false`.
 * Unknown options are refused rather than ignored, so a typo never goes unnoticed; the
 * refusal points to `helpCommand`, the help of the command being run.
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
    } else if (value === undefined) {
      if (i + 1 >= argv.length || argv[i + 1].startsWith('--')) throw new UserError(`--${name} needs a value`);
      value = argv[++i];
      while (spec.variadic && i + 1 < argv.length && !argv[i + 1].startsWith('-')) value += ` ${argv[++i]}`;
    }
    if (spec.repeatable) {
      const previous = values[name];
      values[name] = [...(Array.isArray(previous) ? previous : []), String(value)];
    } else {
      values[name] = value;
    }
  }
  return { positionals, values };
}
