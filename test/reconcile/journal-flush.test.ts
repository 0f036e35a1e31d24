/**
 * The flushes themselves (lib/reconcile/durable.ts, fault.ts's writeAll, the journal's write):
 * a power loss keeps only what was fsync'd, and nothing on disk shows whether a flush ran, so
 * node:fs is watched here (every call still goes to the real file system) and each flush is
 * checked on the descriptor of the very file or folder it must reach, and closed after.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type * as FsModule from 'node:fs';
import type * as FsPromisesModule from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { makeProject, removeProjects } from './helpers.js';
import { newTrace, removeTraces, steps } from './fs-trace.js';

/** Every open of the watched calls: path → descriptor, and the calls on descriptors after. */
const events: string[] = [];
const pathOf = new Map<number, string>();

jest.unstable_mockModule('node:fs', () => {
  const actual = jest.requireActual<typeof FsModule>('node:fs');
  return {
    ...actual,
    default: actual,
    openSync: (path: string, flags: string, mode?: number) => {
      const fd = actual.openSync(path, flags, mode);
      pathOf.set(fd, String(path));
      events.push(`open ${String(path)}`);
      return fd;
    },
    fsyncSync: (fd: number) => {
      events.push(`fsync ${pathOf.get(fd)}`);
      return actual.fsyncSync(fd);
    },
    closeSync: (fd: number) => {
      events.push(`close ${pathOf.get(fd)}`);
      return actual.closeSync(fd);
    },
  };
});
jest.unstable_mockModule('node:fs/promises', () => {
  const actual = jest.requireActual<typeof FsPromisesModule>('node:fs/promises');
  return {
    ...actual,
    default: actual,
    open: async (path: string, flags: string) => {
      const handle = await actual.open(path, flags);
      events.push(`open ${path}`);
      const { sync, close } = { sync: handle.sync.bind(handle), close: handle.close.bind(handle) };
      handle.sync = async () => {
        events.push(`fsync ${path}`);
        return sync();
      };
      handle.close = async () => {
        events.push(`close ${path}`);
        return close();
      };
      return handle;
    },
  };
});

const { parentFolders, syncAll, syncDir, syncParents } = await import('../../lib/reconcile/durable.js');
const { writeAll } = await import('../../lib/reconcile/fault.js');
const { readJournal, writeJournal } = await import('../../lib/reconcile/journal.js');

beforeEach(() => {
  events.length = 0;
});
afterEach(() => {
  removeProjects();
  delete process.env.DJANGOFLOW_FS_TRACE;
  delete process.env.DJANGOFLOW_FAULT;
});
afterAll(removeTraces);

/** The watched calls on `path`, in order. */
const on = (path: string) => events.filter((event) => event.endsWith(` ${path}`)).map((event) => event.split(' ')[0]);

describe('writeAll', () => {
  it('flushes the file it wrote only when asked, and always closes it', () => {
    const dir = makeProject();
    writeAll(join(dir, 'synced'), 'abc', { sync: true });
    writeAll(join(dir, 'plain'), Buffer.from([1, 2, 3]));
    expect(on(join(dir, 'synced'))).toEqual(['open', 'fsync', 'close']);
    expect(on(join(dir, 'plain'))).toEqual(['open', 'close']);
    expect(readFileSync(join(dir, 'synced'), 'utf8')).toBe('abc');
    expect([...readFileSync(join(dir, 'plain'))]).toEqual([1, 2, 3]);
  });

  it('creates the file with the mode it is given (0600 for secrets), 0666 less the umask otherwise', () => {
    const dir = makeProject();
    const umask = process.umask();
    writeAll(join(dir, 'secret'), 'x', { mode: 0o600 });
    writeAll(join(dir, 'open'), 'x');
    expect(statSync(join(dir, 'secret')).mode & 0o777).toBe(0o600 & ~umask);
    expect(statSync(join(dir, 'open')).mode & 0o777).toBe(0o666 & ~umask);
  });

  it('writes a string as UTF-8 and replaces what the file held', () => {
    const dir = makeProject({ f: 'a much longer old content\n' });
    writeAll(join(dir, 'f'), 'ünï');
    expect(readFileSync(join(dir, 'f'))).toEqual(Buffer.from('ünï', 'utf8'));
  });

  it('under full-disk:N the Nth write stops halfway with ENOSPC, the others write everything', () => {
    const dir = makeProject();
    process.env.DJANGOFLOW_FAULT = 'full-disk:40';
    const outcomes: string[] = [];
    for (let i = 0; i < 40; i++) {
      try {
        writeAll(join(dir, `f${i}`), '0123456789', { sync: true });
        outcomes.push(readFileSync(join(dir, `f${i}`), 'utf8'));
      } catch (error) {
        expect(error).toMatchObject({ code: 'ENOSPC', errno: -28, syscall: 'write', message: 'ENOSPC: no space left on device, write' });
        outcomes.push(`failed: ${readFileSync(join(dir, `f${i}`), 'utf8')}`);
        expect(on(join(dir, `f${i}`))).toEqual(['open', 'close']); // never flushed, still closed
      }
    }
    expect(outcomes.filter((outcome) => outcome.startsWith('failed'))).toEqual(['failed: 01234']);
    expect(outcomes.filter((outcome) => outcome === '0123456789')).toHaveLength(39);
    // Another fault point, or none, writes everything.
    process.env.DJANGOFLOW_FAULT = 'after-move:1';
    writeAll(join(dir, 'other'), 'abc');
    expect(readFileSync(join(dir, 'other'), 'utf8')).toBe('abc');
  });
});

