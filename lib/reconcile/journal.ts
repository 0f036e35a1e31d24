/**
 * The write-ahead journal of an apply. Before the first file moves, `.djangoflow/journal.json`
 * names every move (and whether the target existed), the folders it will create, the index
 * entries to restore, and the prepared base. The files alone then tell how far a killed run
 * got: a backup in the work folder means the old file was moved away, a staged file still
 * there means the new one was not placed. The next command (`recoverInterrupted`, run under
 * the lock before anything else) completes a run whose base was already in force and rolls
 * back any other, so the files, the record and the base always move together.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../input/errors.js';
import { syncDir, syncParents } from './durable.js';
import { traceFs, writeAll } from './fault.js';
import { gitOrThrow, runGit } from './git.js';
import { alive } from './process-alive.js';
import type { PreparedPristine } from './store.js';

export const STATE_DIR = '.djangoflow';
export const JOURNAL_FILE = `${STATE_DIR}/journal.json`;

export interface JournalOp {
  path: string;
  /** The target existed before: its old file goes to `backup/<i>`. */
  existed: boolean;
  /** A new file is placed from `staged/<i>` (false for a delete). */
  writes: boolean;
}

export interface Journal {
  format: 1;
  pid: number;
  /** The work folder, relative to the project: `staged/<i>`, `backup/<i>`. */
  work: string;
  ops: JournalOp[];
  /** Folders (relative) that did not exist and are created for new files, outermost first. */
  madeDirs: string[];
  /** git index lines that put the conflicted paths back as they were. */
  index?: { root: string; restore: string };
  pristine: PreparedPristine;
  /** Set once the base is in force: from then on the run is complete. */
  committed: boolean;
}

/**
 * Written to a temp file, flushed and renamed: a crash leaves the old journal or the new
 * one. Every byte is written before the rename (a full disk can write part of a buffer and
 * say so, without an error): a journal is never truncated, and a failed write leaves no temp.
 */
export function writeJournal(projectDir: string, journal: Journal): void {
  const file = join(projectDir, JOURNAL_FILE);
  const temp = `${file}.tmp`;
  try {
    writeAll(temp, JSON.stringify(journal), { sync: true });
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  renameSync(temp, file);
  syncDir(dirname(file), STATE_DIR);
  traceFs('journal', journal.committed ? 'committed' : 'moves');
}

export function readJournal(projectDir: string): Journal | null {
  const file = join(projectDir, JOURNAL_FILE);
  if (!existsSync(file)) return null;
  try {
    const journal = JSON.parse(readFileSync(file, 'utf8')) as Journal;
    if (journal.format === 1 && Array.isArray(journal.ops)) return journal;
  } catch {
    // fall through
  }
  const work = readdirSync(join(projectDir, STATE_DIR)).find((name) => /^tmp-\d+$/.test(name));
  const backups = work ? ` (the files it replaced are in ${STATE_DIR}/${work}/backup)` : '';
  const restore = insideGit(projectDir)
    ? `restore the project from git${backups}`
    : `there is no git history here to restore from: check the project's files${backups}`;
  throw new UserError(`${JOURNAL_FILE} (left by an interrupted run) is unreadable; ${restore}, then delete ${STATE_DIR}/${JOURNAL_FILE.slice(STATE_DIR.length + 1)} and the ${STATE_DIR}/tmp-* folders`);
}

/** Whether a `.git` is in `dir` or above (the wording of advice only; the store asks git itself). */
function insideGit(dir: string): boolean {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return true;
    if (dirname(current) === current) return false;
  }
}

/**
 * Puts every file back as it was before the run, from what is on disk: deterministic, so a
 * rollback interrupted in turn can simply run again. Returns the paths it could not restore.
 */
export function undoMoves(projectDir: string, journal: Journal): string[] {
  const work = join(projectDir, journal.work);
  const failures: string[] = [];
  for (let i = journal.ops.length - 1; i >= 0; i--) {
    const op = journal.ops[i]!;
    const target = join(projectDir, op.path);
    const backup = join(work, 'backup', String(i));
    const staged = join(work, 'staged', String(i));
    try {
      if (op.existed) {
        if (existsSync(backup)) {
          removeMadeDirs(projectDir, journal.madeDirs, op.path); // a file the run turned into a folder
          rmSync(target, { force: true });
          renameSync(backup, target);
        }
      } else if (op.writes && !existsSync(staged)) {
        rmSync(target, { force: true }); // placed by the run
      }
    } catch {
      failures.push(op.path);
    }
  }
  for (const dir of [...journal.madeDirs].reverse()) {
    try {
      rmdirSync(join(projectDir, dir));
    } catch {
      // not empty (a user's file) or already gone: left alone
    }
  }
  // The files put back must be on disk before the journal that could put them back goes.
  syncParents(projectDir, [...journal.ops.map((op) => op.path), ...journal.madeDirs]);
  return failures;
}

