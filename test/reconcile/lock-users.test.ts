/**
 * The project lock run by an unprivileged user (lib/reconcile/lock.ts, process-alive.ts):
 * another user's live process refuses the run (signalling it is refused, EPERM, yet it
 * runs), and a folder the user cannot write is said in one line. Run as root (CI's
 * container), the test switches its effective user to nobody for each call and back; run
 * as any other user, it already is unprivileged and uses pid 1 (root's) as the other user.
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { acquireLock, LOCK_FILE, releaseLock } from '../../lib/reconcile/lock.js';
import { alive } from '../../lib/reconcile/process-alive.js';
import { makeProject, removeProjects } from './helpers.js';

const NOBODY = 65534;
const root = process.geteuid!() === 0;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  removeProjects();
});

/** `act()` with the effective user nobody (when root; any other user already is unprivileged). */
function unprivileged<T>(act: () => T): T {
  if (!root) return act();
  process.setegid!(NOBODY);
  process.seteuid!(NOBODY);
  try {
    return act();
  } finally {
    process.seteuid!(0);
    process.setegid!(0);
  }
}

/** A live process of a user that is neither root nor nobody (as root), else pid 1. */
async function otherUsersProcess(): Promise<number> {
  if (!root) return 1;
  const child = spawn('setpriv', ['--reuid=4321', '--regid=4321', '--clear-groups', 'sleep', '60'], { stdio: 'ignore' });
  await new Promise((resolve, reject) => child.once('spawn', resolve).once('error', reject));
  cleanups.push(() => child.kill('SIGKILL'));
  // setpriv execs sleep in place: wait until the pid runs sleep as user 4321.
  for (let i = 0; i < 500 && !readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/^Uid:\s+4321\b/m); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return child.pid!;
}

const startOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
};

/** A project the unprivileged user may enter and (when `writable`) write, state folder included. */
function project(files: Record<string, string>, { writable }: { writable: boolean }): string {
  const dir = makeProject(files);
  mkdirSync(join(dir, '.djangoflow'), { recursive: true });
  for (const folder of [dir, join(dir, '.djangoflow')]) {
    if (root && writable) chownSync(folder, NOBODY, NOBODY);
    chmodSync(folder, writable ? 0o755 : 0o555);
  }
  cleanups.push(() => {
    chmodSync(dir, 0o755);
    chmodSync(join(dir, '.djangoflow'), 0o755);
    unprivileged(() => releaseLock(dir));
  });
  return dir;
}

describe('the project lock for an unprivileged user', () => {
  it("counts another user's process as running although it may not signal it", async () => {
    const pid = await otherUsersProcess();
    expect(unprivileged(() => alive(pid))).toBe(true);
  });

  it("is refused by a lock whose owner is another user's live process", async () => {
    const pid = await otherUsersProcess();
    const owner = { pid, start: startOf(pid), host: hostname() };
    const dir = project({ [LOCK_FILE]: JSON.stringify(owner) }, { writable: true });
    expect(() => unprivileged(() => acquireLock(dir))).toThrow(
      `another djangoflow run (pid ${pid}) is working on this project; wait for it to finish (if no such process runs, delete .djangoflow/lock)`,
    );
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toEqual(owner);
  });

  it('says in one line that the state folder is not writable', () => {
    const dir = project({}, { writable: false });
    expect(() => unprivileged(() => acquireLock(dir))).toThrow('cannot create .djangoflow/lock (EACCES); is the folder writable?');
  });

  it('says in one line that the project folder is not writable', () => {
    const dir = makeProject();
    chmodSync(dir, 0o555);
    cleanups.push(() => chmodSync(dir, 0o755));
    expect(() => unprivileged(() => acquireLock(dir))).toThrow("cannot create .djangoflow/ for the run's lock (EACCES); is the folder writable?");
  });
});
