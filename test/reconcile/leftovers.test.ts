/**
 * Files an undone run left behind (lib/reconcile/leftovers.ts): `git reset --hard` or
 * `git stash` takes back a run's tracked changes and its record but leaves the files it
 * created. The next run replaces those that are exactly as a stored render wrote them, and
 * says so, instead of conflicting with them; a leftover edited by a byte, or a file no
 * render wrote, is merged against an empty base as before, and nothing of it is lost.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  expect(run.stdout.split('\n')).toContain('src/apps/news/tests/test_admin.py and 2 more: left by an undone run, unedited: updated as generated files');
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
  expect(run.stdout.split('\n')).toContain('src/apps/news/tests/test_admin.py and 1 more: left by an undone run, unedited: updated as generated files');
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

/** Every file under the app folder (caches aside), path → text. */
function appFiles(dir: string, app: string): Record<string, string> {
  const root = join(dir, 'src/apps', app);
  const entries = readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.parentPath.includes('__pycache__'));
  return Object.fromEntries(entries.map((e) => [join(e.parentPath, e.name).slice(root.length + 1), readFileSync(join(e.parentPath, e.name), 'utf8')]).sort());
}

describe('startapp again after an undone startapp', () => {
  test('the folder the undone run left is started afresh: the app is what a clean startapp makes, stale files deleted', async () => {
    const dir = copy('startapp-again');
    expect((await djangoflow(dir, 'startapp', 'news', '--model', 'Item', 'title:str', '--pages')).code).toBe(0);
    mkdirSync(join(dir, 'src/apps/news/__pycache__'));
    writeFileSync(join(dir, 'src/apps/news/__pycache__/models.cpython-313.pyc'), 'cache'); // ignored by git
    git(dir, 'reset', '-q', '--hard');
    expect(untracked(dir)).toEqual(['src/apps/news/']);

    const run = await djangoflow(dir, 'startapp', 'news', '--model', 'Article', 'body:text');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/conflict/);
    expect(run.stdout).toMatch(/^src\/apps\/news\/__init__\.py and \d+ more: left by an undone run, unedited: updated as generated files$/m);
    expect(run.stdout).toMatch(/^delete\s+src\/apps\/news\/templates\/news\/item_list\.html/m);
    expect(run.stdout).toMatch(/^Added src\/apps\/news\//m);
    const clean = copy('startapp-clean');
    expect((await djangoflow(clean, 'startapp', 'news', '--model', 'Article', 'body:text')).code).toBe(0);
    expect(appFiles(dir, 'news')).toEqual(appFiles(clean, 'news'));
  });

  test('adopt-app of the folder an undone startapp left keeps every file of it', async () => {
    const dir = copy('adopt-leftover');
    expect((await djangoflow(dir, 'startapp', 'news', '--model', 'Item', 'title:str')).code).toBe(0);
    git(dir, 'reset', '-q', '--hard');
    const before = appFiles(dir, 'news');
    const run = await djangoflow(dir, 'adopt-app', 'news');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/^delete/m);
    expect(appFiles(dir, 'news')).toEqual(before);
  });

  test.each([
    ['a migration the user made', 'migrations/0001_initial.py', 'from django.db import migrations\n'],
    ['a leftover edited by one line', 'models.py', null],
  ])('refused, with nothing written, when the folder holds %s', async (_label, file, text) => {
    const dir = copy(`startapp-refused-${file.replace(/\W/g, '-')}`);
    expect((await djangoflow(dir, 'startapp', 'news', '--model', 'Item', 'title:str')).code).toBe(0);
    git(dir, 'reset', '-q', '--hard');
    const path = join(dir, 'src/apps/news', file);
    writeFileSync(path, text ?? `${readFileSync(path, 'utf8')}\n# mine\n`);
    const before = appFiles(dir, 'news');
    const run = await djangoflow(dir, 'startapp', 'news', '--model', 'Article', 'body:text');
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      'djangoflow: src/apps/news already exists and is not on record: choose another app name, record it with djangoflow adopt-app news, or delete it if an undone run left it',
    );
    expect(appFiles(dir, 'news')).toEqual(before);
    expect(git(dir, 'status', '--porcelain')).toBe('?? src/apps/news/\n');
  });
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
