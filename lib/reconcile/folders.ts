/**
 * A template that turns a file into a folder (`tools/build-images` → `tools/build-images/run`):
 * the file of the last render makes way when the run deletes it (untouched, or its edits
 * carried by a declared rename); an edited file in the way is refused, naming it.
 */
import { UserError } from '../input/errors.js';
import type { FileDecision, FileTree } from './types.js';

/** Files of the last render whose path the new render makes a folder (`tools/build-images` → `tools/build-images/run`). */
export function filesBecomingFolders(base: FileTree, theirs: FileTree): Set<string> {
  const folders = new Set<string>();
  for (const path of theirs.keys()) {
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const folder = segments.slice(0, i).join('/');
      // The new render has a folder here, so it has no file of this path.
      if (base.has(folder)) folders.add(folder);
    }
  }
  return folders;
}

/**
 * A file that must make way for a folder goes only when it is deleted (untouched, or its
 * edits moved by a declared rename); an edited one in the way is refused, nothing written.
 */
export function refuseKeptInTheWay(decisions: FileDecision[], becomingFolders: Set<string>, theirs: FileTree): void {
  for (const decision of decisions) {
    if (!becomingFolders.has(decision.path) || decision.action === 'delete') continue;
    const inside = [...theirs.keys()].find((path) => path.startsWith(`${decision.path}/`))!;
    throw new UserError(
      `${decision.path}: you edited this file, and the template now has a folder there (${inside}); move your file away (and merge your edits back by hand afterwards), then run again`,
    );
  }
}
