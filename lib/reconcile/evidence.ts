/**
 * What the user's git history says about a project, for choosing its merge base when no
 * stored render matches the record on disk (a fresh clone without the private ref, a record
 * edited by hand): the records committed before, newest first, and which of the paths a
 * candidate base has were ever committed (a generated file the history never held was not
 * deleted by the user: that base is not the one the files came from).
 */
import { findGitRepo, runGit } from './git.js';
import { RECORD_FILE, userHead } from './history.js';

export interface CommittedRecord {
  commit: string;
  text: string;
}

/** The record's committed versions, newest first (at most `limit` commits); [] outside git. */
export async function committedRecords(projectDir: string, limit = 10): Promise<CommittedRecord[]> {
  const repo = await findGitRepo(projectDir);
  if (!repo) return [];
  const log = await runGit(['log', `-n${limit}`, '--format=%H', 'HEAD', '--', RECORD_FILE], { cwd: projectDir });
  // Stryker disable next-line ConditionalExpression: a failed log (no commit yet) prints no commit, which the next line answers the same
  if (log.code !== 0) return [];
  const commits = log.stdout.toString('utf8').split('\n').filter(Boolean);
  // Stryker disable next-line ConditionalExpression,BlockStatement: without commits the batch below is asked nothing and answers []; this only saves the call
  if (commits.length === 0) return [];
  // Stryker disable next-line StringLiteral: cat-file --batch answers a last request without its newline all the same
  const batch = await runGit(['cat-file', '--batch'], { cwd: repo.root, input: commits.map((c) => `${c}:${repo.prefix}${RECORD_FILE}`).join('\n') + '\n' });
  // Stryker disable next-line ConditionalExpression: cat-file --batch fails only when git cannot run at all, and then prints nothing to parse
  if (batch.code !== 0) return [];
  const records: CommittedRecord[] = [];
  let offset = 0;
  for (const commit of commits) {
    const headerEnd = batch.stdout.indexOf(0x0a, offset);
    // Stryker disable next-line ConditionalExpression: a truncated answer (git killed midway) cannot be made in a test; without the guard the loop reads nothing more either
    if (headerEnd < 0) break;
    const header = batch.stdout.subarray(offset, headerEnd).toString('utf8');
    if (header.endsWith(' missing')) {
      offset = headerEnd + 1; // the commit that deleted it
      continue;
    }
    const size = Number(header.split(' ')[2]);
    const start = headerEnd + 1;
    records.push({ commit, text: batch.stdout.subarray(start, start + size).toString('utf8') });
    offset = start + size + 1;
  }
  return records;
}

/**
 * The paths among `paths` (relative to the project) that any commit of the user's history
 * holds or held; every one of them outside git (there is no history to ask).
 */
export async function everCommitted(projectDir: string, paths: string[]): Promise<Set<string>> {
  const repo = paths.length > 0 ? await findGitRepo(projectDir) : null;
  if (!repo || !(await userHead(repo.root))) return new Set(paths);
  const args = ['-c', 'log.showRoot=true', '--literal-pathspecs', 'log', '--exclude=refs/djangoflow/*', '--exclude=refs/djangoflow-pending/*', '--all', '--format=', '--name-only', '--relative', '--', ...paths];
  const log = await runGit(args, { cwd: projectDir });
  if (log.code !== 0) return new Set(paths); // no commit yet, or git refuses: no evidence against
  return new Set(log.stdout.toString('utf8').split('\n').filter(Boolean));
}

/** The paths among `paths` (relative to the project) that commit `commit` changed. */
export async function changedBy(projectDir: string, commit: string, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const args = ['-c', 'log.showRoot=true', '--literal-pathspecs', 'show', '--format=', '--name-only', '--relative', commit, '--', ...paths];
  const shown = await runGit(args, { cwd: projectDir });
  if (shown.code !== 0) return new Set(paths); // unknown: as if it had, which keeps the record's own render
  return new Set(shown.stdout.toString('utf8').split('\n').filter(Boolean));
}
