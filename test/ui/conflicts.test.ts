/**
 * The Conflicts section without a browser: a real conflict (the same README line changed by
 * the user and by a changed answer), listed with its hunks and three versions; each choice
 * (yours, the template's, both) written through reconcile's apply under the lock leaves the
 * file equal to that side, with no markers, and the next `djangoflow upgrade --check` has
 * nothing to do; in a git repository the unmerged path is staged; bad resolutions refused.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from '../../generators/ui/session.js';
import { exitCodes } from '../../lib/run/exit-codes.js';
import { JOURNAL_FILE } from '../../lib/reconcile/journal.js';
import { templatesDir } from '../../lib/template-set/paths.js';
import { loadTemplateSet } from '../../lib/template-set/index.js';
import { binPath } from '../support/paths.js';
import { run } from '../support/process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';

const templates = loadTemplateSet(templatesDir());
const ours = 'Our shop, described our way.';
const theirs = 'The Acme online shop';
const dirs: string[] = [];
let conflicted: string;
let original: string;
let line: string;

const cli = (dir: string, args: string[]) => run(process.execPath, [binPath, ...args], { cwd: dir });
const git = (dir: string, ...args: string[]) => run('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir });

function copy(name: string): string {
  const dir = makeTempDir(name);
  dirs.push(dir);
  cpSync(conflicted, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  conflicted = makeTempDir('ui-conflicts');
  dirs.push(conflicted);
  expect((await cli(conflicted, ['--defaults'])).code).toBe(0);
  const readme = join(conflicted, 'README.md');
  original = readFileSync(readme, 'utf8');
  line = original.split('\n').find((l) => l.includes('a Django project in the DjangoFlow layout'))!;
  writeFileSync(readme, original.replace(line, ours));
  const result = await cli(conflicted, ['--description', theirs]);
  expect(result.code).toBe(exitCodes.conflicts);
  expect(readFileSync(readme, 'utf8')).toMatch(/^<<<<<<< yours$/m);
});
afterAll(() => dirs.forEach((dir) => removeTempDir(dir)));

test('the conflicted file is listed with its hunk and its three versions', async () => {
  const session = new Session(conflicted, templates, false);
  const conflicts = await session.conflicts();
  expect(conflicts.map((c) => c.path)).toEqual(['README.md']);
  const [file] = conflicts;
  expect(file!.hunks).toHaveLength(1);
  expect(file!.hunks[0]!.yours).toContain(ours);
  expect(file!.hunks[0]!.base).toContain(line);
  expect(file!.hunks[0]!.template).toContain(theirs);
  expect(file!.versions!.base).toBe(original);
  expect(file!.versions!.yours).toBe(original.replace(line, ours));
  expect(file!.versions!.yours).not.toContain('<<<<<<<');
  expect(file!.versions!.template).toContain(theirs);
});

test.each(['yours', 'template', 'both'] as const)('choosing %s writes that side, leaves no marker, and the next run has nothing to do', async (choice) => {
  const dir = copy(`ui-conflicts-${choice}`);
  const session = new Session(dir, templates, false);
  const [file] = await session.conflicts();
  const result = await session.resolveConflict({ path: 'README.md', choices: [choice] });
  expect(result.conflicts).toEqual([]);
  expect(result.lines).toContain('resolved  README.md');
  const written = readFileSync(join(dir, 'README.md'), 'utf8');
  const { yours, template } = file!.hunks[0]!;
  const expected = choice === 'yours' ? file!.versions!.yours : choice === 'template' ? file!.versions!.template : file!.versions!.yours.replace(yours, yours + template);
  expect(written).toBe(expected);
  expect(written).not.toMatch(/^(<{7}|={7}|>{7}|\|{7})/m);
  expect(existsSync(join(dir, JOURNAL_FILE))).toBe(false);
  expect(await session.conflicts()).toEqual([]);
  const check = await cli(dir, ['upgrade', '--check']);
  expect(check.stdout).not.toMatch(/README\.md/);
  expect(check.code).toBe(exitCodes.done);
  // The file stays as chosen when djangoflow runs again.
  expect((await cli(dir, [])).code).toBe(exitCodes.done);
  expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe(expected);
});

test('a resolution that does not fit is refused and writes nothing', async () => {
  const dir = copy('ui-conflicts-bad');
  const session = new Session(dir, templates, false);
  const before = readFileSync(join(dir, 'README.md'), 'utf8');
  await expect(session.resolveConflict({ path: 'README.md', choices: [] })).rejects.toThrow('README.md has 1 conflicted hunks: choose for each (0 given)');
  await expect(session.resolveConflict({ path: 'pyproject.toml', choices: ['yours'] })).rejects.toThrow('pyproject.toml has no unresolved conflict');
  await expect(session.resolveConflict({ path: '../README.md', choices: ['yours'] })).rejects.toThrow('has no unresolved conflict');
  expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe(before);
});

test('in a git repository the unmerged path is staged once resolved', async () => {
  const dir = makeTempDir('ui-conflicts-git');
  dirs.push(dir);
  expect((await cli(dir, ['--defaults'])).code).toBe(0);
  await git(dir, 'init', '-q');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-qm', 'generated');
  const readme = join(dir, 'README.md');
  writeFileSync(readme, readFileSync(readme, 'utf8').replace(line, ours));
  await git(dir, 'commit', '-qam', 'ours');
  expect((await cli(dir, ['--description', theirs])).code).toBe(exitCodes.conflicts);
  expect((await git(dir, 'ls-files', '-u', '--', 'README.md')).stdout.toString()).not.toBe('');
  const session = new Session(dir, templates, false);
  const result = await session.resolveConflict({ path: 'README.md', choices: ['template'] });
  expect(result.lines).toContain('git add README.md: no longer unmerged');
  expect((await git(dir, 'ls-files', '-u', '--', 'README.md')).stdout.toString()).toBe('');
  expect(result.conflicts).toEqual([]);
});
