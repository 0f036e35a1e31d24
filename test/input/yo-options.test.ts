/**
 * Issue 15 under yo: the options yo hands a generator are checked by the bin's rules. Each bad
 * command line runs as `yo <words>` (parsed as yo parses it, in a child process) and as
 * `djangoflow <words>`: both refuse it with one line, the same message (in yo's wording),
 * a non-zero exit, no stack trace, and the folder exactly as it was.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { yoWords } from '../../cli/yeoman.js';
import { folderHash } from '../support/folder-hash.js';
import { generate } from '../support/generate.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { installedPackage, yoCommandLine } from '../support/yeoman.js';

interface BadOptions {
  where: 'empty' | 'project';
  /** After `yo`: the generator's name (djangoflow, djangoflow:upgrade, ...), then its words. */
  words: string[];
  message: RegExp;
  /** The bin has no such option (Yeoman's own): only yo's refusal is checked. */
  yoOnly?: boolean;
}

const dirs: string[] = [];
let modules = '';
let fixture = '';
let yo: ReturnType<typeof yoCommandLine>;

beforeAll(async () => {
  modules = installedPackage('yo-options');
  dirs.push(modules);
  yo = yoCommandLine(modules);
  fixture = makeTempDir('yo-options-fixture');
  dirs.push(fixture);
  expect((await generate(['--defaults', '--project-name', 'Yo Input', '--no-docker', '--deploy', 'none'], { cwd: fixture })).code).toBe(0);
  expect((await generate(['startapp', 'blog', '--model', 'Post title:str'], { cwd: fixture })).code).toBe(0);
}, 180_000);
afterAll(() => dirs.forEach(removeTempDir));

const main = (message: RegExp, ...words: string[]): BadOptions => ({ where: 'empty', words: ['djangoflow', '--defaults', ...words], message });
const sub = (command: string, message: RegExp, ...words: string[]): BadOptions => ({ where: 'project', words: [`djangoflow:${command}`, ...words], message });
const spaced = /a yes\/no option takes its value after "=", not as the next word; give --(\S+), --no-\1 or --\1=yes\|no$/;
const notBoolean = /takes yes, no, true, false, 1 or 0; got /;

const rows: BadOptions[] = [
  main(spaced, '--celery', 'yes'),
  main(spaced, '--no-sentry', 'off'),
  main(spaced, '--asgi', '1'),
  main(spaced, '--force', 'true'),
  { where: 'empty', words: ['djangoflow', '--defaults', 'no'], message: spaced },
  main(notBoolean, '--force=maybe'),
  main(notBoolean, '--celery=perhaps'),
  main(notBoolean, '--dry-run=2'),
  main(notBoolean, '--verbose=nope'),
  { where: 'empty', words: ['djangoflow', '--defaults=maybe'], message: /--defaults takes yes, no/ },
  main(/--no-celery takes no value/, '--no-celery=1'),
  main(/--ci is given twice with different values \("github" and "gitlab"\)/, '--ci', 'github', '--ci=gitlab'),
  main(/--celery is given twice with different values \(true and false\)/, '--celery=1', '--no-celery'),
  main(/unknown option --bogus; see yo djangoflow --help/, '--bogus'),
  main(/unknown option --no-project-name/, '--no-project-name'),
  main(/unknown option -x/, '-x'),
  main(/unknown option --a\.b/, '--a.b=1'),
  main(/unknown option --\\x1b\[2J/, '--\x1b[2J'),
  main(/project name must not be empty/, '--project-name='),
  main(/project name must not contain control characters \(found \\x1b\)/, '--project-name', 'Acme\x1b[2J'),
  main(/--database must be one of/, '--database', 'oracle'),
  // yo's parser reads numbers (3.10 as 3.1, 007 as 7): the value is taken as typed.
  main(/--python-version must be one of 3\.12, 3\.13; got "3\.10"$/, '--python-version', '3.10'),
  main(/project slug "007"/, '--project-slug=007'),
  main(/unexpected argument "--celery"/, '--', '--celery'),
  main(/--skip-install takes yes, no/, '--skip-install=maybe'),
  sub('upgrade', spaced, '--check', 'no'),
  sub('upgrade', notBoolean, '--force=maybe'),
  sub('upgrade', /unknown option --bogus; see yo djangoflow:upgrade --help/, '--bogus=1'),
  sub('plugin', spaced, 'cors', '--force', 'yes'),
  sub('plugin', notBoolean, '--list=perhaps'),
  sub('startapp', spaced, 'news', '--dry-run', 'yes'),
  sub('startapp', /unknown option --modle \(did you mean --model\?\); see yo djangoflow:startapp --help/, 'news', '--modle'),
  sub('model', spaced, 'blog', 'Post', '--remove', 'yes'),
  sub('model', notBoolean, 'blog', 'Post', '--remove=x'),
  { where: 'empty', words: ['djangoflow:ui', '--no-open', 'yes'], message: spaced },
];
const table = rows.map((row): BadOptions => (/skip-install/.test(row.words.join(' ')) ? { ...row, yoOnly: true } : row));

/** The one line a run wrote to stderr, checked for what every refusal must be. */
function refusal(stderr: string, prefix: string): string {
  expect(stderr.endsWith('\n')).toBe(true);
  const lines = stderr.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]!.startsWith(`${prefix}: `)).toBe(true);
  expect(lines[0]).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
  expect(lines[0]).not.toMatch(/internal error|\bat .*:\d+:\d+|Error:/);
  return lines[0]!.slice(prefix.length + 2);
}

