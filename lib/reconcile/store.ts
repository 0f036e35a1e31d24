import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { normalizeContent } from './content.js';
import { findGitRepo, gitOrThrow, rememberBlobs, runGit, writeBlobs, type GitLocation } from './git.js';
import type { FileTree } from './types.js';

/** The private ref holding the last pristine render of a project at the top of its repository. */
export const PRISTINE_REF = 'refs/djangoflow/pristine';
/** The store outside git (and before `git init`), relative to the project. */
export const FALLBACK_STORE = '.djangoflow/pristine.json';

const STORE_FORMAT = 1;
const IDENTITY = {
  GIT_AUTHOR_NAME: 'djangoflow',
  GIT_AUTHOR_EMAIL: 'djangoflow@localhost',
  GIT_COMMITTER_NAME: 'djangoflow',
  GIT_COMMITTER_EMAIL: 'djangoflow@localhost',
};

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

/** Where loadPristine found the project's repository: a save after a load needs not ask git again. */
let lastLocation: { projectDir: string; repo: GitLocation | null } | null = null;

async function repoOf(projectDir: string): Promise<GitLocation | null> {
  const known = lastLocation?.projectDir === resolve(projectDir) ? lastLocation.repo : null;
  // Only a found repository is reused, and only while it is still there (a `git init`
  // after the load is seen by asking git again).
  if (known && existsSync(join(known.root, '.git'))) return known;
  return findGitRepo(projectDir);
}

/** The last pristine render: the git ref first, then the fallback file; null when neither exists. */
export async function loadPristine(projectDir: string): Promise<FileTree | null> {
  const repo = await findGitRepo(projectDir);
  lastLocation = { projectDir: resolve(projectDir), repo };
  if (repo) {
    const tree = await loadFromRef(repo.root, pristineRefFor(repo));
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
  const repo = await repoOf(projectDir);
  if (repo) {
    await saveToRef(repo.root, pristineRefFor(repo), tree, message);
    await removeFallback(projectDir);
  } else {
    await saveFallback(projectDir, tree);
  }
}

async function loadFromRef(root: string, ref: string): Promise<FileTree | null> {
  // One call lists the tree and tells a missing ref (no base yet) apart from a real failure.
  const listed = await runGit(['ls-tree', '-r', '-z', '--full-tree', `${ref}^{commit}`, '--'], { cwd: root });
  if (listed.code !== 0) {
    if (/not a valid object name|not a tree object/i.test(listed.stderr)) return null;
    throw new Error(`git ls-tree failed: ${listed.stderr.trim() || `exit ${listed.code}`}`);
  }
  const listing = listed.stdout;
  const entries = listing
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta, path] = line.split('\t');
      return { oid: meta.split(' ')[2], path };
    });
  const tree: FileTree = new Map();
  rememberBlobs(root, entries.map((e) => e.oid));
  if (entries.length === 0) return tree;
  const batch = await gitOrThrow(['cat-file', '--batch'], { cwd: root, input: entries.map((e) => e.oid).join('\n') + '\n' });
  // Output per object: "<oid> blob <size>\n<content>\n".
  let offset = 0;
  for (const { path } of entries) {
    const headerEnd = batch.indexOf(0x0a, offset);
    const size = Number(batch.subarray(offset, headerEnd).toString('utf8').split(' ')[2]);
    const start = headerEnd + 1;
    tree.set(path, normalizeContent(Buffer.from(batch.subarray(start, start + size))));
    offset = start + size + 1;
  }
  return tree;
}

async function saveToRef(root: string, ref: string, tree: FileTree, message: string): Promise<void> {
  const paths = [...tree.keys()].sort();
  const oids = await writeBlobs(root, paths.map((path) => tree.get(path)!));
  const scratch = await mkdtemp(join(tmpdir(), 'djangoflow-index-'));
  try {
    // A private index, so the user's index and working tree are never touched.
    const env = { ...IDENTITY, GIT_INDEX_FILE: join(scratch, 'index') };
    const indexInfo = paths.map((path, i) => `100644 ${oids[i]}\t${path}\n`).join('');
    await gitOrThrow(['update-index', '--add', '--index-info'], { cwd: root, env, input: indexInfo });
    const treeId = (await gitOrThrow(['write-tree'], { cwd: root, env })).toString('utf8').trim();
    // The last base and its tree in one call (fails when the ref does not exist yet).
    const parent = await runGit(['rev-parse', `${ref}^{commit}`, `${ref}^{tree}`, '--'], { cwd: root });
    const [parentId = '', parentTree = ''] = parent.code === 0 ? parent.stdout.toString('utf8').split('\n') : [];
    // Same tree as the last base: a no-op run must not grow the ref's history.
    if (parentId && parentTree === treeId) return;
    const parentArgs = parentId ? ['-p', parentId] : [];
    const commit = (await gitOrThrow(['commit-tree', '--no-gpg-sign', treeId, ...parentArgs, '-m', message], { cwd: root, env }))
      .toString('utf8')
      .trim();
    await gitOrThrow(['update-ref', '-m', message, ref, commit], { cwd: root });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
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
