/**
 * The pristine store outside git (and before `git init`): `.djangoflow/pristine.json`, one
 * JSON file (text as text, binaries as base64) with the fingerprint of the record it was
 * rendered from. One file rather than a mirror of the tree, so test runners, linters and
 * Django's finders never pick up stale copies of project files.
 */
import { mkdir, readFile, rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../input/errors.js';
import { assertContained } from './containment.js';
import { normalizeContent } from './content.js';
import { writeAll } from './fault.js';
import type { FileTree } from './types.js';

/** The store outside git (and before `git init`), relative to the project. */
export const FALLBACK_STORE = '.djangoflow/pristine.json';

const STORE_FORMAT = 1;

type StoredFile = { text: string } | { base64: string };
interface FallbackStore {
  format: number;
  /** The fingerprint of the record written with the render (absent in stores written before it was kept). */
  record?: string;
  files: Record<string, StoredFile>;
}

export interface FallbackRender {
  tree: FileTree;
  record?: string;
}

export async function loadFallback(projectDir: string): Promise<FallbackRender | null> {
  assertContained(projectDir, [FALLBACK_STORE]);
  const file = join(projectDir, FALLBACK_STORE);
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let store: FallbackStore;
  try {
    store = JSON.parse(raw) as FallbackStore;
  } catch {
    throw new UserError(`${FALLBACK_STORE} is corrupt (not JSON); restore it or delete it to reconcile against an empty base`);
  }
  if (store.format !== STORE_FORMAT || typeof store.files !== 'object' || store.files === null) {
    throw new UserError(`${FALLBACK_STORE} has an unknown format`);
  }
  const tree: FileTree = new Map();
  for (const [path, file] of Object.entries(store.files)) {
    tree.set(path, 'text' in file ? file.text : Buffer.from(file.base64, 'base64'));
  }
  return { tree, record: typeof store.record === 'string' ? store.record : undefined };
}

/** Writes the JSON store beside its final name (`<file>.tmp-<pid>`); the caller renames it into place. */
export async function writeFallbackTemp(projectDir: string, tree: FileTree, record: string): Promise<{ temp: string; file: string }> {
  const files: Record<string, StoredFile> = {};
  for (const path of [...tree.keys()].sort()) {
    const content = normalizeContent(tree.get(path)!);
    files[path] = typeof content === 'string' ? { text: content } : { base64: content.toString('base64') };
  }
  assertContained(projectDir, [FALLBACK_STORE]);
  const file = join(projectDir, FALLBACK_STORE);
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  try {
    writeAll(temp, JSON.stringify({ format: STORE_FORMAT, record, files } satisfies FallbackStore, null, 1) + '\n');
  } catch (error) {
    // A full disk must not leave a partial temp file behind (a crash's is swept by recovery).
    await rm(temp, { force: true });
    throw error;
  }
  return { temp, file };
}

export async function removeFallback(projectDir: string): Promise<void> {
  await rm(join(projectDir, FALLBACK_STORE), { force: true });
  await rmdir(join(projectDir, dirname(FALLBACK_STORE))).catch(() => undefined); // only when empty
}