test('the table holds at least 30 bad command lines', () => {
  expect(table.length).toBeGreaterThanOrEqual(30);
});

// Each row is its own folder and processes: up to jest's maxConcurrency (5) run at a time,
// one row's yo loading Yeoman while another's waits on its files.
test.concurrent.each(table.map((row) => [JSON.stringify(row.words).slice(0, 90), row] as const))(
  'yo %s: is refused as the bin refuses it: one line, the same message, nothing written',
  async (_, row) => {
    const dir = makeTempDir('yo-options');
    dirs.push(dir);
    if (row.where === 'project') cpSync(fixture, dir, { recursive: true });
    const before = folderHash(dir);
    const result = await yo(dir, row.words);
    expect(result.code).not.toBe(0);
    const [namespace, ...words] = row.words;
    const yoLine = refusal(result.stderr, `yo ${namespace!.replace(/:app$/, '')}`);
    expect(yoLine).toMatch(row.message);
    expect(folderHash(dir)).toBe(before);
    if (!row.yoOnly) {
      const command = namespace!.split(':')[1];
      const bin = await generate(command ? [command, ...words] : words, { cwd: dir });
      expect(bin.code).toBe(result.code);
      expect(yoLine).toBe(yoWords(refusal(bin.stderr, 'djangoflow')));
      expect(folderHash(dir)).toBe(before);
    }
    removeTempDir(dir);
  },
  120_000,
);

test('the forms yo accepts still work: --x=yes, --no-x, Yeoman\'s --skip-install, an option before the argument', async () => {
  const dir = makeTempDir('yo-options-ok');
  dirs.push(dir);
  const made = await yo(dir, ['djangoflow', '--defaults', '--celery=yes', '--no-sentry', '--skip-install', '--project-name', 'Yo Ok', '--deploy', 'none']);
  expect(made.code).toBe(0);
  const record = () => JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-djangoflow'];
  expect(record().answers).toMatchObject({ projectName: 'Yo Ok', celery: true, sentry: false });
  const app = await yo(dir, ['djangoflow:startapp', '--force', 'news']);
  expect(app.code).toBe(0);
  expect(record().apps.map((a: { name: string }) => a.name)).toEqual(['news']);
}, 240_000);
