import { parseArgs } from '../../cli/args.js';
import type { OptionSpec } from '../../lib/run/command.js';

const specs: OptionSpec[] = [
  { name: 'celery', type: 'boolean', description: '' },
  { name: 'ci', type: 'string', description: '' },
  { name: 'model', type: 'string', description: '', repeatable: true, variadic: true },
];

describe('parseArgs', () => {
  it('reads values, flags, negations and repeats', () => {
    expect(parseArgs(['blog', '--ci', 'gitlab', '--no-celery', '--model', 'A', '--model=B'], specs)).toEqual({
      positionals: ['blog'],
      values: { ci: 'gitlab', celery: false, model: ['A', 'B'] },
    });
    expect(parseArgs(['--celery'], specs).values).toEqual({ celery: true });
    expect(parseArgs(['--celery=no'], specs).values).toEqual({ celery: false });
    // A word that is no yes/no spelling after a yes/no option is a positional.
    expect(parseArgs(['--celery', 'blog'], specs)).toEqual({ positionals: ['blog'], values: { celery: true } });
    expect(parseArgs(['--no-celery', 'blog'], specs)).toEqual({ positionals: ['blog'], values: { celery: false } });
    expect(parseArgs(['--ci=none'], specs).values).toEqual({ ci: 'none' });
    expect(parseArgs(['blog', '--model', 'Post', 'title:str', 'n:int', '--model', 'Tag', '--ci', 'x'], specs)).toEqual({
      positionals: ['blog'],
      values: { model: ['Post title:str n:int', 'Tag'], ci: 'x' },
    });
  });

  it.each<[string[], RegExp]>([
    [['--cii', 'x'], /unknown option --cii/],
    [['--ci'], /--ci needs a value/],
    [['-x'], /unknown option -x/],
    [['--no-celery=1'], /takes no value/],
    ...['yes', 'no', 'true', 'false', '1', '0', 'on', 'off', 'YES', 'No'].flatMap((word): [string[], RegExp][] => [
      [['--celery', word], new RegExp(`^--celery ${word}: a yes/no option takes its value after "=", not as the next word; give --celery, --no-celery or --celery=yes\\|no$`)],
      [['blog', '--no-celery', word], new RegExp(`^--no-celery ${word}: .* give --celery, --no-celery or --celery=yes\\|no$`)],
    ]),
    [['--ci', 'a', '--ci', 'b'], /^--ci is given twice with different values \("a" and "b"\)$/],
    [['--ci=a', '--ci', 'b'], /^--ci is given twice with different values \("a" and "b"\)$/],
    [['--celery', '--no-celery'], /^--celery is given twice with different values \(true and false\)$/],
    [['--celery=no', '--celery'], /^--celery is given twice with different values \(false and true\)$/],
    [['--celery=maybe'], /^--celery takes yes, no, true, false, 1 or 0; got "maybe"$/],
    [['-', '--nope'], /^unknown option --nope; see djangoflow --help$/],
    [['-v'], /^unknown option -v; see djangoflow --help$/],
    [['--model'], /^--model needs a value$/],
    [['--ci', '--celery'], /^--ci needs a value$/],
    [['--no-ci'], /^unknown option --no-ci; see djangoflow --help$/],
    [['--no-model'], /^unknown option --no-model; see djangoflow --help$/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArgs(argv, specs)).toThrow(message);
  });

  it('takes an option repeated with the same value, -h, "-" and everything after "--"', () => {
    expect(parseArgs(['--ci', 'a', '--ci=a', '--celery', '--celery=yes'], specs).values).toEqual({ ci: 'a', celery: true });
    expect(parseArgs(['-h', '-', 'x'], specs)).toEqual({ positionals: ['-', 'x'], values: { help: true } });
    expect(parseArgs(['a', '--', '--ci', '-x', '--'], specs)).toEqual({ positionals: ['a', '--ci', '-x', '--'], values: {} });
    expect(parseArgs(['--model', 'A', 'b', '-h'], specs).values).toEqual({ model: ['A b'], help: true });
    expect(parseArgs(['--ci', 'a', 'b'], specs)).toEqual({ positionals: ['b'], values: { ci: 'a' } });
    expect(parseArgs(['--celery=TRUE', '--ci', '-'], specs).values).toEqual({ celery: true, ci: '-' });
    expect(() => parseArgs(['--cix'], specs, 'djangoflow startapp --help')).toThrow('unknown option --cix (did you mean --ci?); see djangoflow startapp --help');
    expect(parseArgs(['--celery', 'x', '--', 'yes'], specs)).toEqual({ positionals: ['x', 'yes'], values: { celery: true } });
  });

  // Mutation testing (npm run mutate -- args) found these edges untested.
  it('reads every documented yes/no spelling after "="', () => {
    for (const [word, value] of [['yes', true], ['true', true], ['1', true], ['no', false], ['false', false], ['0', false], ['YES', true], ['False', false]] as const) {
      expect(parseArgs([`--celery=${word}`], specs).values).toEqual({ celery: value });
    }
  });

  it('refuses a yes/no word only after a yes/no option given as an option, before "--"', () => {
    // A string option takes the word as its value; a positional that spells an option's name is a positional.
    expect(parseArgs(['--ci', 'yes'], specs)).toEqual({ positionals: [], values: { ci: 'yes' } });
    expect(parseArgs(['celery', 'yes'], specs)).toEqual({ positionals: ['celery', 'yes'], values: {} });
    expect(parseArgs(['--', '--celery', 'yes'], specs)).toEqual({ positionals: ['--celery', 'yes'], values: {} });
    // -h is --help: `-h no` is refused like `--help no`.
    const withHelp: OptionSpec[] = [...specs, { name: 'help', type: 'boolean', description: '' }];
    expect(() => parseArgs(['-h', 'no'], withHelp)).toThrow(/^-h no: a yes\/no option .* give --help, --no-help or --help=yes\|no$/);
    expect(parseArgs(['-h', 'blog'], withHelp)).toEqual({ positionals: ['blog'], values: { help: true } });
  });

  it('takes --no- only as the prefix of a yes/no option, and a variadic value up to the end', () => {
    expect(() => parseArgs(['--to-celery'], specs)).toThrow(/^unknown option --to-celery/);
    expect(() => parseArgs(['--no-bogus'], specs)).toThrow(/^unknown option --no-bogus; see djangoflow --help$/);
    expect(parseArgs(['--model', 'Post', 'title:str'], specs).values).toEqual({ model: ['Post title:str'] });
    expect(parseArgs(['--model', 'Post'], specs).values).toEqual({ model: ['Post'] });
  });
});
