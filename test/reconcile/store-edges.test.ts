/**
 * The store's less common paths: GIT_WORK_TREE alone moves the top of the work tree, a git
 * that cannot start, git given no input, git that exits without reading its input (no
 * error), ref names at the edges of git's rules, a base file that is a folder on disk now, a
 * record edited by hand, a render from before records, the JSON store after git init, refs
 * a moved project must pass over, what a save must tell apart or clean up.
 */
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { UserError } from '../../lib/input/errors.js';
import { findGitRepo, runGit } from '../../lib/reconcile/git.js';
import { commitPristine, discardPristine, loadPristine, loadRenderOf, preparePristine, PRISTINE_REF, pristineRefFor, savePristine } from '../../lib/reconcile/store.js';
import { git, initRepo, makeProject, removeProjects, tree, writeFiles } from './helpers.js';

afterEach(removeProjects);

describe('git.ts', () => {
  it('GIT_WORK_TREE alone is asked of git: the work tree starts where it says', async () => {
    const root = makeProject({ 'a/b/keep.txt': 'x\n' });
    git(root, 'init', '-q');
    const real = realpathSync(root);
    const saved = process.env.GIT_WORK_TREE;
    process.env.GIT_WORK_TREE = join(real, 'a');
    try {
      expect(await findGitRepo(join(real, 'a/b'))).toEqual({ root: join(real, 'a'), prefix: 'b/' });
    } finally {
      if (saved === undefined) delete process.env.GIT_WORK_TREE;
      else process.env.GIT_WORK_TREE = saved;
    }
  });

  it('a git that cannot be started for another reason than its absence is that error, not "git is not installed"', async () => {
    const bin = makeProject({ git: '#!/bin/sh\n' }); // not executable: EACCES, for root too
    const started = runGit(['version'], { cwd: makeProject(), env: { PATH: bin } });
    await expect(started).rejects.toMatchObject({ code: 'EACCES' });
    await expect(started).rejects.not.toBeInstanceOf(UserError);
  });

  it('without input, git reads an empty stdin', async () => {
    const result = await runGit(['hash-object', '--stdin'], { cwd: makeProject() });
    expect(result.stdout.toString('utf8')).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391\n');
  });

  it('git exiting before it read its input is no error', async () => {
    const result = await runGit(['version'], { cwd: makeProject(), input: Buffer.alloc(8 << 20, 0x61) });
    expect(result.code).toBe(0);
    expect(result.stdout.toString('utf8')).toMatch(/^git version /);
  });
});

describe('pristineRefFor at the edges of git\'s rules', () => {
  const refOf = (prefix: string) => pristineRefFor({ root: '/r', prefix });

  it('only a whole ".lock" ending or a final dot is escaped; letters, digits, _ and - stay in an escaped name', () => {
    expect(refOf('x.lockfile/e.x/')).toBe('refs/djangoflow/projects/x.lockfile/e.x/pristine');
    expect(refOf('a_b-9 c/')).toBe('refs/djangoflow/projects/a_b-9%20c/pristine');
    expect(refOf('Zz.lock/')).toBe('refs/djangoflow/projects/Zz%2Elock/pristine');
  });
});

describe('reading a base', () => {
  it('a base file that is a folder on disk now is read from git', async () => {
    const dir = makeProject();
    initRepo(dir);
    const base = tree({ 'x.py': 'x\n', 'y.py': 'y\n' });
    await savePristine(dir, base);
    writeFiles(dir, { 'x.py/inside.txt': 'a folder now\n' });
    expect(await loadPristine(dir)).toEqual(base);
  });

  it('with a record edited by hand (no render has it), the base is the newest render', async () => {
    const dir = makeProject({ '.yo-rc.json': '{"a": 1}\n' });
    initRepo(dir);
    await savePristine(dir, tree({ 'a.py': '1\n' }));
    writeFiles(dir, { '.yo-rc.json': '{"a": 2}\n' });
    await savePristine(dir, tree({ 'a.py': '2\n' }));
    writeFiles(dir, { '.yo-rc.json': '{"a": "edited"}\n' });
    expect(await loadPristine(dir)).toEqual(tree({ 'a.py': '2\n' }));
  });
});

