/**
 * Binary files in the reconcile: compared, never merged. When the user and the template both
 * changed one, the user's file stays and the new version goes beside it in a sidecar.
 */
import { assertContained, readContained } from './containment.js';
import { sameContent } from './content.js';
import type { FileContent, FileDecision } from './types.js';

/** Suffix of the file a binary conflict writes beside the user's file. */
export const SIDECAR_SUFFIX = '.djangoflow-new';

/** The keep of a file only the user changed: text or binary (plan.ts uses it too): routine, so the report lists it only with --verbose. */
export const EDITED_ONLY = 'you edited it; the template did not change it';

/** What one path should become; `result` is the final content (the user's line endings). */
export type Outcome = Omit<FileDecision, 'path'> & { result: FileContent };

/** Binaries are compared, never merged; when both sides changed, the new version goes beside. */
export function reconcileBinary(projectDir: string, path: string, base: FileContent | undefined, ours: FileContent, theirs: FileContent): Outcome {
  if (sameContent(ours, theirs)) return { action: 'unchanged', reason: 'up to date', result: ours };
  if (base !== undefined && sameContent(ours, base)) {
    return { action: 'update', reason: 'you did not edit it', content: theirs, result: theirs };
  }
  if (base !== undefined && sameContent(theirs, base)) {
    return { action: 'keep', reason: EDITED_ONLY, result: ours };
  }
  const sidecar = freeSidecar(projectDir, path, theirs);
  return {
    action: 'conflict',
    reason: `binary file changed by you and by the template: the new version is in ${sidecar}`,
    content: theirs,
    sidecar,
    stages: { base, ours, theirs },
    result: ours,
  };
}

/**
 * Where the new version of a binary goes: `<path>.djangoflow-new`, unless a sidecar of an
 * earlier conflict is there with other content (the user may be working on it): then the
 * first free `<path>.djangoflow-new.<n>`. Never overwrites a sidecar.
 */
function freeSidecar(projectDir: string, path: string, theirs: FileContent): string {
  for (let n = 1; ; n++) {
    const candidate = path + SIDECAR_SUFFIX + (n === 1 ? '' : `.${n}`);
    assertContained(projectDir, [candidate]);
    const existing = readContained(projectDir, candidate);
    if (existing === undefined || sameContent(existing, theirs)) return candidate;
  }
}
