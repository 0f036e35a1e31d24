/**
 * One run per project (lib/reconcile/lock.ts): the lock names its owner, a live owner
 * refuses the run with one line, a dead one (or a reused pid, or a damaged lock old enough)
 * is taken over, another machine's is never broken; release leaves a lock it does not own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { acquireLock, LOCK_FILE, releaseLock } from '../../lib/reconcile/lock.js';
import { alive } from '../../lib/reconcile/process-alive.js';
import { beginProjectRun, endProjectRun } from '../../lib/reconcile/session.js';
import { makeProject, removeProjects, writeFiles } from './helpers.js';

const acquired: string[] = [];
afterEach(() => {
  for (const dir of acquired.splice(0)) releaseLock(dir);
  removeProjects();
});

/** A project whose lock file holds `owner` (JSON) or this text. */
function lockedBy(owner: object | string): string {
  const dir = makeProject({ [LOCK_FILE]: typeof owner === 'string' ? owner : JSON.stringify(owner) });
  acquired.push(dir);
  return dir;
}

const startOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
};
const lockOf = (dir: string) => JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
const me = () => ({ pid: process.pid, start: startOf(process.pid), host: hostname() });
/** A pid that certainly runs no process (a child that has exited). */
const deadPid = () => spawnSync('true').pid;
const refusal = (pid: number | string) =>
  `another djangoflow run (pid ${pid}) is working on this project; wait for it to finish (if no such process runs, delete .djangoflow/lock)`;

