/**
 * Files an undone run left behind. `git reset --hard` or `git stash` takes back a run's
 * changes to tracked files and its record, but not the files the run created: they stay,
 * untracked, exactly as that run rendered them. The next run's base (the render of the
 * record on disk) has no such file, so the new render's version would be merged against an
 * empty base and conflict with the old one, a conflict no developer would call one.
 *
 * A file the base lacks, whose bytes are exactly that path's content in one of the
 * project's stored renders, was written by djangoflow and not edited since: its own content
 * is its base. So the new render replaces it, and in a folder the run starts afresh (the app
 * of an undone `startapp`) one the new render lacks is deleted, as any unedited file the
 * template dropped. A file edited even by a byte, or one no stored render held, is merged
 * against the empty base as before; files git ignores (`__pycache__/`) are not looked at.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readContained } from './containment.js';
import { normalizeContent } from './content.js';
import { findGitRepo, runGit } from './git.js';
import { blobId, pristineRefFor } from './store.js';
import type { FileContent, FileTree } from './types.js';

/** Each path's blob ids in the stored renders (one git log over the private ref). */
async function storedVersions(root: string, ref: string, paths: string[]): Promise<Map<string, Set<string>>> {
  const args = ['--literal-pathspecs', 'log', '--format=', '--raw', '-z', '--no-abbrev', '--no-renames', '--root', `${ref}^{commit}`, '--', ...paths];
  const result = await runGit(args, { cwd: root });
  const versions = new Map<string, Set<string>>();
  if (result.code !== 0) return versions; // no stored render in git: nothing to recognise
  // "-z --raw": ":<mode> <mode> <old id> <new id> <status>" NUL "<path>" NUL, per changed path
  // (whatever separates one commit's lines from the next is skipped: only ':' starts a line).
  const fields = result.stdout.toString('utf8').split('\0');
  for (let i = 0; i + 1 < fields.length; i++) {
    const meta = fields[i]!.trim();
    if (!meta.startsWith(':')) continue;
    const id = meta.split(' ')[3];
    const path = fields[++i]!;
    if (!id || /^0+$/.test(id)) continue; // deleted in that render
    versions.set(path, (versions.get(path) ?? new Set()).add(id));
  }
  return versions;
}

/**
 * The untracked files under `folder` (project-relative; ignored ones aside), or null when git
 * tracks a file there (the folder is not only an undone run's) or the project is not in git.
 */
async function untrackedFiles(projectDir: string, folder: string): Promise<string[] | null> {
  const list = async (...args: string[]) => {
    const result = await runGit(['--literal-pathspecs', 'ls-files', '-z', ...args, '--', folder], { cwd: projectDir });
    return result.code === 0 ? result.stdout.toString('utf8').split('\0').filter(Boolean) : null;
  };
  const [tracked, untracked] = await Promise.all([list(), list('--others', '--exclude-standard')]);
  return tracked === null || tracked.length > 0 ? null : untracked;
}

/** The candidates that are exactly as a stored render wrote them: path → its bytes. */
async function unedited(projectDir: string, candidates: string[]): Promise<Map<string, FileContent>> {
  const leftovers = new Map<string, FileContent>();
  if (candidates.length === 0) return leftovers;
  const repo = await findGitRepo(projectDir);
  if (!repo) return leftovers;
  const versions = await storedVersions(repo.root, pristineRefFor(repo), candidates);
  for (const path of candidates) {
    const stored = versions.get(path);
    if (!stored) continue;
    let bytes: Buffer | undefined;
    try {
      bytes = readContained(projectDir, path);
    } catch {
      continue; // a link, a folder, a special file: the plan refuses or reports it
    }
    const idLength = stored.values().next().value!.length;
    if (bytes && stored.has(blobId(bytes, idLength))) leftovers.set(path, normalizeContent(bytes));
  }
  return leftovers;
}

/**
 * True when `folder` exists and holds only an undone run's files: untracked, each exactly as
 * a stored render wrote it (what lets `startapp` start an app again after an undo).
 */
export async function onlyLeftovers(projectDir: string, folder: string): Promise<boolean> {
  if (!existsSync(join(projectDir, folder))) return false;
  const files = await untrackedFiles(projectDir, folder);
  if (!files?.length) return false;
  return (await unedited(projectDir, files)).size === files.length;
}

/**
 * The leftovers, path → its bytes, to be their base: among the files the new render adds to
 * `base`, and among the untracked files of `freshFolders` (folders the run starts afresh).
 * Costs nothing (no git) when no such file exists on disk and no folder is given, the usual case.
 */
export async function leftoversOfUndoneRuns(projectDir: string, base: FileTree | null, theirs: FileTree, freshFolders: readonly string[] = []): Promise<Map<string, FileContent>> {
  if (!base) return new Map(); // a new project: nothing was rendered here before
  const added = [...theirs.keys()].filter((path) => !base.has(path) && existsSync(join(projectDir, path)));
  const inFolders = await Promise.all(freshFolders.filter((folder) => existsSync(join(projectDir, folder))).map((folder) => untrackedFiles(projectDir, folder)));
  const candidates = new Set([...added, ...inFolders.flatMap((files) => files ?? []).filter((path) => !base.has(path))]);
  return unedited(projectDir, [...candidates]);
}