describe('durable.ts', () => {
  it('syncAll flushes every file and folder once, traced by its label, and closes each', async () => {
    const dir = makeProject();
    const files = Array.from({ length: 20 }, (_, i) => [join(dir, `f${i}`), `staged/${i}`] as const);
    for (const [path] of files) writeFileSync(path, 'x');
    mkdirSync(join(dir, 'sub'));
    const trace = newTrace();
    process.env.DJANGOFLOW_FS_TRACE = trace;
    await syncAll(files, [
      [join(dir, 'sub'), 'sub/'],
      [join(dir, 'gone'), 'gone/'],
    ]);
    for (const [path] of [...files, [join(dir, 'sub')]]) expect(on(path!)).toEqual(['open', 'fsync', 'close']);
    expect(on(join(dir, 'gone'))).toEqual([]); // a folder removed again by a rollback is skipped
    expect(steps(trace).sort()).toEqual([...files.map(([, label]) => `fsync ${label}`), 'fsync sub/'].sort());
  });

  it('syncAll with nothing to flush does nothing; a file that cannot be opened fails it', async () => {
    await syncAll([]);
    expect(events).toEqual([]);
    const dir = makeProject();
    await expect(syncAll([[join(dir, 'missing'), 'staged/0']])).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('syncDir flushes a folder under its label (its path by default), and skips one that is not there', () => {
    const dir = makeProject({ 'a/x': '' });
    const trace = newTrace();
    process.env.DJANGOFLOW_FS_TRACE = trace;
    syncDir(join(dir, 'a'), 'a/');
    syncDir(dir);
    syncDir(join(dir, 'missing'), 'missing/');
    expect(on(join(dir, 'a'))).toEqual(['open', 'fsync', 'close']);
    expect(on(dir)).toEqual(['open', 'fsync', 'close']);
    expect(steps(trace)).toEqual(['fsync a/', `fsync ${dir}`]);
  });

  it('parentFolders names each folder once, sorted, labelled with a slash; syncParents flushes them', () => {
    const dir = makeProject({ 'b/x': '', 'a/c/y': '', z: '' });
    expect(parentFolders(dir, ['b/x', 'a/c/y', 'b/w', 'z'])).toEqual([
      [join(dir, '.'), './'],
      [join(dir, 'a/c'), 'a/c/'],
      [join(dir, 'b'), 'b/'],
    ]);
    const trace = newTrace();
    process.env.DJANGOFLOW_FS_TRACE = trace;
    syncParents(dir, ['b/x', 'a/c/y', 'b/w']);
    expect(steps(trace)).toEqual(['fsync a/c/', 'fsync b/']);
    expect(on(join(dir, 'b'))).toEqual(['open', 'fsync', 'close']);
  });
});

describe('writeJournal', () => {
  const journal = {
    format: 1 as const,
    pid: 7,
    work: '.djangoflow/tmp-7',
    ops: [{ path: 'a.py', existed: true, writes: true }],
    madeDirs: [],
    pristine: { kind: 'unchanged' as const },
    committed: false,
  };

  it('writes and flushes a temp file, renames it into place and flushes the folder', () => {
    const dir = makeProject({ '.djangoflow/keep': '' });
    const trace = newTrace();
    process.env.DJANGOFLOW_FS_TRACE = trace;
    writeJournal(dir, journal);
    writeJournal(dir, { ...journal, committed: true });
    const file = join(dir, '.djangoflow/journal.json');
    expect(on(`${file}.tmp`)).toEqual(['open', 'fsync', 'close', 'open', 'fsync', 'close']);
    expect(on(join(dir, '.djangoflow'))).toEqual(['open', 'fsync', 'close', 'open', 'fsync', 'close']);
    expect(steps(trace)).toEqual(['fsync .djangoflow', 'journal moves', 'fsync .djangoflow', 'journal committed']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ ...journal, committed: true });
    expect(readJournal(dir)).toEqual({ ...journal, committed: true });
  });
});
