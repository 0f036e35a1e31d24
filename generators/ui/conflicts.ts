/**
 * The Conflicts section's server side: the files a run left unresolved (lib/reconcile's
 * `unresolvedConflicts`, what `upgrade --check` refuses), each read back into its hunks and
 * three versions (lib/merge/conflict-hunks.ts), and a resolution (one choice per hunk) turned into
 * the file's new content, which the session writes through reconcile's apply under the lock.
 */
import { chooseMergeBase } from '../../lib/base/merge-base.js';
import { markedHunks, markedParts, resolveParts } from '../../lib/merge/conflict-hunks.js';
import { UserError } from '../../lib/input/errors.js';
import type { Project } from '../../lib/record/project-state.js';
import { readContained } from '../../lib/reconcile/containment.js';
import { findGitRepo, runGit } from '../../lib/reconcile/git.js';
import { SIDECAR_SUFFIX } from '../../lib/reconcile/plan.js';
import type { ReconcileReport } from '../../lib/reconcile/types.js';
import { unresolvedConflicts } from '../../lib/reconcile/unresolved.js';
import { renderProject } from '../../lib/render/index.js';
import type { TemplateSet } from '../../lib/template-set/index.js';
import type { ConflictFile, ConflictResolution, HunkChoiceName } from './api-types.js';

/** The generated files' paths: the stored base's, else the record's render. */
async function generatedPaths(project: Project, templates: TemplateSet): Promise<string[]> {
  if (!project.previous) return [];
  const { tree } = await chooseMergeBase(project, templates).catch(() => ({ tree: null }));
  return [...(tree ?? (await renderProject(project.previous, templates)).tree).keys()];
}

function conflictFile(dir: string, path: string): ConflictFile {
  if (path.endsWith(SIDECAR_SUFFIX)) return { path, hunks: [], byHand: `a binary file: keep yours or the template's (${path}) by hand, then delete ${path}` };
  const bytes = readContained(dir, path);
  const parts = bytes && !bytes.includes(0) ? markedParts(bytes.toString('utf8')) : undefined;
  if (!parts || !markedHunks(parts).length) return { path, hunks: [], byHand: 'unmerged in git, or markers that do not nest: resolve it in an editor, then git add it' };
  const versions = { base: '', yours: '', template: '' };
  for (const part of parts) {
    if ('text' in part) {
      for (const key of ['base', 'yours', 'template'] as const) versions[key] += part.text;
    } else {
      versions.base += part.hunk.base ?? part.hunk.yours;
      versions.yours += part.hunk.yours;
      versions.template += part.hunk.template;
    }
  }
  return { path, hunks: markedHunks(parts), versions };
}

/** Every unresolved file of the project, with its hunks when it has markers. */
export async function conflictsData(project: Project, templates: TemplateSet): Promise<ConflictFile[]> {
  const paths = await generatedPaths(project, templates);
  const found = await unresolvedConflicts(project.dir, paths);
  return found.map((path) => conflictFile(project.dir, path));
}

const choiceNames: readonly HunkChoiceName[] = ['yours', 'template', 'both'];

/** The page's JSON checked into a resolution (any other shape is refused before the file is read). */
export function receivedResolution(body: unknown): ConflictResolution {
  const value = (body ?? {}) as Record<string, unknown>;
  const choices = Array.isArray(value.choices) ? value.choices : [];
  if (typeof value.path !== 'string' || !choices.every((c): c is HunkChoiceName => choiceNames.includes(c as HunkChoiceName))) {
    throw new UserError('expected a resolution: {path, choices: ("yours" | "template" | "both")[]}');
  }
  return { path: value.path, choices };
}

/** The one-file report that writes the resolved content; refused unless the path is an unresolved conflict with that many hunks. */
export async function resolutionReport(project: Project, templates: TemplateSet, resolution: ConflictResolution): Promise<ReconcileReport> {
  const { path, choices } = resolution;
  const file = (await conflictsData(project, templates)).find((f) => f.path === path);
  if (!file) throw new UserError(`${path} has no unresolved conflict`);
  if (file.byHand) throw new UserError(`${path}: ${file.byHand}`);
  if (choices.length !== file.hunks.length) throw new UserError(`${path} has ${file.hunks.length} conflicted hunks: choose for each (${choices.length} given)`);
  const parts = markedParts(readContained(project.dir, path)!.toString('utf8'))!;
  const content = resolveParts(parts, choices);
  return { decisions: [{ path, action: 'update', reason: 'conflict resolved in djangoflow ui', content }], conflicts: [], changed: true };
}

/** In a git repository, a path git holds as unmerged is staged once resolved, as the CLI asks (`git add` it). */
export async function markResolved(dir: string, path: string): Promise<boolean> {
  if (!(await findGitRepo(dir))) return false;
  const unmerged = await runGit(['ls-files', '-u', '--', path], { cwd: dir });
  if (unmerged.code !== 0 || !unmerged.stdout.length) return false;
  const added = await runGit(['add', '--', path], { cwd: dir });
  return added.code === 0;
}
