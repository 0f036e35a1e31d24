/**
 * The apply's step list (operations.ts) and its all-or-nothing outcomes (apply.ts) with
 * exact results: files and folders on disk, modes, the file-system trace, the fault points,
 * and error messages naming the rule that refused.
 */
import { readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { UserError } from '../../lib/input/errors.js';
import { applyReconcile, planReconcile, ReconcileInterrupted, type ReconcileReport } from '../../lib/reconcile/index.js';
import { ContainmentError } from '../../lib/reconcile/containment.js';
import { interruption } from '../../lib/reconcile/signals.js';
import { makeProject, readTree, removeProjects, tree } from './helpers.js';

afterEach(() => {
  delete process.env.DJANGOFLOW_FAULT;
  delete process.env.DJANGOFLOW_FS_TRACE;
  delete process.env.DJANGOFLOW_FAIL_AFTER_WRITES;
  removeProjects();
});

const inode = (dir: string, path: string) => statSync(join(dir, path)).ino;
const mode = (dir: string, path: string) => statSync(join(dir, path)).mode & 0o777;
const report = (decisions: unknown[]) => ({ decisions, conflicts: [], changed: true }) as unknown as ReconcileReport;

/** A project with an update, a create in a new folder and a delete. */
async function threeChanges(): Promise<{ dir: string; plan: ReconcileReport }> {
  const dir = makeProject({ 'u.py': 'u = 1\n', 'gone.py': 'g = 1\n' });
  const plan = await planReconcile({
    projectDir: dir,
    base: tree({ 'u.py': 'u = 1\n', 'gone.py': 'g = 1\n' }),
    theirs: tree({ 'u.py': 'u = 2\n', 'n/new.py': 'n = 1\n' }),
  });
  return { dir, plan };
}

describe('apply: what is written and deleted', () => {
  it("refuses to start over an interrupted run's journal, and changes nothing", async () => {
    const dir = makeProject({ 'a.py': 'a\n', '.djangoflow/journal.json': JSON.stringify({ format: 1, ops: [] }) });
    await expect(applyReconcile(dir, report([{ path: 'b.py', action: 'create', content: 'b\n' }]))).rejects.toThrow(
      new UserError('an interrupted run left .djangoflow/journal.json; run djangoflow again to recover it first'),
    );
    expect(readTree(dir)).toEqual({ 'a.py': 'a\n', '.djangoflow/journal.json': JSON.stringify({ format: 1, ops: [] }) });
  });

  it('touches nothing when nothing changes (no state folder, the same files)', async () => {
    const dir = makeProject({ 'a.py': 'a\n', '.yo-rc.json': '{}\n' });
    const before = inode(dir, '.yo-rc.json');
    const plan = await planReconcile({ projectDir: dir, base: tree({ 'a.py': 'a\n' }), theirs: tree({ 'a.py': 'a\n' }) });
    await applyReconcile(dir, plan, { alwaysWrite: tree({ '.yo-rc.json': Buffer.from('{}\n') }) });
    expect(readdirSync(dir).sort()).toEqual(['.yo-rc.json', 'a.py']);
    expect(inode(dir, '.yo-rc.json')).toBe(before);
  });

  it('rewrites an always-written file that differs, and nothing else of the state folder stays', async () => {
    const dir = makeProject({ '.yo-rc.json': '{}\n' });
    const before = inode(dir, '.yo-rc.json');
    await applyReconcile(dir, report([]), { alwaysWrite: tree({ '.yo-rc.json': '{"v": 2}\n' }) });
    expect(readTree(dir)).toEqual({ '.yo-rc.json': '{"v": 2}\n' });
    expect(inode(dir, '.yo-rc.json')).not.toBe(before);
  });

  it('writes a secret when absent or changed, 0600 even over a 0644 file, and leaves an identical one alone', async () => {
    const dir = makeProject({ 'same.env': 'S=1\n', 'old.env': 'S=1\n' });
    const same = inode(dir, 'same.env');
    await applyReconcile(dir, report([]), { secrets: tree({ 'same.env': 'S=1\n', 'old.env': 'S=2\n', 'new/.env': 'S=3\n' }) });
    expect(readTree(dir)).toEqual({ 'same.env': 'S=1\n', 'old.env': 'S=2\n', 'new/.env': 'S=3\n' });
    expect(inode(dir, 'same.env')).toBe(same);
    expect(mode(dir, 'same.env')).toBe(0o644);
    expect(mode(dir, 'old.env')).toBe(0o600);
    expect(mode(dir, 'new/.env')).toBe(0o600);
  });

  it('deletes, removes every folder a delete left empty, keeps a folder still holding a file, never the project', async () => {
    const files = { 'gone/deep/x.py': 'x\n', 'keep/y.py': 'y\n', 'keep/z.py': 'z\n', 'only.py': 'o\n' };
    const dir = makeProject(files);
    const plan = await planReconcile({ projectDir: dir, base: tree(files), theirs: tree({ 'keep/y.py': 'y\n' }) });
    await applyReconcile(dir, plan);
    expect(readdirSync(dir)).toEqual(['keep']);
    expect(readTree(dir)).toEqual({ 'keep/y.py': 'y\n' });

    const emptied = makeProject({ 'only.py': 'o\n' });
    await applyReconcile(emptied, await planReconcile({ projectDir: emptied, base: tree({ 'only.py': 'o\n' }), theirs: tree({}) }));
    expect(readdirSync(emptied)).toEqual([]);
  });

  it('turns a file into a folder of new files, and back when a later write fails', async () => {
    const plan = async (dir: string) =>
      planReconcile({ projectDir: dir, base: tree({ old: 'x\n' }), theirs: tree({ 'old/a/run': 'r\n', 'old/b': 'b\n' }) });
    const dir = makeProject({ old: 'x\n' });
    await applyReconcile(dir, await plan(dir));
    expect(readTree(dir)).toEqual({ 'old/a/run': 'r\n', 'old/b': 'b\n' });
    for (const failAfterWrites of [1, 2, 3]) {
      const failing = makeProject({ old: 'x\n' });
      await expect(applyReconcile(failing, await plan(failing), { failAfterWrites })).rejects.toThrow(
        new UserError(`writing the project failed (simulated failure after ${failAfterWrites} writes); nothing was changed`),
      );
      expect(readdirSync(failing)).toEqual(['old']);
      expect(readTree(failing)).toEqual({ old: 'x\n' });
    }
  });

  it('writes a binary conflict beside the user\'s file, which keeps its bytes', async () => {
    const dir = makeProject({ 'logo.png': Buffer.from([0, 9]) });
    const plan = await planReconcile({ projectDir: dir, base: tree({ 'logo.png': Buffer.from([0, 1]) }), theirs: tree({ 'logo.png': Buffer.from([0, 2]) }) });
    await applyReconcile(dir, plan);
    expect(readFileSync(join(dir, 'logo.png'))).toEqual(Buffer.from([0, 9]));
    expect(readFileSync(join(dir, 'logo.png.djangoflow-new'))).toEqual(Buffer.from([0, 2]));
    expect(readdirSync(dir).sort()).toEqual(['logo.png', 'logo.png.djangoflow-new']);
  });

  it('writes nothing for the decisions that keep, skip or leave a file', async () => {
    const dir = makeProject({ 'k.py': 'k\n' });
    const decisions = ['keep', 'skip', 'unchanged'].map((action) => ({ path: 'k.py', action, content: 'other\n' }));
    await applyReconcile(dir, report(decisions));
    expect(readdirSync(dir)).toEqual(['k.py']);
    expect(readTree(dir)).toEqual({ 'k.py': 'k\n' });
  });
});

describe('apply: refusals name the rule', () => {
  it.each(['create', 'update', 'merge', 'conflict'])('a %s without content is a bug, named', async (action) => {
    const dir = makeProject({});
    await expect(applyReconcile(dir, report([{ path: 'a.py', action }]))).rejects.toThrow(new Error(`${action} a.py: no content`));
  });

  it('refuses a path written twice or leaving the project, before writing anything', async () => {
    const dir = makeProject({});
    await expect(applyReconcile(dir, report([]), { alwaysWrite: tree({ 'x.env': 'a\n' }), secrets: tree({ 'x.env': 'b\n' }) })).rejects.toThrow(
      new Error('x.env is written twice in one reconcile'),
    );
    await expect(applyReconcile(dir, report([]), { alwaysWrite: tree({ 'a.py': 'a\n', '../escape.txt': 'x\n' }) })).rejects.toThrow(
      new Error('invalid path in file tree: "../escape.txt"'),
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a linked folder at write time, the state folder too, and writes nothing there', async () => {
    const outside = makeProject({});
    const dir = makeProject({ 'a.py': 'a\n' });
    symlinkSync(outside, join(dir, 'linked'));
    await expect(applyReconcile(dir, report([]), { alwaysWrite: tree({ 'linked/x.py': 'x\n' }) })).rejects.toThrow(ContainmentError);
    const state = makeProject({ 'a.py': 'a\n' });
    symlinkSync(outside, join(state, '.djangoflow'));
    await expect(applyReconcile(state, report([]), { alwaysWrite: tree({ 'b.py': 'b\n' }) })).rejects.toThrow(
      '.djangoflow/ is a symbolic link; djangoflow never writes through links (it could reach outside the project): make it a real folder, then run again',
    );
    expect(readdirSync(outside)).toEqual([]);
    expect(readTree(state)).toEqual({ 'a.py': 'a\n' });
    // Only a file the run deletes may become a folder: one it rewrites may not.
    const file = makeProject({ 'f.txt': 'f\n' });
    await expect(applyReconcile(file, report([]), { alwaysWrite: tree({ 'f.txt': 'g\n', 'f.txt/x.py': 'x\n' }) })).rejects.toThrow(
      new ContainmentError('f.txt is a file, but the template has a folder there: move it away, then run again'),
    );
    expect(readTree(file)).toEqual({ 'f.txt': 'f\n' });
  });
});

describe('apply: failures, signals and fault points', () => {
  it('wraps an unexpected error, keeps a user error as it is, and names the signal of an interruption', async () => {
    const { dir, plan } = await threeChanges();
    const error = await applyReconcile(dir, plan, { failAfterWrites: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe('writing the project failed (simulated failure after 1 writes); nothing was changed');
    const userError = new UserError('the disk said no');
    const passed = await applyReconcile(dir, plan, { afterWrite: () => { throw userError; } }).catch((e: unknown) => e);
    expect(passed).toBe(userError);
    const refused = await applyReconcile(dir, plan, { pristine: tree({ '.env': 'S=1\n' }) }).catch((e: unknown) => e);
    expect((refused as Error).message).toBe('writing the project failed (refusing to store .env in the pristine store); nothing was changed');
    expect(readTree(dir)).toEqual({ 'u.py': 'u = 1\n', 'gone.py': 'g = 1\n' });
    const interrupted = new ReconcileInterrupted();
    expect([interrupted.name, interrupted.message, interrupted.exitCode]).toEqual(['ReconcileInterrupted', 'interrupted (SIGINT): rolled back, the project was left as it was', 130]);
  });

  it('takes the failure count from the option before the environment, and only a whole number from the environment', async () => {
    for (const value of ['x2', '2x', '']) {
      const { dir, plan } = await threeChanges();
      process.env.DJANGOFLOW_FAIL_AFTER_WRITES = value;
      await applyReconcile(dir, plan);
      expect(readTree(dir)).toEqual({ 'u.py': 'u = 2\n', 'n/new.py': 'n = 1\n' });
    }
    const { dir, plan } = await threeChanges();
    process.env.DJANGOFLOW_FAIL_AFTER_WRITES = '3';
    await expect(applyReconcile(dir, plan, { failAfterWrites: 1 })).rejects.toThrow(/\(simulated failure after 1 writes\)/);
    const many = makeProject({});
    const files = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}.py`, `${i}\n`]));
    process.env.DJANGOFLOW_FAIL_AFTER_WRITES = '10';
    await expect(applyReconcile(many, report([]), { alwaysWrite: tree(files) })).rejects.toThrow(/\(simulated failure after 10 writes\)/);
    expect(readdirSync(many)).toEqual([]);
  });

  it.each(['after-stage:1', 'after-journal:1', 'after-move:1', 'after-move:3', 'after-index:1'])(
    'a SIGTERM at %s rolls everything back',
    async (point) => {
      const { dir, plan } = await threeChanges();
      process.env.DJANGOFLOW_FAULT = `${point}:SIGTERM`;
      const error = await applyReconcile(dir, plan).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReconcileInterrupted);
      expect([(error as UserError).message, (error as UserError).exitCode]).toEqual(['interrupted (SIGTERM): rolled back, the project was left as it was', 143]);
      expect(readdirSync(dir).sort()).toEqual(['gone.py', 'u.py']);
      expect(readTree(dir)).toEqual({ 'u.py': 'u = 1\n', 'gone.py': 'g = 1\n' });
    },
  );

  it.each(['after-pristine', 'after-commit'])('a SIGTERM at %s comes after the commit: the changes stay', async (point) => {
    const { dir, plan } = await threeChanges();
    process.env.DJANGOFLOW_FAULT = `${point}:1:SIGTERM`;
    await applyReconcile(dir, plan);
    expect(interruption()).toBe('SIGTERM');
    expect(readdirSync(dir).sort()).toEqual(['n', 'u.py']);
    expect(readTree(dir)).toEqual({ 'u.py': 'u = 2\n', 'n/new.py': 'n = 1\n' });
  });

  it('traces its file-system steps in order', async () => {
    const { dir, plan } = await threeChanges();
    const trace = join(makeProject({}), 'trace');
    process.env.DJANGOFLOW_FS_TRACE = trace;
    await applyReconcile(dir, plan);
    // Flushes of one batch run concurrently: their order within the batch is free.
    const batches = (text: string) => text.replace(/(?:^fsync .*\n)+/gm, (run) => run.split('\n').filter(Boolean).sort().join('\n') + '\n');
    expect(batches(readFileSync(trace, 'utf8'))).toBe(batches(TRACE));
  });
});

// Plan order: gone.py (delete), n/new.py (create), u.py (update).
const TRACE = [
  'write staged/1',
  'write staged/2',
  'fsync staged/1',
  'fsync staged/2',
  'fsync staged/',
  'fsync .djangoflow',
  'journal moves',
  'rename gone.py backup/0',
  'rename staged/1 n/new.py',
  'rename u.py backup/2',
  'rename staged/2 u.py',
  'fsync n/',
  'fsync ./',
  'fsync backup/',
  'commit unchanged',
  'fsync .djangoflow',
  'journal committed',
  'journal removed',
  '',
].join('\n');
