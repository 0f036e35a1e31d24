/**
 * The project lock's races, each order forced (lib/reconcile/lock.ts): the test acts as the
 * competing run at the lock's fault points (`DJANGOFLOW_FAULT=<point>:1:SIGUSR2`, which
 * faultPoint hands to this process's listener at that instant), so every outcome is exact.
 * Also a write that fails halfway (the draft goes) and no descriptor left open.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { acquireLock, LOCK_FILE, releaseLock } from '../../lib/reconcile/lock.js';
import { makeProject, removeProjects } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  removeProjects();
});

/** A project whose lock file holds `owner` (JSON) or this text; released after the test. */
function lockedBy(owner: object | string): string {
  const dir = makeProject({ [LOCK_FILE]: typeof owner === 'string' ? owner : JSON.stringify(owner) });
  cleanups.push(() => releaseLock(dir));
  return dir;
}

/** Runs `act` each time the lock reaches fault point `point`; returns how often it ran. */
function atFaultPoint(point: string, act: (times: number) => void): () => number {
  let times = 0;
  const listener = () => act(++times);
  process.env.DJANGOFLOW_FAULT = `${point}:1:SIGUSR2`;
  process.on('SIGUSR2', listener);
  cleanups.push(() => {
    delete process.env.DJANGOFLOW_FAULT;
    process.off('SIGUSR2', listener);
  });
  return () => times;
}

const startOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
};
const lockOf = (dir: string) => JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
const writeLock = (dir: string, owner: object) => writeFileSync(join(dir, LOCK_FILE), JSON.stringify(owner));
const me = () => ({ pid: process.pid, start: startOf(process.pid), host: hostname() });
/** A live run's owner record: jest's parent process, which outlives this test. */
const liveOwner = () => ({ pid: process.ppid, start: startOf(process.ppid), host: hostname() });
const deadPid = () => spawnSync('true').pid;
const refusal = (pid: number | string) =>
  `another djangoflow run (pid ${pid}) is working on this project; wait for it to finish (if no such process runs, delete .djangoflow/lock)`;
/** What is left in .djangoflow/ (no draft, no lock moved aside). */
const stateFiles = (dir: string) => readdirSync(join(dir, '.djangoflow')).sort();
/** This process's open descriptors on files under `dir`. */
const openUnder = (dir: string) => readdirSync('/proc/self/fd').flatMap((fd) => {
  try {
    const target = readlinkSync(`/proc/self/fd/${fd}`);
    return target.startsWith(dir) ? [target] : [];
  } catch {
    return []; // the descriptor readdir itself used, closed by now
  }
});

