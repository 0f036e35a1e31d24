/**
 * The JSON store when the file system refuses (lib/reconcile/fallback-store.ts). Root, which
 * runs these tests in CI, is never refused a read, and a real disk is not filled on cue, so
 * node:fs answers for one path as the kernel would: the store's own handling is what runs.
 * The temp folder of writeBlobs is watched the same way, wherever the library put it.
 */
import type * as Fs from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, expect, it, jest } from '@jest/globals';
import { makeProject, removeProjects } from './helpers.js';

/** The temp folders made (node:fs/promises' mkdtemp), whichever TMPDIR the library saw. */
const madeTemps: string[] = [];

/** The path (its ending) the file system refuses next, and with which error. */
let refused: { ending: string; code: string } | null = null;

function refusal(path: string, syscall: string): NodeJS.ErrnoException | null {
  if (!refused || !path.endsWith(refused.ending)) return null;
  return Object.assign(new Error(`${refused.code}: refused, ${syscall} '${path}'`), { code: refused.code, syscall, path });
}

jest.unstable_mockModule('node:fs/promises', () => {
  const actual = jest.requireActual<typeof FsPromises>('node:fs/promises');
  const readFile = ((path: string, options: never) => {
    const error = refusal(String(path), 'open');
    return error ? Promise.reject(error) : actual.readFile(path, options);
  }) as typeof actual.readFile;
  const mkdtemp = (async (prefix: string) => {
    const made = await actual.mkdtemp(prefix);
    madeTemps.push(made);
    return made;
  }) as typeof actual.mkdtemp;
  return { ...actual, default: { ...actual, readFile, mkdtemp }, readFile, mkdtemp };
});

jest.unstable_mockModule('node:fs', () => {
  const actual = jest.requireActual<typeof Fs>('node:fs');
  const openSync = ((path: string, flags: never, mode: never) => {
    const error = refusal(String(path), 'open');
    if (error) throw error;
    return actual.openSync(path, flags, mode);
  }) as typeof actual.openSync;
  return { ...actual, default: { ...actual, openSync }, openSync };
});

const { loadFallback, writeFallbackTemp } = await import('../../lib/reconcile/fallback-store.js');
const { writeBlobs } = await import('../../lib/reconcile/git.js');
const { tree } = await import('./helpers.js');

afterEach(() => {
  refused = null;
  removeProjects();
});

it('a store the file system will not let it read is that error, never "no store" (which would mean an empty base)', async () => {
  const dir = makeProject({ '.djangoflow/pristine.json': JSON.stringify({ format: 1, files: {} }) });
  refused = { ending: '.djangoflow/pristine.json', code: 'EACCES' };
  await expect(loadFallback(dir)).rejects.toMatchObject({ code: 'EACCES' });
  refused = null;
  expect(await loadFallback(dir)).toEqual({ tree: new Map(), record: undefined });
});

it('a temp file the disk has no room to create: the disk\'s own error, and nothing left behind', async () => {
  const dir = makeProject({ '.djangoflow/keep': '' });
  refused = { ending: `pristine.json.tmp-${process.pid}`, code: 'ENOSPC' };
  await expect(writeFallbackTemp(dir, tree({ 'a.py': 'a\n' }), 'r')).rejects.toMatchObject({ code: 'ENOSPC', syscall: 'open' });
  expect(readdirSync(join(dir, '.djangoflow'))).toEqual(['keep']);
});

it('writeBlobs writes through one temp folder of its own name, and removes it with its files', async () => {
  const dir = makeProject();
  execFileSync('git', ['init', '-q'], { cwd: dir });
  madeTemps.length = 0;
  const ids = await writeBlobs(dir, ['x\n', 'y\n', Buffer.from('x\n')]);
  expect(ids).toHaveLength(3);
  expect(ids[0]).toBe(ids[2]);
  expect(execFileSync('git', ['cat-file', '-p', ids[1]!], { cwd: dir, encoding: 'utf8' })).toBe('y\n');
  expect(madeTemps.map((made) => basename(made).replace(/[^-]+$/, ''))).toEqual(['djangoflow-blobs-']);
  expect(existsSync(madeTemps[0]!)).toBe(false);
});
