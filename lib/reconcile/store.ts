/**
 * The pristine store: the exact renders a project's files came from, so the merge base never
 * has to be re-created. In git, commits under a private ref (history.ts chooses among them
 * by the record); outside git, the JSON file of fallback-store.ts.
 */
import { createHash } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { readContained } from './containment.js';
import { normalizeContent, sameContent, toBuffer } from './content.js';
import { FALLBACK_STORE, loadFallback, removeFallback, writeFallbackTemp } from './fallback-store.js';
import { findGitRepo, gitOrThrow, runGit, type GitLocation } from './git.js';
import { findBaseCommit, RECORD_FILE, recordFingerprint, renderHistory, renderTrailers, userHead } from './history.js';
import type { FileContent, FileTree } from './types.js';

export { FALLBACK_STORE };

/** The private ref holding the last pristine render of a project at the top of its repository. */
export const PRISTINE_REF = 'refs/djangoflow/pristine';
/** Who commits the pristine bases (git's commit needs a name; the user's config is not asked). */
const IDENTITY = 'djangoflow <djangoflow@localhost>';

/**
 * The ref of a project: one per project, so several projects can share a repository. A
 * folder name git refuses in a ref (a space, `~^:?*[\`, `..`, a leading dot, `.lock`) is
 * %-escaped; names git accepts keep the ref they always had.
 */
