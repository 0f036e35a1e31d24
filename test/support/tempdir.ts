import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Set DJANGOFLOW_KEEP_TMP=1 to keep generated projects and service folders for inspection. */
const keep = process.env.DJANGOFLOW_KEEP_TMP === '1';

/**
 * A fresh, unique folder under the system temp dir (safe for parallel test files), or under
 * `root` (memory-tmp.ts's memoryTempRoot for the many small folders a table of rows copies).
 */
export function makeTempDir(prefix: string, root: string = tmpdir()): string {
  return mkdtempSync(join(root, `djangoflow-${prefix}-`));
}

export function removeTempDir(dir: string): void {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
