/**
 * The store's less common paths: GIT_WORK_TREE alone moves the top of the work tree, a git
 * that cannot start, git given no input, git that exits without reading its input (no
 * error), ref names at the edges of git's rules, a base file that is a folder on disk now, a
 * record edited by hand, a render from before records.
 */
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { UserError } from '../../lib/errors.js';
import { findGitRepo, runGit } from '../../lib/reconcile/git.js';
import { loadPristine, PRISTINE_REF, pristineRefFor, savePristine } from '../../lib/reconcile/store.js';
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

describe('saving a base', () => {
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