export function pristineRefFor(location: GitLocation): string {
  const prefix = location.prefix.replace(/\/$/, '');
  if (prefix === '') return PRISTINE_REF;
  const escaped = prefix
    .split('/')
    .map((segment) => {
      const plain = !/[\x00-\x20\x7f~^:?*[\\%]|\.\.|@\{|^\.|\.lock$|\.$/.test(segment) && segment !== '@';
      return plain ? segment : [...Buffer.from(segment, 'utf8')].map((byte) => (/[A-Za-z0-9_-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
    })
    .join('/');
  return `refs/djangoflow/projects/${escaped}/pristine`;
}

/**
 * The stored render of the record `record` (the text of a `.yo-rc.json`): in git, the newest
 * render written with that record (one on the user's history first); before `git init`,
 * the JSON store when it was written with it. Outside git the JSON store is the only
 * witness of the files: it is the base whatever the record says. Null when none is stored.
 */
export async function loadRenderOf(projectDir: string, record: FileContent | null | undefined): Promise<FileTree | null> {
  const fingerprint = recordFingerprint(record ?? undefined);
  const repo = await findGitRepo(projectDir);
  if (repo) {
    const ref = pristineRefFor(repo);
    const commit = (await findBaseCommit(repo.root, ref, fingerprint)) ?? (await findMovedProject(repo.root, fingerprint));
    if (commit) return treeOf(await readRef(repo.root, commit, projectDir));
  }
  const fallback = await loadFallback(projectDir);
  if (fallback && (!repo || fallback.record === undefined || fallback.record === fingerprint)) return fallback.tree;
  return null;
}

/** The render of the record on disk, else the newest stored render; null when none is stored. */
export async function loadPristine(projectDir: string): Promise<FileTree | null> {
  const matching = await loadRenderOf(projectDir, readContained(projectDir, RECORD_FILE));
  if (matching) return matching;
  const repo = await findGitRepo(projectDir);
  const [newest] = repo ? await renderHistory(repo.root, pristineRefFor(repo)) : [];
  if (repo && newest) return treeOf(await readRef(repo.root, newest.oid, projectDir));
  return (await loadFallback(projectDir))?.tree ?? null;
}

/** The JSON store's render whatever its record (a project generated before `git init` that no run in git has moved yet). */
export async function loadStoredBeforeGit(projectDir: string): Promise<FileTree | null> {
  return (await loadFallback(projectDir))?.tree ?? null;
}

function treeOf(content: RefContent): FileTree {
  return new Map([...content.files].map(([path, file]) => [path, file.content]));
}

/**
 * A project moved with `git mv` has no ref under its new path; its base is the project
 * ref whose newest render carries the record on disk (its own ref has none: the caller
 * looked there first). Without a record, nothing tells projects apart.
 */
async function findMovedProject(root: string, record: string): Promise<string | null> {
  if (record === 'none') return null;
  const listed = await runGit(['for-each-ref', '--format=%(refname)', 'refs/djangoflow/'], { cwd: root });
  for (const other of listed.stdout.toString('utf8').split('\n').filter((name) => name.endsWith('/pristine'))) {
    const [newest] = await renderHistory(root, other);
    if (newest?.record === record) return newest.oid;
  }
  return null;
}

/**
 * Stores `tree` as the next merge base. In a git repository: a commit under the private
 * ref (its parent is the previous base, so history is kept) and the fallback file goes.
 */
export async function savePristine(projectDir: string, tree: FileTree, message = 'djangoflow pristine render'): Promise<void> {
  await commitPristine(projectDir, await preparePristine(projectDir, tree, message));
}

/**
 * A new base written but not yet in force: the commit exists (or the temp JSON file), the
 * ref (or `pristine.json`) still names the old one. `commitPristine` makes it the base in
 * one atomic step, which is what lets the files, the record and the base move together.
 */
export type PreparedPristine =
  | { kind: 'unchanged' }
  | { kind: 'ref'; root: string; ref: string; old: string | null; next: string }
  | { kind: 'file'; temp: string; file: string };

export async function preparePristine(
  projectDir: string,
  tree: FileTree,
  message = 'djangoflow pristine render',
  record?: FileContent,
): Promise<PreparedPristine> {
  if (tree.has('.env')) throw new Error('refusing to store .env in the pristine store');
  const repo = await findGitRepo(projectDir);
  const fingerprint = recordFingerprint(record ?? readContained(projectDir, RECORD_FILE));
  if (!repo) return { kind: 'file', ...(await writeFallbackTemp(projectDir, tree, fingerprint)) };
  return prepareRef(repo.root, pristineRefFor(repo), tree, message, fingerprint, projectDir);
}

export async function commitPristine(projectDir: string, prepared: PreparedPristine): Promise<void> {
  if (prepared.kind === 'ref') {
    // The old value is checked: a base moved by anyone else since is never overwritten.
    await gitOrThrow(['update-ref', prepared.ref, prepared.next, prepared.old ?? ''], { cwd: prepared.root });
    await removeFallback(projectDir);
  } else if (prepared.kind === 'file') {
    await rename(prepared.temp, prepared.file);
  }
}

/** Throws away a prepared base that will not be used (the commit object is left to git gc). */
export async function discardPristine(prepared: PreparedPristine): Promise<void> {
  if (prepared.kind === 'file') await rm(prepared.temp, { force: true });
}

/**
 * What a render commit holds, by commit id: a save compares with the newest one (a no-op
 * run must not grow the ref's history) and reuses its blobs instead of writing them again.
 */
interface RefContent {
  files: Map<string, { oid: string; content: FileContent }>;
}
const lastRead = new Map<string, RefContent>();
const refKey = (root: string, commit: string) => `${root}\0${commit}`;

/** The id git gives `bytes` as a blob, in the repository's hash (told by the length of its ids). */
export function blobId(bytes: Buffer, idLength: number): string {
  return createHash(idLength === 64 ? 'sha256' : 'sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}

/** The file's bytes when it is exactly blob `oid`: most of a project matches its base, and git need not send those. */
function sameAsWorkFile(workDir: string, path: string, oid: string): Buffer | undefined {
  try {
    // Only a regular file, never through a final link, never blocking on a FIFO.
    const bytes = readContained(workDir, path);
    return bytes && blobId(bytes, oid.length) === oid ? bytes : undefined;
  } catch {
    // Unreadable now (a folder in the way, a special file): git sends it.
  }
  return undefined;
}

/**
 * The files of render commit `commit` (one git log listed: a failure is a damaged
 * repository); `workDir` is the project, whose unchanged files need not come from git.
 */
async function readRef(root: string, commit: string, workDir: string): Promise<RefContent> {
  const cached = lastRead.get(refKey(root, commit));
  if (cached) return cached;
  const listed = await gitOrThrow(['ls-tree', '-r', '-z', '--full-tree', `${commit}^{commit}`, '--'], { cwd: root });
  const files: RefContent['files'] = new Map();
  const content: RefContent = { files };
  lastRead.set(refKey(root, commit), content);
  const entries = listed
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
  const batch = await gitOrThrow(['cat-file', '--batch'], { cwd: root, input: fromGit.map((e) => e.oid).join('\n') });
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

/** A path as git fast-import reads it: C-style quoted, so any name is safe. */
function quotedPath(path: string): string {
  return `"${path.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\n')}"`;
}

/**
 * Writes `tree` as a commit whose parent is the ref's newest render, with one git
 * fast-import onto a temporary ref (blobs, trees and commit in one process, never touching
 * the user's index or work tree). Unchanged tree and record: nothing to store. The first
 * render in a repository whose project was generated before `git init` starts the history
 * with the JSON store's render (and its record), so undoing this run finds that one.
 */
async function prepareRef(
  root: string,
  ref: string,
  tree: FileTree,
  message: string,
  record: string,
  workDir: string,
): Promise<PreparedPristine> {
  const [newest] = await renderHistory(root, ref);
  const previous: RefContent = newest ? await readRef(root, newest.oid, workDir) : { files: new Map() };
  // Stryker disable next-line ArrowFunction: undefined and null both say no render was stored before git
  const beforeGit = newest ? null : await loadFallback(workDir).catch(() => null);
  const paths = [...tree.keys()]; // in any order: git sorts a tree's entries itself
  const unchanged = (path: string) => {
    const before = previous.files.get(path);
    return before !== undefined && sameContent(before.content, normalizeContent(tree.get(path)!));
  };
  const sameRecord = newest?.record === undefined || newest.record === record;
  if (newest && sameRecord && paths.length === previous.files.size && paths.every(unchanged)) return { kind: 'unchanged' };

  const pending = `refs/djangoflow-pending/${process.pid}`;
  const chunks: Buffer[] = [];
  const text = (line: string) => chunks.push(Buffer.from(line, 'utf8'));
  const data = (bytes: Buffer) => {
    text(`data ${bytes.length}\n`); // the byte count ends the data: no newline after it
    chunks.push(bytes);
  };
  // Stryker disable next-line StringLiteral: fast-import starts a ref it has not seen in this stream without a parent anyway (the stale-pending-ref test); "feature done" only refuses a stream cut short, which only a killed run makes, and a killed run's pending ref is never used
  text(`feature done\nreset ${pending}\n`);
  if (beforeGit?.record !== undefined) {
    text(`commit ${pending}\ncommitter ${IDENTITY} now\n`);
    data(Buffer.from('djangoflow render stored before git init' + renderTrailers(null, beforeGit.record), 'utf8'));
    for (const path of beforeGit.tree.keys()) {
      text(`M 100644 inline ${quotedPath(path)}\n`);
      data(toBuffer(normalizeContent(beforeGit.tree.get(path)!)));
    }
  }
  text(`commit ${pending}\ncommitter ${IDENTITY} now\n`);
  data(Buffer.from(message + renderTrailers(await userHead(root), record), 'utf8'));
  if (newest) text(`from ${newest.oid}\n`);
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
  await gitOrThrow(['-c', 'fastimport.unpackLimit=0', 'fast-import', '--quiet', '--force', '--date-format=now'], {
    cwd: root,
    input: Buffer.concat(chunks),
  });
  const next = (await gitOrThrow(['rev-parse', pending], { cwd: root })).toString('utf8').trim();
  await gitOrThrow(['update-ref', '-d', pending], { cwd: root });
  return { kind: 'ref', root, ref, old: newest?.oid ?? null, next };
}
