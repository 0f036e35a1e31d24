import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { normalizeContent, sameContent, toBuffer } from './content.js';
import { findGitRepo, gitFailure, gitOrThrow, runGit, type GitLocation } from './git.js';
import type { FileContent, FileTree } from './types.js';

/** The private ref holding the last pristine render of a project at the top of its repository. */
export const PRISTINE_REF = 'refs/djangoflow/pristine';
/** The store outside git (and before `git init`), relative to the project. */
export const FALLBACK_STORE = '.djangoflow/pristine.json';

const STORE_FORMAT = 1;
/** Who commits the pristine bases (git's commit needs a name; the user's config is not asked). */
const IDENTITY = 'djangoflow <djangoflow@localhost>';

type StoredFile = { text: string } | { base64: string };
interface FallbackStore {
  format: number;
  files: Record<string, StoredFile>;
}

/** The ref of a project: one per project, so several projects can share a repository. */
export function pristineRefFor(location: GitLocation): string {
  const prefix = location.prefix.replace(/\/$/, '');
  return prefix === '' ? PRISTINE_REF : `refs/djangoflow/projects/${prefix}/pristine`;
}

/** The last pristine render: the git ref first, then the fallback file; null when neither exists. */
export async function loadPristine(projectDir: string): Promise<FileTree | null> {
  const repo = await findGitRepo(projectDir);
  if (repo) {
    const tree = await loadFromRef(repo.root, pristineRefFor(repo), projectDir);
    if (tree) return tree;
  }
  return loadFallback(projectDir);
}

/**
 * Stores `tree` as the next merge base. In a git repository: a commit under the private
 * ref (its parent is the previous base, so history is kept) and the fallback file goes.
 */
export async function savePristine(projectDir: string, tree: FileTree, message = 'djangoflow pristine render'): Promise<void> {
  if (tree.has('.env')) throw new Error('refusing to store .env in the pristine store');
  const repo = await findGitRepo(projectDir);
  if (repo) {
    await saveToRef(repo.root, pristineRefFor(repo), tree, message, projectDir);
    await removeFallback(projectDir);
  } else {
    await saveFallback(projectDir, tree);
  }
}

/**
 * What the ref held when this process last read it: a save compares with it (a no-op run
 * must not grow the ref's history) and reuses its blobs instead of writing them again.
 */
interface RefContent {
  exists: boolean;
  files: Map<string, { oid: string; content: FileContent }>;
}
const lastRead = new Map<string, RefContent>();
const refKey = (root: string, ref: string) => `${root}\0${ref}`;

