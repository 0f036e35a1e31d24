/**
 * Files an undone run left behind. `git reset --hard` or `git stash` takes back a run's
 * changes to tracked files and its record, but not the files the run created: they stay,
 * untracked, exactly as that run rendered them. The next run's base (the render of the
 * record on disk) has no such file, so the new render's version would be merged against an
 * empty base and conflict with the old one, a conflict no developer would call one.
 *
 * A file the base lacks and the new render has, whose bytes are exactly that path's content
 * in one of the project's stored renders, was written by djangoflow and not edited since:
 * its own content is its base, so the new render replaces it. A file edited even by a byte,
 * or one no stored render held, is merged against the empty base as before.
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
  // "-z --raw": ":<mode> <mode> <old id> <new id> <status>" NUL "<path>" NUL, per changed path.
  const fields = result.stdout.toString('utf8').split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const id = fields[i]!.trim().split(' ')[3];
    if (!id || /^0+$/.test(id)) continue; // deleted in that render
    const path = fields[i + 1]!;
    versions.set(path, (versions.get(path) ?? new Set()).add(id));
  }
  return versions;
}

/**
 * The leftovers among the files the new render adds to `base`: path → its bytes, to be its
 * base. Costs nothing (no git) when no such file exists on disk, the usual case.
 */
export async function leftoversOfUndoneRuns(projectDir: string, base: FileTree | null, theirs: FileTree): Promise<Map<string, FileContent>> {
  const leftovers = new Map<string, FileContent>();
  if (!base) return leftovers; // a new project: nothing was rendered here before
  const candidates = [...theirs.keys()].filter((path) => !base.has(path) && existsSync(join(projectDir, path)));
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
