import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from './git.js';
import type { MergeLabels } from './types.js';

export interface MergeResult {
  text: string;
  /** Number of conflict regions (0 = clean). */
  conflicts: number;
}

export const DEFAULT_LABELS: MergeLabels = { ours: 'yours', base: 'base', theirs: 'djangoflow' };

/**
 * 3-way text merge with `git merge-file`, which needs no repository. zdiff3 shows the base
 * in each conflict yet trims the lines both sides share, so a merge against an empty base
 * marks only the lines that really differ.
 */
export async function mergeText(
  base: string,
  ours: string,
  theirs: string,
  labels: MergeLabels = DEFAULT_LABELS,
): Promise<MergeResult> {
  const dir = await mkdtemp(join(tmpdir(), 'djangoflow-merge-'));
  try {
    await Promise.all([
      writeFile(join(dir, 'ours'), ours),
      writeFile(join(dir, 'base'), base),
      writeFile(join(dir, 'theirs'), theirs),
    ]);
    const args = ['merge-file', '-p', '--zdiff3'];
    args.push('-L', labels.ours, '-L', labels.base, '-L', labels.theirs, 'ours', 'base', 'theirs');
    const result = await runGit(args, { cwd: dir });
    // The exit code is the number of conflicts (capped at 127); negative (255) is an error.
    if (result.code < 0 || result.code > 127) {
      throw new Error(`git merge-file failed: ${result.stderr.trim() || `exit ${result.code}`}`);
    }
    return { text: result.stdout.toString('utf8'), conflicts: result.code };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