describe('the project lock', () => {
  // First in the file: the exit hook is installed by the first lock this module takes.
  it('releases every lock it holds when the process exits (one exit hook, however many locks)', () => {
    const before = process.listeners('exit');
    const [a, b, c] = [makeProject(), makeProject(), makeProject()];
    acquired.push(a, b, c);
    acquireLock(a);
    acquireLock(b);
    acquireLock(c);
    const hooks = process.listeners('exit').filter((listener) => !before.includes(listener));
    for (const hook of hooks) process.off('exit', hook);
    expect(hooks).toHaveLength(1);
    (hooks[0] as () => void)();
    expect([a, b, c].map((dir) => existsSync(join(dir, '.djangoflow')))).toEqual([false, false, false]);
  });

  it('names its owner, is taken once per process, and goes with its folder on release', () => {
    const dir = makeProject();
    acquired.push(dir);
    acquireLock(dir);
    expect(lockOf(dir)).toEqual(me());
    acquireLock(dir); // held already: no second take, no refusal
    expect(lockOf(dir)).toEqual(me());
    releaseLock(dir);
    expect(existsSync(join(dir, '.djangoflow'))).toBe(false);
    releaseLock(dir);
    // Taken again after a release; the folder stays when it holds something else.
    acquireLock(dir);
    writeFiles(dir, { '.djangoflow/pristine.json': '{}' });
    releaseLock(dir);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(existsSync(join(dir, '.djangoflow/pristine.json'))).toBe(true);
  });

  it('refuses the run while its owner runs, and leaves the lock', () => {
    const owner = { pid: process.ppid, start: startOf(process.ppid), host: hostname() };
    const dir = lockedBy(owner);
    expect(() => acquireLock(dir)).toThrow(refusal(process.ppid));
    expect(lockOf(dir)).toEqual(owner);
    // An owner whose start time is unknown is taken at its word.
    const unknownStart = lockedBy({ ...owner, start: '' });
    expect(() => acquireLock(unknownStart)).toThrow(refusal(process.ppid));
  });

  it('takes over a lock whose process is gone, or whose pid now belongs to a later process', () => {
    const dead = lockedBy({ pid: deadPid(), start: '1', host: hostname() });
    acquireLock(dead);
    expect(lockOf(dead)).toEqual(me());
    const reused = lockedBy({ pid: process.ppid, start: String(Number(startOf(process.ppid)) + 1), host: hostname() });
    acquireLock(reused);
    expect(lockOf(reused)).toEqual(me());
    expect(existsSync(join(reused, `${LOCK_FILE}.stale-${process.pid}`))).toBe(false);
  });

  it("never breaks another machine's lock, even with a pid that runs nothing here", () => {
    const pid = deadPid();
    const dir = lockedBy({ pid, start: '1', host: `not-${hostname()}` });
    expect(() => acquireLock(dir)).toThrow(refusal(pid));
  });

  it('takes over a damaged lock only once it is old enough that no run can still be starting', () => {
    for (const damaged of ['{not json', '{"pid": "12"}']) {
      const dir = lockedBy(damaged);
      expect(() => acquireLock(dir)).toThrow(refusal('unknown'));
      const old = (Date.now() - 5000) / 1000;
      utimesSync(join(dir, LOCK_FILE), old, old);
      acquireLock(dir);
      expect(lockOf(dir)).toEqual(me());
    }
  });

  it('a damaged lock exactly 2 s old is still refused; a millisecond older, taken over', () => {
    const dir = lockedBy('{not json');
    const now = Math.floor(Date.now() / 1000) * 1000; // whole seconds: the file's time is exact
    utimesSync(join(dir, LOCK_FILE), (now - 2000) / 1000, (now - 2000) / 1000);
    jest.useFakeTimers({ now });
    try {
      expect(() => acquireLock(dir)).toThrow(refusal('unknown'));
      jest.setSystemTime(now + 1);
      acquireLock(dir);
    } finally {
      jest.useRealTimers();
    }
    expect(lockOf(dir)).toEqual(me());
  });

  it('does not remove a lock another run put in its place', () => {
    const dir = makeProject();
    acquired.push(dir);
    acquireLock(dir);
    const other = { pid: process.ppid, start: startOf(process.ppid), host: hostname() };
    writeFiles(dir, { [LOCK_FILE]: JSON.stringify(other) });
    releaseLock(dir);
    expect(lockOf(dir)).toEqual(other);
  });

  it('a run of a command: lock first, then a note of what it recovered; released by endProjectRun', async () => {
    const dir = makeProject({ '.yo-rc.json': '{}\n' });
    const notes: string[] = [];
    await beginProjectRun(dir, (line) => notes.push(line), { watchSignals: false });
    expect(lockOf(dir)).toEqual(me());
    expect(notes).toEqual([]);
    const busy = lockedBy({ pid: process.ppid, start: startOf(process.ppid), host: hostname() });
    await expect(beginProjectRun(busy, () => undefined, { watchSignals: false })).rejects.toThrow(refusal(process.ppid));
    endProjectRun(dir);
    expect(existsSync(join(dir, '.djangoflow'))).toBe(false);
    // A killed run's staging is swept under the lock, and said.
    const killed = makeProject({ '.djangoflow/tmp-12/staged/0': 'x' });
    acquired.push(killed);
    await beginProjectRun(killed, (line) => notes.push(line), { watchSignals: false });
    expect(notes).toEqual(['removed the staging files of an interrupted run (nothing of it had been applied)']);
    expect(lockOf(killed)).toEqual(me());
    // A linked record is refused before the lock is taken.
    const linked = makeProject({ 'real.json': '{}' });
    symlinkSync(join(linked, 'real.json'), join(linked, '.yo-rc.json'));
    await expect(beginProjectRun(linked, () => undefined, { watchSignals: false })).rejects.toThrow(/^\.yo-rc\.json is a symbolic link/);
    expect(existsSync(join(linked, LOCK_FILE))).toBe(false);
  });

  it('watches signals for the whole command unless told not to', async () => {
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const before = signals.map((signal) => process.listeners(signal));
    const dir = makeProject();
    acquired.push(dir);
    await beginProjectRun(dir, () => undefined);
    const added = signals.map((signal, i) => process.listeners(signal).filter((listener) => !before[i]!.includes(listener)));
    // Taken out again at once: a command-wide listener would end this test process on a signal.
    signals.forEach((signal, i) => added[i]!.forEach((listener) => process.off(signal, listener as () => void)));
    expect(added.map((listeners) => listeners.length)).toEqual([1, 1, 1]);
  });

  it('says in one line when the lock cannot be made', () => {
    const file = join(makeProject({ 'file.txt': 'x' }), 'file.txt');
    expect(() => acquireLock(file)).toThrow("cannot create .djangoflow/ for the run's lock (ENOTDIR); is the folder writable?");
  });

  it('releases only a lock it took, and a lock someone removed without failing', () => {
    const notTaken = lockedBy(me());
    releaseLock(notTaken);
    expect(lockOf(notTaken)).toEqual(me());
    const dir = makeProject();
    acquired.push(dir);
    acquireLock(dir);
    rmSync(join(dir, LOCK_FILE));
    expect(() => releaseLock(dir)).not.toThrow();
    expect(existsSync(join(dir, '.djangoflow'))).toBe(false);
  });

  it('never makes its lock through a linked .djangoflow', () => {
    const outside = makeProject();
    const dir = makeProject();
    symlinkSync(outside, join(dir, '.djangoflow'));
    expect(() => acquireLock(dir)).toThrow(/^\.djangoflow\/ is a symbolic link/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('tells a running process from a gone one', () => {
    expect(alive(process.pid)).toBe(true);
    expect(alive(deadPid())).toBe(false);
  });
});