describe('the JSON store after git init', () => {
  it('is the base of the record it was written with, and of no other', async () => {
    const dir = makeProject({ '.yo-rc.json': '{"a": 1}\n' });
    await savePristine(dir, tree({ 'a.py': 'before git\n' }));
    initRepo(dir);
    expect(await loadRenderOf(dir, '{"a": 1}\n')).toEqual(tree({ 'a.py': 'before git\n' }));
    expect(await loadRenderOf(dir, '{"a": 2}\n')).toBeNull();
  });
});

describe('a moved project', () => {
  it('takes no base from a ref that is not a project\'s pristine ref, and passes over one that names no commit', async () => {
    const root = makeProject({ 'old/.yo-rc.json': '{"p": 1}\n' });
    initRepo(root);
    await savePristine(join(root, 'old'), tree({ 'old.py': 'x\n' }));
    const oldRef = pristineRefFor({ root, prefix: 'old/' });
    // A backup of the ref someone made beside it, and a damaged project ref (a blob).
    git(root, 'update-ref', 'refs/djangoflow/backup', oldRef);
    git(root, 'update-ref', 'refs/djangoflow/projects/broken/pristine', git(root, 'hash-object', '-w', '--stdin').trim());
    git(root, 'update-ref', '-d', oldRef);
    writeFiles(root, { 'new/.yo-rc.json': '{"p": 1}\n' });
    expect(await loadRenderOf(join(root, 'new'), '{"p": 1}\n')).toBeNull();
  });
});

describe('saving a base', () => {
  it('preparePristine\'s own message names a render', async () => {
    const dir = makeProject();
    initRepo(dir);
    await commitPristine(dir, await preparePristine(dir, tree({ 'a.py': 'a\n' })));
    expect(git(dir, 'log', '-1', '--format=%s', PRISTINE_REF).trim()).toBe('djangoflow pristine render');
  });

  it('one changed file among unchanged ones is a new render', async () => {
    const dir = makeProject();
    initRepo(dir);
    await savePristine(dir, tree({ 'a.py': 'a\n', 'b.py': 'b\n' }), 'first');
    await savePristine(dir, tree({ 'a.py': 'a\n', 'b.py': 'changed\n' }), 'second');
    expect(git(dir, 'log', '--format=%s', PRISTINE_REF).trim().split('\n')).toEqual(['second', 'first']);
    expect(git(dir, 'show', `${PRISTINE_REF}:b.py`)).toBe('changed\n');
  });

  it('a pending ref a killed run of the same pid left behind is no parent of the next render', async () => {
    const dir = makeProject();
    initRepo(dir);
    git(dir, 'update-ref', `refs/djangoflow-pending/${process.pid}`, 'HEAD');
    await savePristine(dir, tree({ 'a.py': 'a\n' }), 'first');
    expect(git(dir, 'log', '--format=%s', PRISTINE_REF).trim().split('\n')).toEqual(['first']);
    expect(git(dir, 'for-each-ref', 'refs/djangoflow-pending/')).toBe('');
  });

  it('a discarded JSON base whose temp file is gone already is no error', async () => {
    const dir = makeProject();
    const prepared = await preparePristine(dir, tree({ 'a.py': 'a\n' }));
    await discardPristine(prepared);
    await expect(discardPristine(prepared)).resolves.toBeUndefined();
  });

  it('a newest render from before records were kept counts as the same record: the same files store nothing', async () => {
    const dir = makeProject({ '.yo-rc.json': '{"a": 1}\n' });
    initRepo(dir);
    const files = tree({ 'a.py': 'a\n' });
    await savePristine(dir, files);
    const old = git(dir, 'commit-tree', `${PRISTINE_REF}^{tree}`, '-m', 'an older djangoflow render').trim();
    git(dir, 'update-ref', PRISTINE_REF, old);
    await savePristine(dir, files, 'same files');
    expect(git(dir, 'rev-parse', PRISTINE_REF).trim()).toBe(old);
    await savePristine(dir, tree({ 'a.py': 'b\n' }), 'other files');
    expect(git(dir, 'log', '--format=%s', PRISTINE_REF).trim().split('\n')).toEqual(['other files', 'an older djangoflow render']);
  });
});
