import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { applyReconcile, FALLBACK_STORE, loadPristine, planReconcile, PRISTINE_REF, savePristine } from '../../lib/reconcile/index.js';
import { findGitRepo, gitFailure, gitOrThrow, hashObjects, runGit, writeBlobs } from '../../lib/reconcile/git.js';
import { loadRenderOf } from '../../lib/reconcile/store.js';
import { git, initRepo, makeProject, removeProjects, tree, writeFiles } from './helpers.js';

afterEach(removeProjects);

const PRISTINE = tree({
  'README.md': '# Acme\n',
  'src/config/settings/base.py': 'DEBUG = False\n',
  'src/static/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]),
  'docs/ü nicode name.md': 'ünïcode\n',
  'empty.py': '',
});

describe('pristine store', () => {
  it('returns null when nothing was saved', async () => {
    const dir = makeProject();
    expect(await loadPristine(dir)).toBeNull();
    initRepo(dir);
    expect(await loadPristine(dir)).toBeNull();
  });

  it('returns null for a project folder that does not exist yet', async () => {
    expect(await loadPristine(join(makeProject(), 'not-yet'))).toBeNull();
  });

  it('round-trips through a private ref in a git repository without touching the work tree or index', async () => {
    const dir = makeProject({ 'README.md': '# edited\n' });
    initRepo(dir);
    await savePristine(dir, PRISTINE);
    expect(await loadPristine(dir)).toEqual(PRISTINE);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(git(dir, 'ls-files')).toBe('README.md\n');
    expect(git(dir, 'show', `${PRISTINE_REF}:README.md`)).toBe('# Acme\n');
    expect(existsSync(join(dir, '.djangoflow'))).toBe(false);
  });

  it('works in a repository without any commit yet', async () => {
    const dir = makeProject();
    git(dir, 'init', '-q');
    await savePristine(dir, PRISTINE);
    expect(await loadPristine(dir)).toEqual(PRISTINE);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('keeps the previous base as the parent commit', async () => {
    const dir = makeProject();
    initRepo(dir);
    await savePristine(dir, tree({ 'a.py': 'a = 1\n' }));
    await savePristine(dir, tree({ 'a.py': 'a = 2\n' }), 'djangoflow 0.2.0');
    expect(git(dir, 'log', '--format=%s', PRISTINE_REF)).toBe('djangoflow 0.2.0\ndjangoflow pristine render\n');
    expect(await loadPristine(dir)).toEqual(tree({ 'a.py': 'a = 2\n' }));
  });

  it('does not grow the history when the base is unchanged, in this process or the next', async () => {
    const dir = makeProject();
    initRepo(dir);
    await savePristine(dir, PRISTINE, 'first');
    await savePristine(dir, PRISTINE, 'same again');
    await loadPristine(dir); // the next command reads the base first
    await savePristine(dir, PRISTINE, 'and again');
    expect(git(dir, 'log', '--format=%s', PRISTINE_REF)).toBe('first\n');
  });

  it('stores files removed, added and renamed since the last base, under any name', async () => {
    const dir = makeProject();
    initRepo(dir);
    await savePristine(dir, PRISTINE);
    const next = tree({
      'README.md': '# Acme\n',
      'docs/"quoted" \\ name.md': 'quoted\n',
      'src/static/moved.png': PRISTINE.get('src/static/logo.png')!,
    });
    await savePristine(dir, next, 'next');
    expect(await loadPristine(dir)).toEqual(next);
    expect(git(dir, 'log', '--format=%s', PRISTINE_REF)).toBe('next\ndjangoflow pristine render\n');
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('stores the base of a project in a subfolder under its own ref', async () => {
    const root = makeProject();
    initRepo(root);
    const dir = join(root, 'services', 'shop');
    writeFiles(dir, { 'keep.txt': 'x\n' });
    await savePristine(dir, PRISTINE);
    expect(git(root, 'for-each-ref', '--format=%(refname)', 'refs/djangoflow')).toBe('refs/djangoflow/projects/services/shop/pristine\n');
    expect(await loadPristine(dir)).toEqual(PRISTINE);
    expect(await loadPristine(root)).toBeNull();
  });

  it('finds the repository of a linked worktree (a .git file) through git', async () => {
    const main = makeProject({ 'README.md': '# main\n' });
    initRepo(main);
    const linked = join(makeProject(), 'linked');
    git(main, 'worktree', 'add', '-q', linked);
    await savePristine(linked, PRISTINE);
    expect(await loadPristine(linked)).toEqual(PRISTINE);
    expect(git(main, 'show', `${PRISTINE_REF}:README.md`)).toBe('# Acme\n');
    expect(existsSync(join(linked, '.djangoflow'))).toBe(false);
  });

  it('round-trips through .djangoflow/pristine.json outside git', async () => {
    const dir = makeProject();
    await savePristine(dir, PRISTINE);
    expect(existsSync(join(dir, FALLBACK_STORE))).toBe(true);
    expect(await loadPristine(dir)).toEqual(PRISTINE);
  });

  it('finds the fallback store after a later git init, then moves to the ref on the next save', async () => {
    const dir = makeProject({ 'README.md': '# Acme\n' });
    await savePristine(dir, PRISTINE);
    initRepo(dir);
    expect(await loadPristine(dir)).toEqual(PRISTINE);
    const next = tree({ 'README.md': '# Acme 2\n' });
    await savePristine(dir, next);
    expect(existsSync(join(dir, '.djangoflow'))).toBe(false);
    expect(git(dir, 'rev-parse', '--verify', PRISTINE_REF)).toMatch(/^[0-9a-f]{40}/);
    expect(await loadPristine(dir)).toEqual(next);
  });

  it('keeps the record of each render: the JSON store\'s goes into the ref as its first render at the first save in git', async () => {
    const dir = makeProject({ '.yo-rc.json': '{"a": 1}\n' });
    const first = tree({ 'README.md': '# one\n' });
    const second = tree({ 'README.md': '# two\n' });
    await savePristine(dir, first);
    expect(JSON.parse(readFileSync(join(dir, FALLBACK_STORE), 'utf8')).record).toMatch(/^[0-9a-f]{16}$/);
    expect(await loadRenderOf(dir, '{"a": 1}\n')).toEqual(first);
    expect(await loadRenderOf(dir, '{"a": 2}\n')).toEqual(first); // outside git the JSON store is the files' only witness
    initRepo(dir);
    expect(await loadRenderOf(dir, '{"a": 2}\n')).toBeNull(); // in git, only the render of that record
    writeFiles(dir, { '.yo-rc.json': '{"a": 2}\n' });
    await savePristine(dir, second);
    expect(existsSync(join(dir, FALLBACK_STORE))).toBe(false);
    expect(git(dir, 'log', '--format=%s', PRISTINE_REF).trim().split('\n')).toEqual(['djangoflow pristine render', 'djangoflow render stored before git init']);
    expect(await loadRenderOf(dir, '{"a": 1}\n')).toEqual(first);
    expect(await loadRenderOf(dir, '{"a": 2}\n')).toEqual(second);
    expect(await loadRenderOf(dir, '{"a": 3}\n')).toBeNull();
    expect(await loadPristine(dir)).toEqual(second);
  });

  it('refuses to store .env', async () => {
    const dir = makeProject();
    await expect(savePristine(dir, tree({ '.env': 'SECRET=1\n' }))).rejects.toThrow(/\.env/);
  });

  it('says clearly when the fallback store is corrupt', async () => {
    const dir = makeProject();
    writeFiles(dir, { [FALLBACK_STORE]: '{not json' });
    await expect(loadPristine(dir)).rejects.toThrow(/corrupt/);
  });

  it('saves the pristine base as the last step of apply', async () => {
    const dir = makeProject();
    initRepo(dir);
    const theirs = tree({ 'a.py': 'a = 1\n' });
    const report = await planReconcile({ projectDir: dir, base: await loadPristine(dir), theirs });
    await applyReconcile(dir, report, { pristine: theirs });
    expect(await loadPristine(dir)).toEqual(theirs);
    expect(readFileSync(join(dir, 'a.py'), 'utf8')).toBe('a = 1\n');
    const again = await planReconcile({ projectDir: dir, base: await loadPristine(dir), theirs });
    expect(again.changed).toBe(false);
  });
});

describe('git.ts: running git', () => {
  it('returns the exit code and output of git, and throws a one-line error only when asked', async () => {
    const dir = makeProject();
    const hashed = await runGit(['hash-object', '--stdin'], { cwd: dir, input: 'x\n' });
    expect({ code: hashed.code, out: hashed.stdout.toString('utf8') }).toEqual({ code: 0, out: '587be6b4c3f93f93c489c0111bba5596147a26cb\n' });
    const failed = await runGit(['rev-parse', '--verify', 'nope'], { cwd: dir, env: { GIT_DIR: join(dir, 'none') } });
    expect(failed.code).toBe(128);
    expect(failed.stderr).toMatch(/not a git repository/);
    await expect(gitOrThrow(['-c', 'a.b=c', 'rev-parse', '--verify', 'nope'], { cwd: dir, env: { GIT_DIR: join(dir, 'none') } })).rejects.toThrow(
      /^git rev-parse failed: not a git repository/,
    );
    expect(gitFailure(['update-ref', 'x'], { code: 1, stdout: Buffer.alloc(0), stderr: 'error: cannot lock ref\nhint: more\n' }).message).toBe('git update-ref failed: cannot lock ref');
    expect(gitFailure(['--x'], { code: 5, stdout: Buffer.alloc(0), stderr: '' }).message).toBe('git  failed: exit 5');
  });

  it('says git is missing in one line', async () => {
    await expect(runGit(['version'], { cwd: makeProject(), env: { PATH: '/nonexistent' } })).rejects.toThrow(
      'git is not installed (not found on PATH); this project is in a git repository',
    );
  });

  it('finds the work tree without git, and asks git when GIT_DIR says where it is', async () => {
    const root = makeProject({ 'a/b/keep.txt': 'x\n' });
    expect(await findGitRepo(root)).toBeNull();
    expect(await findGitRepo(join(root, 'missing'))).toBeNull();
    git(root, 'init', '-q');
    expect(await findGitRepo(join(root, 'a/b'))).toEqual({ root: realpathSync(root), prefix: 'a/b/' });
    expect(await findGitRepo(root)).toEqual({ root: realpathSync(root), prefix: '' });
    const saved = { GIT_DIR: process.env.GIT_DIR, GIT_WORK_TREE: process.env.GIT_WORK_TREE };
    // GIT_DIR alone makes git take the folder it runs in as the top of the work tree.
    process.env.GIT_DIR = join(root, '.git');
    try {
      expect(await findGitRepo(join(root, 'a'))).toEqual({ root: join(root, 'a'), prefix: '' });
      process.env.GIT_WORK_TREE = root;
      expect(await findGitRepo(join(root, 'a/b'))).toEqual({ root, prefix: 'a/b/' });
      process.env.GIT_DIR = join(root, 'no-repo');
      expect(await findGitRepo(join(root, 'a'))).toBeNull();
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('writes blobs with one git process and leaves no temp files', async () => {
    const dir = makeProject();
    git(dir, 'init', '-q');
    expect(await writeBlobs(dir, [])).toEqual([]);
    const ids = await writeBlobs(dir, ['a\n', Buffer.from([0, 1, 2])]);
    expect(ids).toHaveLength(2);
    expect(git(dir, 'cat-file', '-p', ids[0]!)).toBe('a\n');
    expect(git(dir, 'cat-file', '-s', ids[1]!)).toBe('3\n');
    expect(await hashObjects(dir, [])).toEqual([]);
  });
});
