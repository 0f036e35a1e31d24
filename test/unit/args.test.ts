import { parseArgs } from '../../cli/args.js';
import type { OptionSpec } from '../../lib/command.js';

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
});
