/**
 * The apply's journal and base, exactly: what the journal says while the moves run and once
 * committed, a stale work folder of the same pid, the new base thrown away on a rollback (both
 * stores), a base moved by someone else during the run, and the trace with a base saved.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { applyReconcile, loadPristine, planReconcile, type ReconcileReport } from '../../lib/reconcile/index.js';
import { currentPhase } from '../../lib/reconcile/signals.js';
import { git, initRepo, makeProject, readTree, removeProjects, tree } from './helpers.js';

afterEach(() => {
  delete process.env.DJANGOFLOW_FAULT;
  delete process.env.DJANGOFLOW_FS_TRACE;
  removeProjects();
});

const BEFORE = { 'u.py': 'u = 1\n', 'gone.py': 'g = 1\n' };
const AFTER = { 'u.py': 'u = 2\n', 'n/deep/new.py': 'n = 1\n', 'longername/x.py': 'x\n' };

async function plan(dir: string): Promise<ReconcileReport> {
  return planReconcile({ projectDir: dir, base: tree(BEFORE), theirs: tree(AFTER) });
}

const readJournalFile = (dir: string) => JSON.parse(readFileSync(join(dir, '.djangoflow/journal.json'), 'utf8')) as Record<string, unknown>;

describe('apply: the journal', () => {
  it('names every move, the folders it makes (outermost first) and the base, then says committed', async () => {
    const dir = makeProject(BEFORE);
    const seen: Array<Record<string, unknown>> = [];
    const onTerm = () => seen.push(readJournalFile(dir));
    process.on('SIGTERM', onTerm);
    process.env.DJANGOFLOW_FAULT = 'after-commit:1:SIGTERM';
    try {
      await applyReconcile(dir, await plan(dir), { afterWrite: (n) => n === 1 && seen.push(readJournalFile(dir)) });
    } finally {
      process.off('SIGTERM', onTerm);
    }
    const journal = {
      format: 1,
      pid: process.pid,
      work: `.djangoflow/tmp-${process.pid}`,
      ops: [
        { path: 'gone.py', existed: true, writes: false },
        { path: 'longername/x.py', existed: false, writes: true },
        { path: 'n/deep/new.py', existed: false, writes: true },
        { path: 'u.py', existed: true, writes: true },
      ],
      madeDirs: ['longername', 'n', 'n/deep'],
      pristine: { kind: 'unchanged' },
      committed: false,
    };
    expect(seen).toEqual([journal, { ...journal, committed: true }]);
    expect(currentPhase()).toBe('applied');
    expect(readTree(dir)).toEqual(AFTER);
    expect(readdirSync(dir).sort()).toEqual(['longername', 'n', 'u.py']);
  });

  it("clears a stale work folder of the same pid first", async () => {
    const dir = makeProject({ ...BEFORE, [`.djangoflow/tmp-${process.pid}/backup/0`]: 'old\n', [`.djangoflow/tmp-${process.pid}/staged/9`]: 'old\n' });
    await applyReconcile(dir, await plan(dir));
    expect(readTree(dir)).toEqual(AFTER);
    expect(existsSync(join(dir, '.djangoflow'))).toBe(false);
  });
});

describe('apply: the new base', () => {
  it('is thrown away when the files roll back, outside git (no state folder left) and in git (no pending ref)', async () => {
    const outside = makeProject(BEFORE);
    await expect(applyReconcile(outside, await plan(outside), { pristine: tree(AFTER), failAfterWrites: 2 })).rejects.toThrow(/simulated failure after 2 writes/);
    expect(readdirSync(outside).sort()).toEqual(['gone.py', 'u.py']);

    const inGit = makeProject(BEFORE);
    initRepo(inGit);
    await expect(applyReconcile(inGit, await plan(inGit), { pristine: tree(AFTER), failAfterWrites: 2 })).rejects.toThrow(/simulated failure after 2 writes/);
    expect(readTree(inGit)).toEqual(BEFORE);
    expect(git(inGit, 'for-each-ref', 'refs/djangoflow/', 'refs/djangoflow-pending/')).toBe('');
    expect(await loadPristine(inGit)).toBeNull();
  });

  it('rolls the files back when someone else moved the base during the run, with git\'s reason', async () => {
    const dir = makeProject(BEFORE);
    initRepo(dir);
    const moveBase = () => git(dir, 'update-ref', 'refs/djangoflow/pristine', 'HEAD');
    const error = await applyReconcile(dir, await plan(dir), { pristine: tree(AFTER), afterWrite: (n) => n === 1 && moveBase() }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^git update-ref failed: /);
    expect(readTree(dir)).toEqual(BEFORE);
    expect(existsSync(join(dir, '.djangoflow'))).toBe(false);
  });

  it('rolls the files back when the base file cannot be put in place', async () => {
    const dir = makeProject(BEFORE);
    const blockBase = () => mkdirSync(join(dir, '.djangoflow/pristine.json/in-the-way'), { recursive: true });
    const error = await applyReconcile(dir, await plan(dir), { pristine: tree(AFTER), afterWrite: (n) => n === 1 && blockBase() }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^writing the project failed \(.*pristine\.json.*\); nothing was changed$/);
    expect(readTree(dir)).toEqual({ ...BEFORE });
  });

  it('is flushed and committed in the traced order outside git; a run that changes nothing traces nothing', async () => {
    const dir = makeProject(BEFORE);
    const trace = join(makeProject({}), 'trace');
    process.env.DJANGOFLOW_FS_TRACE = trace;
    const unchanged = makeProject({ 'a.py': 'a\n' });
    await applyReconcile(unchanged, await planReconcile({ projectDir: unchanged, base: null, theirs: tree({ 'a.py': 'a\n' }) }));
    expect(existsSync(trace)).toBe(false);
    await applyReconcile(dir, await plan(dir), { pristine: tree(AFTER) });
    const steps = readFileSync(trace, 'utf8').split('\n');
    expect(steps.filter((step) => /^(fsync pristine|commit )/.test(step))).toEqual(['fsync pristine', 'commit file']);
    // The base's folder is flushed after the commit, before the journal says committed.
    expect(steps.slice(steps.indexOf('commit file') + 1, steps.indexOf('journal committed'))).toEqual(['fsync .djangoflow', 'fsync .djangoflow']);
    expect(await loadPristine(dir)).toEqual(tree(AFTER));
  });
});
