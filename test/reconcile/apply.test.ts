import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { applyReconcile, loadPristine, planReconcile, ReconcileInterrupted, type ReconcileReport } from '../../lib/reconcile/index.js';
import { changedBy, committedRecords, everCommitted } from '../../lib/reconcile/evidence.js';
import { unresolvedConflicts } from '../../lib/reconcile/unresolved.js';
import { git, initRepo, lines, makeProject, read, readTree, removeProjects, tree, writeFiles } from './helpers.js';

afterEach(removeProjects);

const BASE = lines('A = 1', 'B = 2', 'C = 3', 'D = 4', 'E = 5');
const BASE_TREE = tree({ 'u.py': BASE, 'gone/x.py': BASE, 'kept.py': BASE, 'c.py': BASE });
const NEW_TREE = tree({
  'u.py': BASE.replace('A = 1', 'A = 10'),
  'kept.py': BASE.replace('E = 5', 'E = 50'),
  'c.py': BASE.replace('C = 3', 'C = "template"'),
  'new/dir/n.py': 'n = 1\n',
});

/** A project with every kind of write: update, merge, conflict, create in new folders, delete. */
function editedProject(): string {
  return makeProject({
    'u.py': BASE,
    'gone/x.py': BASE,
    'kept.py': BASE.replace('A = 1', 'A = "user"'),
    'c.py': BASE.replace('C = 3', 'C = "user"'),
    'mine.txt': 'not from the template\n',
  });
}

async function plan(dir: string): Promise<ReconcileReport> {
  return planReconcile({ projectDir: dir, base: BASE_TREE, theirs: NEW_TREE });
}

describe('applyReconcile: all or nothing', () => {
  it('applies every kind of change', async () => {
    const dir = editedProject();
    await applyReconcile(dir, await plan(dir));
    expect(readTree(dir)).toEqual({
      'u.py': BASE.replace('A = 1', 'A = 10'),
      'kept.py': BASE.replace('A = 1', 'A = "user"').replace('E = 5', 'E = 50'),
      'c.py': expect.stringContaining('<<<<<<< yours'),
      'new/dir/n.py': 'n = 1\n',
      'mine.txt': 'not from the template\n',
    });
  });

  it.each([1, 2, 3, 4])('leaves the tree unchanged when a write fails after %i files', async (failAfterWrites) => {
    const dir = editedProject();
    const before = readTree(dir);
    const report = await plan(dir);
    await expect(applyReconcile(dir, report, { failAfterWrites })).rejects.toThrow(/simulated failure/);
    expect(readTree(dir)).toEqual(before);
    expect(existsSync(join(dir, 'new'))).toBe(false);
    expect(existsSync(join(dir, '.djangoflow'))).toBe(false);
  });

  it('honours DJANGOFLOW_FAIL_AFTER_WRITES', async () => {
    const dir = editedProject();
    const before = readTree(dir);
    const report = await plan(dir);
    process.env.DJANGOFLOW_FAIL_AFTER_WRITES = '2';
    try {
      await expect(applyReconcile(dir, report)).rejects.toThrow(/simulated failure after 2 writes/);
    } finally {
      delete process.env.DJANGOFLOW_FAIL_AFTER_WRITES;
    }
    expect(readTree(dir)).toEqual(before);
  });

  it('rolls back on Ctrl-C midway', async () => {
    const dir = editedProject();
    const before = readTree(dir);
    const report = await plan(dir);
    const listenersBefore = process.listenerCount('SIGINT');
    const interrupt = (count: number) => {
      if (count === 3) process.emit('SIGINT');
    };
    await expect(applyReconcile(dir, report, { afterWrite: interrupt })).rejects.toBeInstanceOf(ReconcileInterrupted);
    expect(readTree(dir)).toEqual(before);
    expect(process.listenerCount('SIGINT')).toBe(listenersBefore);
  });

  it('rolls back the files and the index of a git repository', async () => {
    const dir = editedProject();
    initRepo(dir);
    const indexBefore = git(dir, 'ls-files', '-s');
    const before = readTree(dir);
    await expect(applyReconcile(dir, await plan(dir), { failAfterWrites: 5 })).rejects.toThrow();
    expect(readTree(dir)).toEqual(before);
    expect(git(dir, 'ls-files', '-s')).toBe(indexBefore);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('restores the index when the last step (saving the base) fails after the conflicts were recorded', async () => {
    const dir = editedProject();
    initRepo(dir);
    const indexBefore = git(dir, 'ls-files', '-s');
    const before = readTree(dir);
    const badPristine = tree({ '.env': 'SECRET=1\n' }); // the store refuses secrets
    await expect(applyReconcile(dir, await plan(dir), { pristine: badPristine })).rejects.toThrow(/\.env/);
    expect(readTree(dir)).toEqual(before);
    expect(git(dir, 'ls-files', '-s')).toBe(indexBefore);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('writes alwaysWrite files and createOnly files only when absent', async () => {
    const dir = makeProject({ '.env': 'SECRET=mine\n' });
    const report = await planReconcile({ projectDir: dir, base: null, theirs: tree({ 'a.py': 'a = 1\n' }) });
    await applyReconcile(dir, report, {
      alwaysWrite: tree({ '.yo-rc.json': '{"v": 2}\n' }),
      createOnly: tree({ '.env': 'SECRET=new\n', '.env.local': 'X=1\n' }),
    });
    expect(readTree(dir)).toEqual({ 'a.py': 'a = 1\n', '.yo-rc.json': '{"v": 2}\n', '.env': 'SECRET=mine\n', '.env.local': 'X=1\n' });
    // Secrets are the owner's only, whatever the umask; other new files are not.
    expect(statSync(join(dir, '.env.local')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'a.py')).mode & 0o777).toBe(0o644);
    expect(statSync(join(dir, '.yo-rc.json')).mode & 0o777).toBe(0o644);
  });

  it('writes create-only secret files 0600 even with a permissive umask, in a new folder too', async () => {
    const dir = makeProject({});
    const previous = process.umask(0o000);
    try {
      const report = await planReconcile({ projectDir: dir, base: null, theirs: tree({}) });
      await applyReconcile(dir, report, { createOnly: tree({ '.env': 'SECRET=x\n', 'deploy/.env.production': 'Y=1\n' }) });
    } finally {
      process.umask(previous);
    }
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'deploy/.env.production')).mode & 0o777).toBe(0o600);
  });

  it('saves the base even when no file changes', async () => {
    const dir = makeProject({ 'a.py': 'a = 1\n' });
    const theirs = tree({ 'a.py': 'a = 1\n' });
    const report = await planReconcile({ projectDir: dir, base: null, theirs });
    expect(report.changed).toBe(false);
    await applyReconcile(dir, report, { pristine: theirs });
    expect(await loadPristine(dir)).toEqual(theirs);
    expect(existsSync(join(dir, '.djangoflow/journal.json'))).toBe(false);
  });

  it("keeps the mode of the file it replaces and makes new scripts executable", async () => {
    const dir = makeProject({ 'run.sh': '#!/bin/sh\necho 1\n' });
    git(dir, 'init', '-q'); // not needed for modes; makes sure a repository does not change them
    const { chmodSync } = await import('node:fs');
    chmodSync(join(dir, 'run.sh'), 0o750);
    const report = await planReconcile({
      projectDir: dir,
      base: tree({ 'run.sh': '#!/bin/sh\necho 1\n' }),
      theirs: tree({ 'run.sh': '#!/bin/sh\necho 2\n', 'start': '#!/bin/sh\nexec app\n', 'data.txt': 'x\n' }),
    });
    await applyReconcile(dir, report);
    expect(statSync(join(dir, 'run.sh')).mode & 0o777).toBe(0o750);
    expect(statSync(join(dir, 'start')).mode & 0o777).toBe(0o755);
    expect(statSync(join(dir, 'data.txt')).mode & 0o777).toBe(0o644);
  });
});

