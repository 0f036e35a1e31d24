/**
 * Options under yo, checked by the bin's rules (cli/args.ts): yo parses the command line
 * without our option types (`--force=maybe` reaches a generator as force: 'maybe', `--remove
 * cors` as remove: 'cors', `--ci a --ci=b` as ci: ['a', 'b'], an unknown `--bogus` as bogus:
 * true), so what it hands over is spelled back as the bin's words and parsed as the bin parses
 * them: the same refusals, with the same messages.
 */
import type { OptionSpec } from '../lib/run/command.js';
import { kebabCase } from '../lib/input/naming.js';
import { type ParsedArgs, booleanSpellings, parseArgs, refuseSpacedValues } from './args.js';

/** Keys Yeoman's environment adds to every generator's options: never typed by the user. */
const environmentKeys = new Set(['env', 'resolved', 'namespace', '_meta', 'sharedData', 'forwardErrorToEnvironment', 'destinationRoot', 'skipParseOptions', 'localConfigOnly']);

/** yo's and Yeoman's own yes/no options: accepted, and checked like ours. */
export const yeomanOptions: readonly OptionSpec[] = ['skip-install', 'skip-cache', 'skip-local-cache', 'force-install', 'ask-answered', 'insight'].map((name) => ({
  name,
  type: 'boolean',
  description: "Yeoman's own",
}));

/**
 * An option's value as typed (`--python-version 3.10`), which yo's parser turned into a
 * number (3.1, and `007` into 7); undefined when the words do not say.
 */
function typedValue(typed: readonly string[], name: string): string | undefined {
  const at = typed.findIndex((word) => word === `--${name}` || word.startsWith(`--${name}=`));
  if (at === -1) return undefined;
  return typed[at] === `--${name}` ? typed[at + 1] : typed[at]!.slice(name.length + 3);
}

/** One value of an option as the bin's words; a yes/no option's non-yes/no word is a positional. */
function words(name: string, value: unknown, spec: OptionSpec | undefined, positionals: string[], joined: ReadonlySet<string>): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => words(name, item, spec, positionals, joined));
  // yo's parser makes `--a.b=1` into a: { b: 1 }.
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => words(`${name}.${key}`, item, undefined, positionals, joined));
  }
  const flag = name.length === 1 ? `-${name}` : `--${name}`;
  if (value === true || value === null) return [flag];
  if (value === false) return [`--no-${name}`];
  const text = String(value);
  // `--remove cors` under yo is remove: 'cors': the option, and its app or plugin as the argument
  // (unless the words as typed say `--remove=cors`, a value for a yes/no option, refused).
  if (spec?.type === 'boolean' && typeof value === 'string' && !booleanSpellings.has(text.toLowerCase()) && !joined.has(name)) {
    positionals.push(text);
    return [flag];
  }
  return [`${flag}=${text}`];
}

/**
 * Parses what the generator was handed with the bin's parser: `given`, the options as yo made
 * them (before Yeoman coerced them to the registered types), and `args`, its words (yo hands
 * only the positionals; a program running the generator may hand options among them too).
 * `typed`, the words as typed after the generator's name when the process has them, is
 * checked for `--celery yes`, which yo's options cannot tell from `--celery=yes`.
 */
export function parseYoOptions(given: Record<string, unknown>, args: readonly string[], specs: OptionSpec[], helpCommand: string, typed: readonly string[] = []): ParsedArgs {
  const all = [...specs, ...yeomanOptions];
  refuseSpacedValues(typed, all);
  const byName = new Map(all.map((spec) => [spec.name, spec]));
  const positionals: string[] = [];
  const typedNames = new Set(typed.filter((word) => word.startsWith('--')).map((word) => word.slice(2).split('=')[0]!.replace(/^no-/, '')));
  const joined = new Set(typed.filter((word) => word.startsWith('--') && word.includes('=')).map((word) => word.slice(2, word.indexOf('='))));
  // yo's parser keeps the words after `--` apart: arguments, whatever they look like.
  const afterDashes = Array.isArray(given['--']) ? given['--'].map(String) : [];
  const entries = Object.entries(given).filter(([key, value]) => !environmentKeys.has(key) && key !== '--' && value !== undefined);
  // yo hands every option over twice, camelCase and kebab-case (`dryRun`, `dry-run`): one of the
  // two is kept, the one typed when the words say (`--\x1b[2J` has no kebab-case).
  const twin = (key: string, value: unknown) => key !== kebabCase(key) && JSON.stringify(given[kebabCase(key)]) === JSON.stringify(value);
  const twins = new Set(entries.filter(([key, value]) => twin(key, value)).map(([key]) => (typedNames.has(key) ? kebabCase(key) : key)));
  const options = entries
    .filter(([key]) => !twins.has(key))
    .map(([key, value]) => [typedNames.has(key) ? key : kebabCase(key), value] as const)
    .map(([name, value]) => [name, typeof value === 'number' ? (typedValue(typed, name) ?? value) : value] as const)
    .flatMap(([name, value]) => words(name, value, byName.get(name), positionals, joined));
  // The words first, so that yo's options never take one of them for a value; then the
  // arguments yo's parser had taken for values (`--remove cors`).
  const end = args.includes('--') ? args.indexOf('--') : args.length;
  const argv = [...args.slice(0, end), ...options, '--', ...args.slice(end + 1), ...positionals, ...afterDashes];
  const parsed = parseArgs(argv, all, helpCommand);
  for (const spec of yeomanOptions) delete parsed.values[spec.name];
  return parsed;
}

/**
 * The words typed after the generator's name (`yo djangoflow:plugin cors --force yes`), from
 * the process's arguments; none when the generator was run from code rather than by yo.
 */
export function typedWords(argv: readonly string[], namespace: string): string[] {
  const short = namespace.replace(/:app$/, '');
  const at = argv.findIndex((word, i) => i > 0 && (word === namespace || word === short));
  if (at === -1) return [];
  const rest = argv.slice(at + 1);
  // yo runs several generators given apart by a comma: only this one's words.
  const end = rest.findIndex((word) => word === ',' || word.endsWith(','));
  return end === -1 ? rest : rest.slice(0, end);
}
