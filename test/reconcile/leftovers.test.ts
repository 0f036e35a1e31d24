/**
 * Files an undone run left behind (lib/reconcile/leftovers.ts): `git reset --hard` or
 * `git stash` takes back a run's tracked changes and its record but leaves the files it
 * created. The next run replaces those that are exactly as a stored render wrote them, and
 * says so, instead of conflicting with them; a leftover edited by a byte, or a file no
 * render wrote, is merged against an empty base as before, and nothing of it is lost.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leftoversOfUndoneRuns } from '../../lib/reconcile/leftovers.js';
import { generateInProcess } from '../support/generate-in-process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { blogProject, commitAll, git } from '../model/blog-project.js';

const { copy } = blogProject('leftovers');
const djangoflow = (dir: string, ...args: string[]) => generateInProcess(args, { cwd: dir });
const untracked = (dir: string) =>
  git(dir, 'status', '--porcelain')
    .split('\n')
    .filter((line) => line.startsWith('?? '))
    .map((line) => line.slice(3));

/** An app without models; its first model, `Item`, not committed, then undone with `undo`: the model's new files stay, untracked. */
async function undoneFirstModel(label: string, undo: string[]): Promise<string> {
  const dir = copy(label);
  expect((await djangoflow(dir, 'startapp', 'news')).code).toBe(0);
  commitAll(dir, 'news');
  expect((await djangoflow(dir, 'model', 'news', 'Item', 'title:str')).code).toBe(0);
  git(dir, ...undo);
  expect(untracked(dir)).toEqual(['src/apps/news/tests/test_admin.py', 'src/apps/news/tests/test_api.py', 'src/apps/news/tests/test_models.py']);
  expect(readFileSync(join(dir, 'src/apps/news/tests/test_models.py'), 'utf8')).toMatch(/Item/);
  return dir;
}

test.each([
  ['git reset --hard', ['reset', '-q', '--hard']],
  ['git stash', ['stash', '-q']],
])('after %s, the run replaces the untouched files of the undone one, without a conflict', async (_label, undo) => {
  const dir = await undoneFirstModel(undo[0]!, undo);
  const run = await djangoflow(dir, 'model', 'news', 'Article', 'body:text');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).not.toMatch(/conflict/);
  expect(run.stdout.split('\n')).toContain('src/apps/news/tests/test_admin.py and 2 more: left by an undone run and unedited since; the new render replaces them');
  for (const test of ['test_admin.py', 'test_api.py', 'test_models.py']) {
    const text = readFileSync(join(dir, 'src/apps/news/tests', test), 'utf8');
    expect(text).toMatch(/Article/);
    expect(text).not.toMatch(/Item/);
  }
  expect(git(dir, 'ls-files', '--unmerged')).toBe('');
});

test('a leftover edited by one line is merged against an empty base as before: a conflict that keeps the line', async () => {
  const dir = await undoneFirstModel('edited', ['reset', '-q', '--hard']);
  const path = join(dir, 'src/apps/news/tests/test_models.py');
  writeFileSync(path, `${readFileSync(path, 'utf8')}\n\n# keep me\n`);
  const run = await djangoflow(dir, 'model', 'news', 'Article', 'body:text');
  expect(run.code).toBe(3);
  expect(run.stdout).toMatch(/^conflict\s+src\/apps\/news\/tests\/test_models\.py: you already had this file: merged against an empty base/m);
  expect(readFileSync(path, 'utf8')).toContain('# keep me');
  // The other leftovers are replaced, and the note names those only.
  expect(run.stdout.split('\n')).toContain('src/apps/news/tests/test_admin.py and 1 more: left by an undone run and unedited since; the new render replaces them');
  expect(readFileSync(join(dir, 'src/apps/news/tests/test_admin.py'), 'utf8')).not.toMatch(/Item/);
});

test('a file no render wrote (the user made it) is never taken for a leftover', async () => {
  const dir = copy('own-file');
  expect((await djangoflow(dir, 'startapp', 'news')).code).toBe(0);
  writeFileSync(join(dir, 'src/apps/news/tests/test_models.py'), 'def test_mine():\n    assert True\n');
  commitAll(dir, 'news, with my own model tests');
  const run = await djangoflow(dir, 'model', 'news', 'Article', 'body:text');
  expect(run.stdout).not.toMatch(/undone run/);
  expect(run.stdout).toMatch(/src\/apps\/news\/tests\/test_models\.py: you already had this file: merged against an empty base/);
  expect(readFileSync(join(dir, 'src/apps/news/tests/test_models.py'), 'utf8')).toContain('def test_mine():');
});

describe('leftoversOfUndoneRuns', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeTempDir));

  test('a project in a subfolder of its repository: its stored renders are found under its own ref', async () => {
    const root = makeTempDir('leftovers-subfolder');
    dirs.push(root);
    git(root, 'init', '-q');
    const dir = join(root, 'web');
    mkdirSync(dir);
    expect((await djangoflow(dir, '--defaults', '--project-name', 'Acme')).code).toBe(0);
    commitAll(root, 'generated');
    expect((await djangoflow(dir, 'startapp', 'news')).code).toBe(0);
    git(root, 'reset', '-q', '--hard');
    const models = readFileSync(join(dir, 'src/apps/news/models.py'));
    const base = new Map([['README.md', 'x']]);
    const theirs = new Map([
      ['src/apps/news/models.py', 'new'],
      ['src/apps/news/nothing-here.py', 'new'],
    ]);
    expect(await leftoversOfUndoneRuns(dir, base, theirs)).toEqual(new Map([['src/apps/news/models.py', models.toString('utf8')]]));
    // A path the base has is no leftover, and without a base (a new project) nothing is.
    expect(await leftoversOfUndoneRuns(dir, new Map([['src/apps/news/models.py', 'old']]), theirs)).toEqual(new Map());
    expect(await leftoversOfUndoneRuns(dir, null, theirs)).toEqual(new Map());
  });

  test('outside git there is no stored history to recognise a file by', async () => {
    const dir = makeTempDir('leftovers-no-git');
    dirs.push(dir);
    writeFileSync(join(dir, 'a.py'), 'x\n');
    expect(await leftoversOfUndoneRuns(dir, new Map(), new Map([['a.py', 'y\n']]))).toEqual(new Map());
  });
});
