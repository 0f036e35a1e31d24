/** The reconcile's one merge entry point, and `git merge-file` as the fallback of `lib/merge/`. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeFile } from '../merge/index.js';
import { runGit } from './git.js';
import type { MergeLabels } from './types.js';

export interface MergeResult {
  text: string;
  /** Number of conflict regions (0 = clean). */
  conflicts: number;
  /** What was combined from both sides (for --verbose); empty when nothing needed combining. */
  combined: string[];
}

export const DEFAULT_LABELS: MergeLabels = { ours: 'yours', base: 'base', theirs: 'djangoflow' };

/**
 * The 3-way merge of one text file: `lib/merge/` (by definition for Python, by lines
 * otherwise, inserts at one place kept from both sides, the result parse-checked), with
 * `git merge-file` as the fallback for files too different to diff cheaply.
 */
export async function mergeText(
  path: string,
  base: string,
  ours: string,
  theirs: string,
  labels: MergeLabels = DEFAULT_LABELS,
): Promise<MergeResult> {
  return mergeFile(path, base, ours, theirs, labels, gitMergeFile);
}

/**
 * 3-way text merge with `git merge-file`, which needs no repository. zdiff3 shows the base
 * in each conflict yet trims the lines both sides share, so a merge against an empty base
 * marks only the lines that really differ.
 */
async function gitMergeFile(base: string, ours: string, theirs: string, labels: MergeLabels): Promise<{ text: string; conflicts: number }> {
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
    // The exit code is the number of conflicts (capped at 127); an error exits 255.
    if (result.code > 127) {
      throw new Error(`git merge-file failed (exit ${result.code}): ${result.stderr.trim()}`);
    }
    return { text: result.stdout.toString('utf8'), conflicts: result.code };
  } finally {
    // Stryker disable next-line BooleanLiteral: the folder exists (made above), so `force` never decides
    await rm(dir, { recursive: true, force: true });
  }
}