describe('applyReconcile: conflicts in git', () => {
  it('leaves a conflicted file unmerged in the index (UU)', async () => {
    const dir = editedProject();
    initRepo(dir);
    await applyReconcile(dir, await plan(dir));
    const status = git(dir, 'status', '--porcelain');
    expect(status).toContain('UU c.py');
    expect(status).toContain(' M kept.py');
    expect(git(dir, 'ls-files', '-u', '--', 'c.py').trim().split('\n').map((line) => line.split(/\s+/)[2])).toEqual(['1', '2', '3']);
    expect(git(dir, 'show', ':1:c.py')).toBe(BASE);
    expect(git(dir, 'show', ':2:c.py')).toBe(BASE.replace('C = 3', 'C = "user"'));
    expect(git(dir, 'show', ':3:c.py')).toBe(BASE.replace('C = 3', 'C = "template"'));
    expect(read(dir, 'c.py')).toContain('>>>>>>> djangoflow');
    // Resolving is the usual git workflow.
    git(dir, 'add', 'c.py');
    expect(git(dir, 'status', '--porcelain')).toContain('M  c.py');
  });

  it('works for a project in a subfolder of the repository', async () => {
    const repo = makeProject({ 'README.md': '# mono\n' });
    initRepo(repo);
    const dir = join(repo, 'backend');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(dir);
    writeFileSync(join(dir, 'c.py'), BASE.replace('C = 3', 'C = "user"'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'backend');
    const report = await planReconcile({ projectDir: dir, base: tree({ 'c.py': BASE }), theirs: tree({ 'c.py': BASE.replace('C = 3', 'C = 4') }) });
    await applyReconcile(dir, report);
    expect(git(repo, 'status', '--porcelain')).toBe('UU backend/c.py\n');
  });

  it('records a binary conflict in the index too', async () => {
    const dir = makeProject({ 'logo.png': Buffer.from([0, 9]) });
    initRepo(dir);
    const report = await planReconcile({
      projectDir: dir,
      base: tree({ 'logo.png': Buffer.from([0, 1]) }),
      theirs: tree({ 'logo.png': Buffer.from([0, 2]) }),
    });
    await applyReconcile(dir, report);
    const status = git(dir, 'status', '--porcelain');
    expect(status).toContain('UU logo.png');
    expect(status).toContain('?? logo.png.djangoflow-new');
  });
});

describe('unresolvedConflicts: what a previous run left to resolve', () => {
  const markers = lines('a', '<<<<<<< yours', 'x', '=======', 'y', '>>>>>>> djangoflow', 'b');

  it('finds markers at line starts and sidecars, outside git, sorted', async () => {
    const dir = makeProject({
      'z.py': markers,
      'half.py': lines('<<<<<<< yours', 'x'),
      'inline.py': lines('s = "<<<<<<< yours"', 's = ">>>>>>> djangoflow "'),
      'img.png': 'x',
      'img.png.djangoflow-new': 'y',
      'clean.py': 'c\n',
    });
    const paths = ['z.py', 'half.py', 'inline.py', 'img.png', 'clean.py', 'absent.py'];
    expect(await unresolvedConflicts(dir, paths)).toEqual(['img.png.djangoflow-new', 'z.py']);
    expect(await unresolvedConflicts(dir, [])).toEqual([]);
  });

  it("adds the paths git holds as unmerged, relative to a project in a subfolder", async () => {
    const root = makeProject({ 'app/s.py': 'v = 0\n', 'other.py': 'o = 0\n' });
    initRepo(root);
    git(root, 'checkout', '-q', '-b', 'side');
    writeFiles(root, { 'app/s.py': 'v = 1\n', 'other.py': 'o = 1\n' });
    git(root, 'commit', '-qam', 'side');
    git(root, 'checkout', '-q', 'main');
    writeFiles(root, { 'app/s.py': 'v = 2\n', 'other.py': 'o = 2\n' });
    git(root, 'commit', '-qam', 'main');
    expect(() => git(root, 'merge', '-q', 'side')).toThrow();
    writeFiles(root, { 'app/s.py': 'resolved by hand\n' }); // markers gone, still unmerged in the index
    expect(await unresolvedConflicts(join(root, 'app'), ['s.py'])).toEqual(['s.py']);
    expect(await unresolvedConflicts(root, [])).toEqual(['app/s.py', 'other.py']);
  });
});

describe('evidence: what the user\'s history says', () => {
  it('outside git: no records, every path committed, and nothing known about a commit', async () => {
    const dir = makeProject({ '.yo-rc.json': '{}\n' });
    expect(await committedRecords(dir)).toEqual([]);
    expect(await everCommitted(dir, ['a.py', 'b.py'])).toEqual(new Set(['a.py', 'b.py']));
    expect(await everCommitted(dir, [])).toEqual(new Set());
  });

  it('lists the committed records newest first, past a deletion, up to the limit, for a project in a subfolder', async () => {
    const root = makeProject({ 'p/.yo-rc.json': '{"v": 1}\n', 'p/a.py': 'a\n' });
    initRepo(root);
    const p = join(root, 'p');
    const commit = (message: string) => {
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '-m', message);
      return git(root, 'rev-parse', 'HEAD').trim();
    };
    const first = git(root, 'rev-parse', 'HEAD').trim();
    writeFiles(p, { '.yo-rc.json': '{"v": 2}\n' });
    const second = commit('v2');
    git(root, 'rm', '-q', 'p/.yo-rc.json');
    commit('deleted');
    writeFiles(p, { '.yo-rc.json': '{"v": 3}\n', 'b.py': 'b\n' });
    const third = commit('v3');
    expect(await committedRecords(p)).toEqual([
      { commit: third, text: '{"v": 3}\n' },
      { commit: second, text: '{"v": 2}\n' },
      { commit: first, text: '{"v": 1}\n' },
    ]);
    expect((await committedRecords(p, 2)).map((r) => r.commit)).toEqual([third]);
    expect(await committedRecords(join(root, 'nowhere'))).toEqual([]);
    // Which paths any commit held (a branch too, never the pristine refs), and what a commit changed.
    git(root, 'checkout', '-q', '-b', 'side');
    writeFiles(p, { 'side.py': 's\n' });
    commit('side');
    git(root, 'checkout', '-q', 'main');
    git(root, 'update-ref', 'refs/djangoflow/pristine', git(root, 'rev-parse', 'side').trim());
    expect(await everCommitted(p, ['a.py', 'b.py', 'side.py', 'never.py'])).toEqual(new Set(['a.py', 'b.py', 'side.py']));
    expect(await changedBy(p, third, ['a.py', 'b.py', '.yo-rc.json'])).toEqual(new Set(['b.py', '.yo-rc.json']));
    expect(await changedBy(p, first, ['a.py', 'never.py'])).toEqual(new Set(['a.py']));
    expect(await changedBy(p, 'f'.repeat(40), ['a.py', 'never.py'])).toEqual(new Set(['a.py', 'never.py']));
    expect(await changedBy(p, third, [])).toEqual(new Set());
  });

  it('a repository without a commit holds every path', async () => {
    const dir = makeProject({ 'a.py': 'a\n' });
    git(dir, 'init', '-q');
    expect(await everCommitted(dir, ['a.py', 'b.py'])).toEqual(new Set(['a.py', 'b.py']));
    expect(await committedRecords(dir)).toEqual([]);
  });
});
