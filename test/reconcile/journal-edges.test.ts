/**
 * The journal's quiet cases: a folder the platform cannot flush (Windows, some network file
 * systems) is no failure, while the files go on being flushed; a rollback or cleanup that
 * finds its file already gone carries on; every path a rollback could not put back is named.
 * node:fs is watched so that "cannot flush" can be made to happen on a local disk.
 */
import { readdirSync } from 'node:fs';
import type * as FsModule from 'node:fs';
import type * as FsPromisesModule from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, jest } from '@jest/globals';
import type { Journal } from '../../lib/reconcile/journal.js';
import { journalOf, makeProject, readTree, removeProjects } from './helpers.js';
import { newTrace, removeTraces, steps } from './fs-trace.js';

/** A folder or file whose name ends so cannot be flushed: fsync fails with EINVAL. */
const UNFLUSHABLE = 'no-fsync';
const closed: string[] = [];
const einval = () => Object.assign(new Error('EINVAL: invalid argument, fsync'), { code: 'EINVAL' });

jest.unstable_mockModule('node:fs', () => {
  const actual = jest.requireActual<typeof FsModule>('node:fs');
  const pathOf = new Map<number, string>();
  const openSync = (path: string, flags: string, mode?: number) => {
    const fd = actual.openSync(path, flags, mode);
    pathOf.set(fd, String(path));
    return fd;
  };
  const fsyncSync = (fd: number) => {
    if (pathOf.get(fd)?.endsWith(UNFLUSHABLE)) throw einval();
    return actual.fsyncSync(fd);
  };
  const closeSync = (fd: number) => {
    closed.push(pathOf.get(fd)!);
    return actual.closeSync(fd);
  };
  return { ...actual, default: actual, openSync, fsyncSync, closeSync };
});
jest.unstable_mockModule('node:fs/promises', () => {
  const actual = jest.requireActual<typeof FsPromisesModule>('node:fs/promises');
  const open = async (path: string, flags: string) => {
    const handle = await actual.open(path, flags);
    const { sync, close } = { sync: handle.sync.bind(handle), close: handle.close.bind(handle) };
    handle.sync = async () => (path.endsWith(UNFLUSHABLE) ? Promise.reject(einval()) : sync());
    handle.close = async () => {
      closed.push(path);
      return close();
    };
    return handle;
  };
  return { ...actual, default: actual, open };
});

const { syncAll, syncDir } = await import('../../lib/reconcile/durable.js');
const { readJournal, recoverInterrupted, removeJournal, undoMoves, writeJournal } = await import('../../lib/reconcile/journal.js');

afterEach(() => {
  removeProjects();
  closed.length = 0;
  delete process.env.DJANGOFLOW_FS_TRACE;
});
afterAll(removeTraces);

describe('a folder that cannot be flushed', () => {
  it('is no failure for syncAll or syncDir: not traced, still closed; a file beside it is flushed', async () => {
    const dir = makeProject({ [`${UNFLUSHABLE}/x`]: '', 'f.py': '' });
    const trace = newTrace();
    process.env.DJANGOFLOW_FS_TRACE = trace;
    await syncAll([[join(dir, 'f.py'), 'staged/0']], [[join(dir, UNFLUSHABLE), `${UNFLUSHABLE}/`]]);
    syncDir(join(dir, UNFLUSHABLE), `${UNFLUSHABLE}/`);
    expect(steps(trace)).toEqual(['fsync staged/0']);
    expect(closed.filter((path) => path === join(dir, UNFLUSHABLE))).toHaveLength(2);
  });

  it('a file that cannot be flushed fails syncAll, and is closed', async () => {
    const dir = makeProject({ [UNFLUSHABLE]: '' });
    await expect(syncAll([[join(dir, UNFLUSHABLE), 'staged/0']])).rejects.toMatchObject({ code: 'EINVAL' });
    expect(closed).toEqual([join(dir, UNFLUSHABLE)]);
  });
});

describe('what is already gone', () => {
  const PID = 6161;
  const journalWith = (extra: Partial<Journal>): Journal => journalOf(PID, '.djangoflow/tmp-61', extra);

  it('a file the run placed and the user deleted since is no failure of the rollback', () => {
    const dir = makeProject({ 'kept.py': 'k\n' });
    expect(undoMoves(dir, journalWith({ ops: [{ path: 'placed.py', existed: false, writes: true }] }))).toEqual([]);
    expect(readTree(dir)).toEqual({ 'kept.py': 'k\n' });
  });

  it('removeJournal is quiet when the work folder and the journal are gone already', async () => {
    const dir = makeProject({ '.djangoflow/keep': '' });
    await removeJournal(dir, journalWith({}));
    expect(readdirSync(join(dir, '.djangoflow'))).toEqual(['keep']);
  });

  it('names every path a rollback could not put back', async () => {
    const dir = makeProject({ 'a.py/inside': '', 'b.py/inside': '', '.djangoflow/tmp-61/backup/0': 'a\n', '.djangoflow/tmp-61/backup/1': 'b\n' });
    writeJournal(
      dir,
      journalWith({
        ops: [
          { path: 'a.py', existed: true, writes: true },
          { path: 'b.py', existed: true, writes: true },
        ],
      }),
    );
    await expect(recoverInterrupted(dir)).rejects.toThrow(
      `an interrupted run (pid ${PID}) could not be rolled back for b.py, a.py; its backups are in .djangoflow/tmp-61/backup`,
    );
  });

  it('an unreadable journal names a work folder of any run number as holding the backups', () => {
    const dir = makeProject({ '.djangoflow/journal.json': '[', '.djangoflow/tmp-1234/backup/0': 'x' });
    expect(() => readJournal(dir)).toThrow("check the project's files (the files it replaced are in .djangoflow/tmp-1234/backup), then delete");
  });
});