/** Blocks this thread until `done()` holds, failing after `seconds`. */
function waitSync(done: () => boolean, what: string, seconds = 10): void {
  const until = Date.now() + seconds * 1000;
  while (!done()) {
    if (Date.now() > until) throw new Error(`${what} did not happen within ${seconds} s`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
}

/** A live process whose parent is a shell that reaps it as soon as it dies. */
async function reapedProcess(): Promise<number> {
  const shell = spawn('sh', ['-c', 'sleep 60 & echo $!; wait'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const pid = await new Promise<number>((resolve, reject) => {
    shell.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    shell.once('error', reject);
  });
  cleanups.push(() => {
    if (existsSync(`/proc/${pid}`)) process.kill(pid, 'SIGKILL');
  });
  return pid;
}

describe('the project lock when another run interferes', () => {
  it('another run links its lock between this run writing its draft and linking it: refused, no draft left', () => {
    const dir = makeProject();
    cleanups.push(() => releaseLock(dir));
    const other = liveOwner();
    const times = atFaultPoint('lock-link', () => writeLock(dir, other));
    expect(() => acquireLock(dir)).toThrow(refusal(other.pid));
    expect(times()).toBe(1);
    expect(lockOf(dir)).toEqual(other);
    expect(stateFiles(dir)).toEqual(['lock']);
  });

  it('gives up after three tries when another run takes the lock each time (and dies at once)', () => {
    const dir = makeProject();
    cleanups.push(() => releaseLock(dir));
    // Bounded: a loop that never ends would otherwise hang; the sixth try finds no competitor.
    const times = atFaultPoint('lock-link', (n) => {
      if (n <= 5) writeLock(dir, { pid: deadPid(), start: '1', host: hostname() });
    });
    expect(() => acquireLock(dir)).toThrow('could not take .djangoflow/lock: other runs keep taking it; try again');
    expect(times()).toBe(3);
    // The third competitor's lock was stale too, and broken: nothing left, none of it ours.
    expect(stateFiles(dir)).toEqual([]);
  });

  it('another run broke the stale lock first: this run takes the lock', () => {
    const dir = lockedBy({ pid: deadPid(), start: '1', host: hostname() });
    const times = atFaultPoint('lock-break', () => unlinkSync(join(dir, LOCK_FILE)));
    acquireLock(dir);
    expect(times()).toBe(1);
    expect(lockOf(dir)).toEqual(me());
    expect(stateFiles(dir)).toEqual(['lock']);
  });

  // Between judging a lock stale and moving it aside, another run replaced it with its own
  // fresh lock: the one moved aside is put back, and this run is refused by it.
  const replaced: [string, (fresh: { pid: number; start: string }) => string][] = [
    ['a dead owner, by another pid (same start time)', (fresh) => JSON.stringify({ pid: deadPid(), start: fresh.start, host: hostname() })],
    ['a reused pid, by the same pid started when the lock says', (fresh) => JSON.stringify({ ...fresh, start: String(Number(fresh.start) + 1) })],
    ['a damaged lock old enough', () => '{damaged'],
  ];
  it.each(replaced)('puts back a fresh lock it moved aside instead of the stale one: %s', (_, staleLock) => {
    const fresh = liveOwner();
    const dir = lockedBy(staleLock(fresh));
    const old = (Date.now() - 5000) / 1000;
    utimesSync(join(dir, LOCK_FILE), old, old);
    const times = atFaultPoint('lock-break', () => writeLock(dir, fresh));
    expect(() => acquireLock(dir)).toThrow(refusal(fresh.pid));
    expect(times()).toBe(1);
    expect(lockOf(dir)).toEqual(fresh);
    expect(stateFiles(dir)).toEqual(['lock']);
  });

  it("an owner that exits between its liveness check and its start time's read is taken at its word", async () => {
    const pid = await reapedProcess();
    const owner = { pid, start: startOf(pid), host: hostname() };
    const dir = lockedBy(owner);
    const times = atFaultPoint('lock-start-time', () => {
      process.kill(pid, 'SIGKILL');
      waitSync(() => !existsSync(`/proc/${pid}`), `process ${pid} reaped after SIGKILL`);
    });
    expect(() => acquireLock(dir)).toThrow(refusal(pid));
    expect(times()).toBe(1);
    expect(lockOf(dir)).toEqual(owner);
  });
});

describe('the project lock on a failing disk', () => {
  it('a draft that cannot be written whole: one line naming the error, the draft removed, nothing left open', () => {
    const dir = makeProject({ '.djangoflow/journal.json': '{}' });
    // Should the lock be linked to /dev/full after all, release must not read its endless zeros.
    cleanups.push(() => {
      rmSync(join(dir, LOCK_FILE), { force: true });
      releaseLock(dir);
    });
    // The draft's name leads to /dev/full, where every write fails with ENOSPC.
    symlinkSync('/dev/full', join(dir, `${LOCK_FILE}.new-${process.pid}`));
    expect(() => acquireLock(dir)).toThrow('cannot create .djangoflow/lock (ENOSPC); is the folder writable?');
    expect(stateFiles(dir)).toEqual(['journal.json']);
    expect(openUnder(dir)).toEqual([]);
  });

  it('leaves no descriptor open once it holds the lock', () => {
    const dir = makeProject();
    cleanups.push(() => releaseLock(dir));
    acquireLock(dir);
    expect(lockOf(dir)).toEqual(me());
    expect(openUnder(dir)).toEqual([]);
  });
});
