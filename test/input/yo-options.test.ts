/**
 * Issue 15 under yo: the options yo hands a generator are checked by the bin's rules. Each bad
 * command line runs as `yo <words>` (parsed as yo parses it, in a child process) and as
 * `djangoflow <words>`: both refuse it with one line, the same message (in yo's wording),
 * a non-zero exit, no stack trace, and the folder exactly as it was. The first row of the
 * main generator and of a sub-generator run yo in a process of their own; the others one
 * after another in one process that loads Yeoman once (support/yeoman.ts yoCommandLines).
 * The djangoflow side runs the bin's main in this process (generate-in-process.ts): the
 * bin's own process is the subject of bad-input.test.ts; here it is the reference.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { yoWords } from '../../cli/yeoman.js';
import { folderHash } from '../support/folder-hash.js';
import { memoryTempRoot } from '../support/memory-tmp.js';
import type { RunResult } from '../support/process.js';
import { generateInProcess } from '../support/generate-in-process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { installedPackage, yoCommandLine, yoCommandLines } from '../support/yeoman.js';

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
let yoBatch: ReturnType<typeof yoCommandLines>;

beforeAll(async () => {
  modules = installedPackage('yo-options');
  dirs.push(modules);
  yo = yoCommandLine(modules);
  yoBatch = yoCommandLines(modules);
  fixture = makeTempDir('yo-options-fixture', memoryTempRoot);
  dirs.push(fixture);
  expect((await generateInProcess(['--defaults', '--project-name', 'Yo Input', '--no-docker', '--deploy', 'none'], { cwd: fixture })).code).toBe(0);
  expect((await generateInProcess(['startapp', 'blog', '--model', 'Post title:str'], { cwd: fixture })).code).toBe(0);
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

/** A run of a row in a folder of its own, hashed before and after. */
interface Refusal {
  result: RunResult;
  before: string;
  after: string;
}
const yoRuns = new Map<BadOptions, Refusal>();
const binRuns = new Map<BadOptions, Refusal>();

function rowFolder(row: BadOptions): { dir: string; before: string } {
  const dir = makeTempDir('yo-options', memoryTempRoot);
  dirs.push(dir);
  if (row.where === 'project') cpSync(fixture, dir, { recursive: true });
  return { dir, before: folderHash(dir) };
}

/** Each kind's first row: yo in a process of its own; the rest in one batch. */
const ownProcess = new Set([table.find((row) => row.where === 'empty'), table.find((row) => row.where === 'project')]);

beforeAll(async () => {
  const batched = table.filter((row) => !ownProcess.has(row)).map((row) => ({ row, ...rowFolder(row) }));
  const results = await yoBatch(batched.map(({ dir, row }) => ({ cwd: dir, words: row.words })));
  batched.forEach(({ row, dir, before }, i) => yoRuns.set(row, { result: results[i]!, before, after: folderHash(dir) }));
  for (const row of ownProcess) {
    const { dir, before } = rowFolder(row!);
    yoRuns.set(row!, { result: await yo(dir, row!.words), before, after: folderHash(dir) });
  }
  // The bin's side, one row after another (in this process: generate-in-process.ts).
  for (const row of table.filter((r) => !r.yoOnly)) {
    const { dir, before } = rowFolder(row);
    const [namespace, ...words] = row.words;
    const command = namespace!.split(':')[1];
    const result = await generateInProcess(command ? [command, ...words] : words, { cwd: dir });
    binRuns.set(row, { result, before, after: folderHash(dir) });
  }
}, 600_000);

test.each(table.map((row) => [`${ownProcess.has(row) ? '(own process) ' : ''}${JSON.stringify(row.words).slice(0, 90)}`, row] as const))(
  'yo %s: is refused as the bin refuses it: one line, the same message, nothing written',
  (_, row) => {
    const { result, before, after } = yoRuns.get(row)!;
    expect(result.code).not.toBe(0);
    const [namespace] = row.words;
    const yoLine = refusal(result.stderr, `yo ${namespace!.replace(/:app$/, '')}`);
    expect(yoLine).toMatch(row.message);
    expect(after).toBe(before);
    if (!row.yoOnly) {
      const bin = binRuns.get(row)!;
      expect(bin.result.code).toBe(result.code);
      expect(yoLine).toBe(yoWords(refusal(bin.result.stderr, 'djangoflow')));
      expect(bin.after).toBe(bin.before);
    }
  },
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