/** The folders the run made at `path` and below, deepest first, when empty (the files in them were undone first). */
function removeMadeDirs(projectDir: string, madeDirs: string[], path: string): void {
  for (const dir of [...madeDirs].reverse()) {
    if (dir !== path && !dir.startsWith(`${path}/`)) continue;
    try {
      rmdirSync(join(projectDir, dir));
    } catch {
      // not there, or not empty
    }
  }
}

export async function restoreIndex(journal: Journal): Promise<void> {
  if (journal.index) await gitOrThrow(['update-index', '--index-info'], { cwd: journal.index.root, input: journal.index.restore });
}

/** Whether the run's base is in force (the step after the last file and index change). */
export async function baseInForce(pristine: PreparedPristine): Promise<boolean> {
  if (pristine.kind === 'ref') {
    const result = await runGit(['rev-parse', '-q', '--verify', `${pristine.ref}^{commit}`], { cwd: pristine.root });
    return result.code === 0 && result.stdout.toString('utf8').trim() === pristine.next;
  }
  if (pristine.kind === 'file') return !existsSync(pristine.temp);
  return false;
}

export async function removeJournal(projectDir: string, journal: Journal): Promise<void> {
  await rm(join(projectDir, journal.work), { recursive: true, force: true });
  rmSync(join(projectDir, JOURNAL_FILE), { force: true });
  traceFs('journal', 'removed');
}

/**
 * Finds a run that was killed and completes it (its base was already in force) or rolls it
 * back; sweeps staging leftovers of runs killed before their journal existed. Call it under
 * the project lock. Returns a line for the user, or null when there was nothing to do.
 */
export async function recoverInterrupted(projectDir: string): Promise<string | null> {
  const stateDir = join(projectDir, STATE_DIR);
  if (!existsSync(stateDir)) return null;
  const journal = readJournal(projectDir);
  let message: string | null = null;
  if (journal) {
    if (journal.committed || (await baseInForce(journal.pristine))) {
      message = `an interrupted run (pid ${journal.pid}) had applied everything; its leftovers are cleaned up`;
    } else {
      const failures = undoMoves(projectDir, journal);
      if (failures.length) {
        throw new UserError(`an interrupted run (pid ${journal.pid}) could not be rolled back for ${failures.join(', ')}; its backups are in ${journal.work}/backup`);
      }
      await restoreIndex(journal);
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: the temp exists here (baseInForce found it), so force changes nothing
      if (journal.pristine.kind === 'file') rmSync(journal.pristine.temp, { force: true });
      message = `an interrupted run (pid ${journal.pid}) was rolled back: the project is as it was before it`;
    }
    await removeJournal(projectDir, journal);
  }
  // Without a journal nothing was moved yet: staging folders and temp files are garbage.
  let swept = false;
  for (const name of readdirSync(stateDir)) {
    if (/^tmp-\d+$/.test(name) || /^pristine\.json\.tmp-\d+$/.test(name) || name === 'journal.json.tmp') {
      rmSync(join(stateDir, name), { recursive: true, force: true });
      swept = true;
    }    // A lock draft or a broken-aside lock whose run died before removing it (lib/reconcile/lock.ts).
    const lockFile = /^lock\.(?:new|stale)-(\d+)$/.exec(name);
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: the file was just listed, and only the lock holder sweeps, so force changes nothing
    if (lockFile && !alive(Number(lockFile[1]))) rmSync(join(stateDir, name), { force: true });
  }
  try {
    rmdirSync(stateDir);
  } catch {
    // not empty: the fallback store or the lock
  }
  if (!journal && swept) return 'removed the staging files of an interrupted run (nothing of it had been applied)';
  return message;
}

/** For the apply's own cleanup: unlink if present. */
export function unlinkIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // gone already
  }
}
