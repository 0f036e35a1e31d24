/**
 * One run per project. `.djangoflow/lock` is created exclusively and names its owner (pid,
 * the process's start time, host); it is held for the whole command and removed on any
 * exit. A lock whose process is gone (or whose pid now belongs to a process started at
 * another time: pids are reused) is stale and taken over; a live one refuses the run with
 * one line and nothing written.
 *
 * Fault points (lib/reconcile/fault.ts) at the three moments another run can interfere, so
 * the tests force each race order: `lock-link` (draft written, not yet linked), `lock-break`
 * (a lock judged stale, not yet moved aside), `lock-start-time` (its owner found alive, start
 * time not yet read).
 */
import { hostname } from 'node:os';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../input/errors.js';
import { assertContained } from './containment.js';
import { STATE_DIR } from './journal.js';
import { faultPoint } from './fault.js';
import { alive } from './process-alive.js';

export const LOCK_FILE = `${STATE_DIR}/lock`;

interface Owner {
  pid: number;
  start: string;
  host: string;
}

/** A process's start time (clock ticks since boot, from /proc), '' where unknown. */
function startTime(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Stryker disable next-line StringLiteral: Linux's stat line always has the start time (field 22), so the fallback is never read
    return fields[19] ?? '';
  } catch {
    return '';
  }
}

function isStale(owner: Owner | null, file: string): boolean {
  // Unreadable although written whole before it was linked: damaged (a full disk, a hand
  // edit); taken over once it is old enough that no run can still be starting.
  if (!owner) return Date.now() - statOrNow(file) > 2000;
  if (owner.host !== hostname()) return false; // another machine (shared folder): cannot tell
  if (!alive(owner.pid)) return true;
  faultPoint('lock-start-time');
  const start = startTime(owner.pid);
  return owner.start !== '' && start !== '' && start !== owner.start;
}

function statOrNow(file: string): number {
  try {
    return statSync(file).mtimeMs;
  }
  // Stryker disable next-line BlockStatement: undefined makes the age NaN, not above 2000 either (a lock gone since it was read is no older than now)
  catch {
    return Date.now();
  }
}

function readOwner(file: string): Owner | null {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Owner;
    return typeof owner.pid === 'number' ? owner : null;
  }
  // Stryker disable next-line BlockStatement: undefined is read like null (falsy, `?.`)
  catch {
    return null;
  }
}

const held = new Set<string>();
let exitHook = false;

/**
 * Takes the project's lock or throws a one-line UserError naming the run that holds it.
 * Released by `releaseLock` or, whatever happens, when the process exits.
 */
export function acquireLock(projectDir: string): void {
  const file = join(projectDir, LOCK_FILE);
  if (held.has(file)) return;
  assertContained(projectDir, [LOCK_FILE]);
  try {
    mkdirSync(join(projectDir, STATE_DIR), { recursive: true });
  } catch (error) {
    throw new UserError(`cannot create ${STATE_DIR}/ for the run's lock (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); is the folder writable?`);
  }
  const me: Owner = { pid: process.pid, start: startTime(process.pid), host: hostname() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      createWithOwner(file, me);
      held.add(file);
      if (!exitHook) process.on('exit', releaseAll);
      exitHook = true;
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new UserError(`cannot create ${LOCK_FILE} (${code ?? (error as Error).message}); is the folder writable?`);
    }
    const owner = readOwner(file);
    if (!isStale(owner, file)) {
      throw new UserError(
        `another djangoflow run (pid ${owner?.pid ?? 'unknown'}) is working on this project; wait for it to finish (if no such process runs, delete ${LOCK_FILE})`,
      );
    }
    breakStaleLock(file, owner);
  }
  throw new UserError(`could not take ${LOCK_FILE}: other runs keep taking it; try again`);
}

/**
 * Writes the owner to a private file, then links it to the lock's name: the lock appears
 * with its owner already in it, so no other run ever reads an empty lock and mistakes a
 * slow writer (a loaded machine can pause a process for seconds) for a dead one.
 */
function createWithOwner(file: string, owner: Owner): void {
  const draft = `${file}.new-${process.pid}`;
  const fd = openSync(draft, 'w');
  try {
    writeFileSync(fd, JSON.stringify(owner)); // every byte: a nearly full disk writes short
  } catch (error) {
    unlinkSync(draft);
    throw error;
  } finally {
    closeSync(fd);
  }
  faultPoint('lock-link');
  try {
    linkSync(draft, file); // fails with EEXIST when another run holds the lock
  } finally {
    unlinkSync(draft);
  }
}

/**
 * Moves the stale lock aside before deleting it, so two runs breaking it at once cannot
 * delete a fresh lock the other one just took: whoever moved a lock other than the one it
 * judged (another owner, or any whole lock where a damaged one was) puts it back.
 */
function breakStaleLock(file: string, owner: Owner | null): void {
  const aside = `${file}.stale-${process.pid}`;
  faultPoint('lock-break');
  try {
    renameSync(file, aside);
  } catch {
    return; // someone else broke it first
  }
  const moved = readOwner(aside);
  if (moved && (!owner || moved.pid !== owner.pid || moved.start !== owner.start)) {
    try {
      linkSync(aside, file);
    } catch {
      // a third run took the lock meanwhile: the one we moved lost it, as if stale
    }
  }
  unlinkSync(aside);
}

export function releaseLock(projectDir: string): void {
  const file = join(projectDir, LOCK_FILE);
  if (!held.delete(file)) return;
  if (readOwner(file)?.pid === process.pid) unlinkSync(file);
  try {
    rmdirSync(join(projectDir, STATE_DIR));
  } catch {
    // not empty (the fallback store) or gone
  }
}

function releaseAll(): void {
  for (const file of [...held]) releaseLock(join(file, '..', '..'));
}
