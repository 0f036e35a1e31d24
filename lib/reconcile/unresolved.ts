/**
 * Conflicts a previous run left and the user has not resolved yet: conflict markers still
 * in a generated file, a `.djangoflow-new` sidecar beside a binary, or paths git holds as
 * unmerged. `upgrade --check` must not call such a project up to date.
 */
import { findGitRepo, runGit } from './git.js';
import { readContained } from './containment.js';
import { SIDECAR_SUFFIX } from './plan.js';

const MARKERS = /^<{7} [^\n]*\n[\s\S]*?^>{7} /m;

export async function unresolvedConflicts(projectDir: string, paths: Iterable<string>): Promise<string[]> {
  const found = new Set<string>();
  for (const path of paths) {
    const bytes = readContained(projectDir, path);
    if (bytes && MARKERS.test(bytes.toString())) found.add(path);
    if (readContained(projectDir, path + SIDECAR_SUFFIX) !== undefined) found.add(path + SIDECAR_SUFFIX);
  }
  if (await findGitRepo(projectDir)) {
    // Run in the project's folder, ls-files names paths relative to it (not to the repository).
    const unmerged = await runGit(['ls-files', '-u', '-z', '--', '.'], { cwd: projectDir });
    // Stryker disable next-line ConditionalExpression: a failed ls-files prints nothing to stdout; the test only says so
    if (unmerged.code === 0) {
      for (const entry of unmerged.stdout.toString('utf8').split('\0').filter(Boolean)) found.add(entry.slice(entry.indexOf('\t') + 1));
    }
  }
  return [...found].sort();
}
