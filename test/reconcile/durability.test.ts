/**
 * Power loss (issue 14, "nothing lost"): the apply must flush in the order its journal relies
 * on. The file-system trace (DJANGOFLOW_FS_TRACE, lib/reconcile/fault.ts) records every step:
 * each staged file is written, then flushed, before the journal names it; every move comes
 * after the journal; the folders the moves changed are flushed before the commit point;
 * the journal is marked committed last. In process, so it is the first net of the journal's
 * modules; durability-cli.test.ts checks the same order on the real command, killed mid-move.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { applyReconcile, planReconcile } from '../../lib/reconcile/index.js';
import { type Journal, readJournal, recoverInterrupted, writeJournal } from '../../lib/reconcile/journal.js';
import { expectDurableOrder, newTrace, removeTraces, steps } from './fs-trace.js';
import { git, initRepo, lines, makeProject, read, readTree, removeProjects, tree, writeFiles } from './helpers.js';

afterEach(() => {
  removeProjects();
  delete process.env.DJANGOFLOW_FS_TRACE;
});
afterAll(removeTraces);

const BASE = lines('A = 1', 'B = 2', 'C = 3');
const NEW_TREE = tree({ 'u.py': BASE.replace('A = 1', 'A = 10'), 'new/dir/n.py': 'n = 1\n', 'run.sh': '#!/bin/sh\necho hi\n' });

describe('the apply flushes before it relies on what it wrote', () => {
  it.each([
    ['ref', true],
    ['file', false],
  ] as const)('with the base as a git %s: write → fsync → journal → rename → folder fsync → commit', async (kind, inGit) => {
    const dir = makeProject({ 'u.py': BASE, 'gone/x.py': BASE });
    if (inGit) initRepo(dir);
    const report = await planReconcile({ projectDir: dir, base: tree({ 'u.py': BASE, 'gone/x.py': BASE }), theirs: NEW_TREE });
    const trace = newTrace();
    process.env.DJANGOFLOW_FS_TRACE = trace;
    await applyReconcile(dir, report, { pristine: NEW_TREE });
    const recorded = steps(trace);
    // Three files placed, one deleted (moved to the backup), two updated or created.
    expect(recorded.filter((step) => step.startsWith('write '))).toHaveLength(3);
    expect(recorded).toContainEqual(expect.stringMatching(/^rename gone\/x\.py backup\/\d+$/));
    expectDurableOrder(recorded, kind);
  });
});

describe('recoverInterrupted: the next command finishes or rolls back a killed run', () => {
  const PID = 4242;
  /**
   * A project as a run killed mid-move leaves it (work folder tmp-1): a.py replaced (its old
   * file in backup/0), new/dir/n.py placed in folders the run made, b.py not reached yet
   * (staged/2 still there), c.py not placed (staged/3), d.py deleted (moved to backup/4).
   */
  function killedMidMove(pristine: (dir: string) => Journal['pristine'], extra: Partial<Journal> = {}): string {
    const dir = makeProject({
      'a.py': 'a = "new"\n',
      'new/dir/n.py': 'n = 1\n',
      'b.py': 'b = "old"\n',
      'keep.py': 'mine\n',
      '.djangoflow/tmp-1/backup/0': 'a = "old"\n',
      '.djangoflow/tmp-1/staged/2': 'b = "new"\n',
      '.djangoflow/tmp-1/staged/3': 'c = "new"\n',
      '.djangoflow/tmp-1/backup/4': 'd = "old"\n',
      '.djangoflow/pristine.json.tmp-4242': '{}',
    });
    writeJournal(dir, {
      format: 1,
      pid: PID,
      work: '.djangoflow/tmp-1',
      ops: [
        { path: 'a.py', existed: true, writes: true },
        { path: 'new/dir/n.py', existed: false, writes: true },
        { path: 'b.py', existed: true, writes: true },
        { path: 'c.py', existed: false, writes: true },
        { path: 'd.py', existed: true, writes: false },
      ],
      madeDirs: ['new', 'new/dir'],
      pristine: pristine(dir),
      committed: false,
      ...extra,
    });
    return dir;
  }
  const fileBase = (dir: string): Journal['pristine'] => ({ kind: 'file', temp: join(dir, '.djangoflow/pristine.json.tmp-4242'), file: join(dir, '.djangoflow/pristine.json') });
  const AS_BEFORE = { 'a.py': 'a = "old"\n', 'b.py': 'b = "old"\n', 'd.py': 'd = "old"\n', 'keep.py': 'mine\n' };
  const AS_LEFT = { 'a.py': 'a = "new"\n', 'new/dir/n.py': 'n = 1\n', 'b.py': 'b = "old"\n', 'keep.py': 'mine\n' };

  it('rolls back a run whose base was not in force, flushing what it put back before the journal goes', async () => {
    const dir = killedMidMove(fileBase);
    expect(readJournal(dir)).toMatchObject({ pid: PID, committed: false });
    const trace = newTrace();
    process.env.DJANGOFLOW_FS_TRACE = trace;
    expect(await recoverInterrupted(dir)).toBe(`an interrupted run (pid ${PID}) was rolled back: the project is as it was before it`);
    expect(readTree(dir)).toEqual(AS_BEFORE);
    expect(existsSync(join(dir, 'new'))).toBe(false);
    expect(existsSync(join(dir, '.djangoflow'))).toBe(false);
    const after = steps(trace);
    expect(after.at(-1)).toBe('journal removed');
    expect(after.slice(0, -1)).toEqual(expect.arrayContaining(['fsync ./']));
    expect(await recoverInterrupted(dir)).toBeNull();
  });

  it('keeps a folder the run made when the user put a file in it', async () => {
    const dir = killedMidMove(fileBase);
    writeFiles(dir, { 'new/mine.txt': 'mine\n' });
    await recoverInterrupted(dir);
    expect(readTree(dir)).toEqual({ ...AS_BEFORE, 'new/mine.txt': 'mine\n' });
  });

  it('puts back a file the run had turned into a folder', async () => {
    const dir = makeProject({ 'tools/build/run': 'new\n', '.djangoflow/tmp-2/backup/0': 'old build\n' });
    writeJournal(dir, {
      format: 1,
      pid: PID,
      work: '.djangoflow/tmp-2',
      ops: [
        { path: 'tools/build', existed: true, writes: false },
        { path: 'tools/build/run', existed: false, writes: true },
      ],
      madeDirs: ['tools/build'],
      pristine: { kind: 'unchanged' },
      committed: false,
    });
    expect(await recoverInterrupted(dir)).toMatch(/was rolled back/);
    expect(readTree(dir)).toEqual({ 'tools/build': 'old build\n' });
  });

  it('completes a run whose base was in force: committed, or its JSON store already in place', async () => {
    for (const dir of [killedMidMove(fileBase, { committed: true }), killedMidMove((d) => ({ ...fileBase(d), temp: join(d, '.djangoflow/gone.tmp') }))]) {
      expect(await recoverInterrupted(dir)).toBe(`an interrupted run (pid ${PID}) had applied everything; its leftovers are cleaned up`);
      expect(readTree(dir)).toEqual(AS_LEFT);
    }
  });

  it('rolls back the index and the files of a run whose ref had not moved yet', async () => {
    const dir = makeProject({ 'a.py': 'a = "old"\n', 'b.py': 'b\n' });
    initRepo(dir);
    const head = git(dir, 'rev-parse', 'HEAD').trim();
    const blob = git(dir, 'rev-parse', 'HEAD:a.py').trim();
    git(dir, 'rm', '-q', '--cached', 'a.py'); // what the run did to the index
    writeFiles(dir, { 'a.py': 'a = "new"\n', '.djangoflow/tmp-3/backup/0': 'a = "old"\n' });
    const ref = 'refs/djangoflow/pristine';
    const journal: Journal = {
      format: 1,
      pid: PID,
      work: '.djangoflow/tmp-3',
      ops: [{ path: 'a.py', existed: true, writes: true }],
      madeDirs: [],
      index: { root: dir, restore: `100644 ${blob}\ta.py\n` },
      pristine: { kind: 'ref', root: dir, ref, old: null, next: head },
      committed: false,
    };
    writeJournal(dir, journal);
    expect(await recoverInterrupted(dir)).toMatch(/was rolled back/);
    expect(readTree(dir)).toEqual({ 'a.py': 'a = "old"\n', 'b.py': 'b\n' });
    expect(git(dir, 'status', '--porcelain')).toBe('');
    // The same journal once the ref names the new base: complete, nothing undone.
    git(dir, 'update-ref', ref, head);
    writeFiles(dir, { 'a.py': 'a = "new"\n', '.djangoflow/tmp-3/backup/0': 'a = "old"\n' });
    writeJournal(dir, journal);
    expect(await recoverInterrupted(dir)).toMatch(/had applied everything/);
    expect(read(dir, 'a.py')).toBe('a = "new"\n');
  });

  it('names what it could not put back, and keeps the backups', async () => {
    const dir = killedMidMove(fileBase);
    rmSync(join(dir, 'a.py'));
    writeFiles(dir, { 'a.py/inside.txt': 'a folder where the file was\n' });
    await expect(recoverInterrupted(dir)).rejects.toThrow(
      `an interrupted run (pid ${PID}) could not be rolled back for a.py; its backups are in .djangoflow/tmp-1/backup`,
    );
    expect(existsSync(join(dir, '.djangoflow/tmp-1/backup/0'))).toBe(true);
  });

  it('without a journal: sweeps staging leftovers and dead runs\' lock files, keeps the rest', async () => {
    const dead = spawnSync('true').pid;
    const dir = makeProject({
      '.djangoflow/tmp-9/staged/0': 'x',
      '.djangoflow/pristine.json.tmp-9': '{}',
      '.djangoflow/journal.json.tmp': '{',
      [`.djangoflow/lock.new-${dead}`]: '{}',
      [`.djangoflow/lock.stale-${process.pid}`]: '{}',
      '.djangoflow/pristine.json': '{}',
      '.djangoflow/tmp-x': 'not a work folder',
    });
    expect(await recoverInterrupted(dir)).toBe('removed the staging files of an interrupted run (nothing of it had been applied)');
    expect(readdirSync(join(dir, '.djangoflow')).sort()).toEqual([`lock.stale-${process.pid}`, 'pristine.json', 'tmp-x']);
    expect(await recoverInterrupted(dir)).toBeNull();
    const lockOnly = makeProject({ [`.djangoflow/lock.stale-${dead}`]: '{}' });
    expect(await recoverInterrupted(lockOnly)).toBeNull();
    expect(existsSync(join(lockOnly, '.djangoflow'))).toBe(false);
    expect(await recoverInterrupted(makeProject())).toBeNull();
  });

  it('refuses an unreadable journal with advice that fits the folder', async () => {
    const advice = (restore: string) =>
      `.djangoflow/journal.json (left by an interrupted run) is unreadable; ${restore}, then delete .djangoflow/journal.json and the .djangoflow/tmp-* folders`;
    const plain = makeProject({ '.djangoflow/journal.json': '{"format": 1, "ops": {}}', '.djangoflow/tmp-7/backup/0': 'x' });
    await expect(recoverInterrupted(plain)).rejects.toThrow(
      advice("there is no git history here to restore from: check the project's files (the files it replaced are in .djangoflow/tmp-7/backup)"),
    );
    const root = makeProject({ 'p/.djangoflow/journal.json': '{not json' });
    initRepo(root);
    await expect(recoverInterrupted(join(root, 'p'))).rejects.toThrow(advice('restore the project from git'));
    expect(() => readJournal(makeProject({ '.djangoflow/journal.json': '{"format": 2, "ops": []}' }))).toThrow(/is unreadable/);
  });
});
