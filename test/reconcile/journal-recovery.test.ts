/**
 * The journal's edge cases (lib/reconcile/journal.ts), beside durability.test.ts's killed
 * runs: a journal write that fails on a full disk, the folders a rollback removes and the
 * ones it keeps, a base that moved elsewhere, which leftovers the sweep takes and which it
 * leaves. Each checks the files on disk after recovery, and the exact line it returns.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import {
  baseInForce,
  type Journal,
  JOURNAL_FILE,
  readJournal,
  recoverInterrupted,
  removeJournal,
  STATE_DIR,
  undoMoves,
  unlinkIfPresent,
  writeJournal,
} from '../../lib/reconcile/journal.js';
import { newTrace, removeTraces, steps } from './fs-trace.js';
import { git, initRepo, journalOf, makeProject, readTree, removeProjects, writeFiles } from './helpers.js';

afterEach(() => {
  removeProjects();
  delete process.env.DJANGOFLOW_FS_TRACE;
  delete process.env.DJANGOFLOW_FAULT;
});
afterAll(removeTraces);

const PID = 5151;
const journalWith = (extra: Partial<Journal>): Journal => journalOf(PID, '.djangoflow/tmp-5', extra);
const ROLLED_BACK = `an interrupted run (pid ${PID}) was rolled back: the project is as it was before it`;
const COMPLETED = `an interrupted run (pid ${PID}) had applied everything; its leftovers are cleaned up`;

describe('writeJournal and readJournal', () => {
  it('a journal write that fails on a full disk leaves the previous journal whole and no temp file', () => {
    const dir = makeProject({ '.djangoflow/keep': '' });
    process.env.DJANGOFLOW_FAULT = 'full-disk:30';
    let failed = 0;
    for (let i = 1; i <= 30; i++) {
      const before = existsSync(join(dir, JOURNAL_FILE)) ? readFileSync(join(dir, JOURNAL_FILE), 'utf8') : null;
      try {
        writeJournal(dir, journalWith({ pid: i }));
        expect(readJournal(dir)?.pid).toBe(i);
      } catch (error) {
        failed++;
        expect(error).toMatchObject({ code: 'ENOSPC' });
        expect(readFileSync(join(dir, JOURNAL_FILE), 'utf8')).toBe(before);
        expect(readJournal(dir)?.pid).toBe(i - 1);
      }
      expect(readdirSync(join(dir, STATE_DIR)).sort()).toEqual(['journal.json', 'keep']);
    }
    expect(failed).toBe(1);
  });

  it('no journal is null; one without a list of moves, or not JSON, is unreadable', () => {
    expect(readJournal(makeProject({ '.djangoflow/keep': '' }))).toBeNull();
    const noOps = makeProject({ '.djangoflow/journal.json': JSON.stringify({ ...journalWith({}), ops: undefined }) });
    expect(() => readJournal(noOps)).toThrow('.djangoflow/journal.json (left by an interrupted run) is unreadable');
    // A folder that is not a work folder is not named as holding backups.
    const odd = makeProject({ '.djangoflow/journal.json': 'null', '.djangoflow/tmp-1x/backup/0': 'x', '.djangoflow/my-tmp-2/backup/0': 'x' });
    expect(() => readJournal(odd)).toThrow(
      ".djangoflow/journal.json (left by an interrupted run) is unreadable; there is no git history here to restore from: check the project's files, then delete",
    );
  });
});

describe('undoMoves', () => {
  it('removes nested folders the run made where a file was, deepest first, and flushes the folders it changed', () => {
    const dir = makeProject({ 'tools/build/sub/run': 'new\n', 'src/app.py': 'new\n', '.djangoflow/tmp-5/backup/0': 'old build\n', '.djangoflow/tmp-5/backup/2': 'old app\n' });
    const journal = journalWith({
      ops: [
        { path: 'tools/build', existed: true, writes: false },
        { path: 'tools/build/sub/run', existed: false, writes: true },
        { path: 'src/app.py', existed: true, writes: true },
      ],
      madeDirs: ['tools/build', 'tools/build/sub'],
    });
    const trace = newTrace();
    process.env.DJANGOFLOW_FS_TRACE = trace;
    expect(undoMoves(dir, journal)).toEqual([]);
    expect(readTree(dir)).toEqual({ 'tools/build': 'old build\n', 'src/app.py': 'old app\n' });
    // The parents of the moves and of the made folders ('tools/build' is a file again: flushing it is harmless).
    expect(steps(trace).sort()).toEqual(['fsync src/', 'fsync tools/', 'fsync tools/build/']);
  });

  it('leaves a file not placed yet, a target not reached yet, and folders it did not make', () => {
    const dir = makeProject({
      'b.py': 'b old\n',
      'other/x.py': 'x\n',
      'made/y.py': 'placed\n',
      '.djangoflow/tmp-5/staged/0': 'b new\n',
      '.djangoflow/tmp-5/staged/1': 'c new\n',
      'c.py': 'a user file where the run had not placed its own yet\n',
    });
    const journal = journalWith({
      ops: [
        { path: 'b.py', existed: true, writes: true },
        { path: 'c.py', existed: false, writes: true },
        { path: 'made/y.py', existed: false, writes: true },
      ],
      madeDirs: ['made', 'made-too'],
    });
    expect(undoMoves(dir, journal)).toEqual([]);
    const left = readTree(dir);
    expect([left['b.py'], left['c.py'], left['other/x.py'], left['made/y.py']]).toEqual(['b old\n', 'a user file where the run had not placed its own yet\n', 'x\n', undefined]);
    expect(existsSync(join(dir, 'made'))).toBe(false);
    expect(existsSync(join(dir, 'other'))).toBe(true);
  });
});

describe('baseInForce', () => {
  it('a ref is in force only when it names the new commit; a file base when its temp was renamed; "unchanged" never', async () => {
    const dir = makeProject({ 'a.py': 'a\n' });
    initRepo(dir);
    const first = git(dir, 'rev-parse', 'HEAD').trim();
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'second');
    const second = git(dir, 'rev-parse', 'HEAD').trim();
    const ref = 'refs/djangoflow/pristine';
    const pristine = { kind: 'ref' as const, root: dir, ref, old: first, next: second };
    expect(await baseInForce(pristine)).toBe(false); // no ref yet
    git(dir, 'update-ref', ref, first);
    expect(await baseInForce(pristine)).toBe(false); // still the old base
    git(dir, 'update-ref', ref, second);
    expect(await baseInForce(pristine)).toBe(true);
    const temp = join(dir, 'pristine.json.tmp-1');
    expect(await baseInForce({ kind: 'file', temp, file: join(dir, 'pristine.json') })).toBe(true);
    writeFiles(dir, { 'pristine.json.tmp-1': '{}' });
    expect(await baseInForce({ kind: 'file', temp, file: join(dir, 'pristine.json') })).toBe(false);
    expect(await baseInForce({ kind: 'unchanged' })).toBe(false);
  });
});

describe('recoverInterrupted', () => {
  it('rolls back a run whose ref names another base, deleting its prepared JSON base whatever its name', async () => {
    const dir = makeProject({ 'a.py': 'new\n', '.djangoflow/tmp-5/backup/0': 'old\n', '.djangoflow/next-base': '{}' });
    writeJournal(
      dir,
      journalWith({
        ops: [{ path: 'a.py', existed: true, writes: true }],
        pristine: { kind: 'file', temp: join(dir, '.djangoflow/next-base'), file: join(dir, '.djangoflow/pristine.json') },
      }),
    );
    expect(await recoverInterrupted(dir)).toBe(ROLLED_BACK);
    expect(readTree(dir)).toEqual({ 'a.py': 'old\n' });
  });

  it('completes a committed run: its work folder and journal go, with the trace\'s last step', async () => {
    const dir = makeProject({ 'a.py': 'new\n', '.djangoflow/tmp-5/backup/0': 'old\n', '.djangoflow/pristine.json': '{}' });
    writeJournal(dir, journalWith({ ops: [{ path: 'a.py', existed: true, writes: true }], committed: true }));
    const trace = newTrace();
    process.env.DJANGOFLOW_FS_TRACE = trace;
    expect(await recoverInterrupted(dir)).toBe(COMPLETED);
    expect(readTree(dir)).toEqual({ 'a.py': 'new\n', '.djangoflow/pristine.json': '{}' });
    expect(steps(trace)).toEqual(['journal removed']);
  });

  it('removeJournal removes the work folder and the journal', async () => {
    const dir = makeProject({ '.djangoflow/tmp-5/staged/0': 'x', '.djangoflow/tmp-5/backup/1': 'y', '.djangoflow/keep': '' });
    writeJournal(dir, journalWith({}));
    await removeJournal(dir, journalWith({}));
    expect(readdirSync(join(dir, STATE_DIR))).toEqual(['keep']);
  });

  it('sweeps only exact leftover names: work folders, temp JSON stores, the journal temp, dead runs\' lock files', async () => {
    const dead = spawnSync('true').pid!;
    const kept = [
      'tmp-12.keep',
      'old-tmp-12',
      'pristine.json.tmp-3.keep',
      'my-pristine.json.tmp-3',
      'pristine.json.tmp-',
      'journal.json.tmp.keep',
      `lock.new-${process.pid}`,
      `lock.new-${dead}.keep`,
      `old-lock.stale-${dead}`,
      `lock.other-${dead}`,
    ];
    const dir = makeProject(Object.fromEntries([...kept, 'tmp-12', `lock.new-${dead}`].map((name) => [`.djangoflow/${name}`, 'x'])));
    expect(await recoverInterrupted(dir)).toBe('removed the staging files of an interrupted run (nothing of it had been applied)');
    expect(readdirSync(join(dir, STATE_DIR)).sort()).toEqual([...kept].sort());
    const locksOnly = makeProject({ [`.djangoflow/lock.new-${dead}`]: 'x' });
    expect(await recoverInterrupted(locksOnly)).toBeNull(); // a lock file is not a run's staging
  });

  it('unlinkIfPresent removes a file and is quiet when it is gone', () => {
    const dir = makeProject({ f: 'x' });
    unlinkIfPresent(join(dir, 'f'));
    expect(existsSync(join(dir, 'f'))).toBe(false);
    expect(() => unlinkIfPresent(join(dir, 'f'))).not.toThrow();
  });
});