/** The id git gives `bytes` as a blob, in the repository's hash (told by the length of its ids). */
function blobId(bytes: Buffer, idLength: number): string {
  return createHash(idLength === 64 ? 'sha256' : 'sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}

/** The file's bytes when it is exactly blob `oid`: most of a project matches its base, and git need not send those. */
function sameAsWorkFile(workDir: string, path: string, oid: string): Buffer | undefined {
  try {
    const bytes = readFileSync(join(workDir, path));
    return blobId(bytes, oid.length) === oid ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/** The files under `ref`; `workDir` is the project, whose unchanged files need not come from git. */
async function readRef(root: string, ref: string, workDir: string): Promise<RefContent> {
  // One call lists the tree and tells a missing ref (no base yet) apart from a real failure.
  const args = ['ls-tree', '-r', '-z', '--full-tree', `${ref}^{commit}`, '--'];
  const listed = await runGit(args, { cwd: root });
  const files: RefContent['files'] = new Map();
  const content: RefContent = { exists: listed.code === 0, files };
  lastRead.set(refKey(root, ref), content);
  if (listed.code !== 0) {
    if (/not a valid object name|not a tree object/i.test(listed.stderr)) return content;
    throw gitFailure(args, listed);
  }
  const entries = listed.stdout
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta, path] = line.split('\t');
      return { oid: meta!.split(' ')[2]!, path: path! };
    });
  const fromGit = entries.filter(({ oid, path }) => {
    const bytes = sameAsWorkFile(workDir, path, oid);
    if (bytes) files.set(path, { oid, content: normalizeContent(bytes) });
    return !bytes;
  });
  if (fromGit.length === 0) return content;
  const batch = await gitOrThrow(['cat-file', '--batch'], { cwd: root, input: fromGit.map((e) => e.oid).join('\n') + '\n' });
  // Output per object: "<oid> blob <size>\n<content>\n".
  let offset = 0;
  for (const { oid, path } of fromGit) {
    const headerEnd = batch.indexOf(0x0a, offset);
    const size = Number(batch.subarray(offset, headerEnd).toString('utf8').split(' ')[2]);
    const start = headerEnd + 1;
    files.set(path, { oid, content: normalizeContent(Buffer.from(batch.subarray(start, start + size))) });
    offset = start + size + 1;
  }
  return content;
}

async function loadFromRef(root: string, ref: string, workDir: string): Promise<FileTree | null> {
  const { exists, files } = await readRef(root, ref, workDir);
  return exists ? new Map([...files].map(([path, file]) => [path, file.content])) : null;
}

/** A path as git fast-import reads it: C-style quoted, so any name is safe. */
function quotedPath(path: string): string {
  return `"${path.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\n')}"`;
}

/**
 * Commits `tree` under `ref`, its parent the previous base, with one git fast-import: blobs,
 * trees, commit and ref update in one process, never touching the user's index or work tree.
 */
async function saveToRef(root: string, ref: string, tree: FileTree, message: string, workDir: string): Promise<void> {
  const previous = lastRead.get(refKey(root, ref)) ?? (await readRef(root, ref, workDir));
  const paths = [...tree.keys()].sort();
  const unchanged = (path: string) => {
    const before = previous.files.get(path);
    return before !== undefined && sameContent(before.content, normalizeContent(tree.get(path)!));
  };
  if (previous.exists && paths.length === previous.files.size && paths.every(unchanged)) return;

  const chunks: Buffer[] = [];
  const text = (line: string) => chunks.push(Buffer.from(line, 'utf8'));
  const data = (bytes: Buffer) => {
    text(`data ${bytes.length}\n`);
    chunks.push(bytes);
    text('\n');
  };
  text(`feature done\ncommit ${ref}\ncommitter ${IDENTITY} now\n`);
  data(Buffer.from(message, 'utf8'));
  if (previous.exists) text(`from ${ref}^0\n`);
  text('deleteall\n');
  for (const path of paths) {
    if (unchanged(path)) {
      text(`M 100644 ${previous.files.get(path)!.oid} ${quotedPath(path)}\n`);
    } else {
      text(`M 100644 inline ${quotedPath(path)}\n`);
      data(toBuffer(tree.get(path)!));
    }
  }
  text('done\n');
  await gitOrThrow(['-c', 'fastimport.unpackLimit=0', 'fast-import', '--quiet', '--date-format=now'], { cwd: root, input: Buffer.concat(chunks) });
  lastRead.delete(refKey(root, ref));
}

async function loadFallback(projectDir: string): Promise<FileTree | null> {
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
  return tree;
}

async function saveFallback(projectDir: string, tree: FileTree): Promise<void> {
  const files: Record<string, StoredFile> = {};
  for (const path of [...tree.keys()].sort()) {
    const content = normalizeContent(tree.get(path)!);
    files[path] = typeof content === 'string' ? { text: content } : { base64: content.toString('base64') };
  }
  const file = join(projectDir, FALLBACK_STORE);
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, JSON.stringify({ format: STORE_FORMAT, files } satisfies FallbackStore, null, 1) + '\n');
  await rename(temporary, file);
}

async function removeFallback(projectDir: string): Promise<void> {
  await rm(join(projectDir, FALLBACK_STORE), { force: true });
  await rmdir(join(projectDir, dirname(FALLBACK_STORE))).catch(() => undefined); // only when empty
}
