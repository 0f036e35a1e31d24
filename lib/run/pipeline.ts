/**
 * The one operation every command is made of: take the next state, render it, reconcile the
 * project with the render against the stored pristine base, record state and base. Its
 * console wording, exit codes and the next steps it prints (`lib/run/next-steps.ts`) are here, once.
 */
import { chooseMergeBase } from '../base/merge-base.js';
import { type ExitCode, exitCodes } from './exit-codes.js';
import { refuseDirtyTree } from './guards.js';
import { fileRenames, migrationsBetween } from '../record/migrations.js';
import { appsDir } from '../model/app-names.js';
import { modelsGoneByHand } from '../model/gone-by-hand.js';
import { nextSteps } from './next-steps.js';
import type { Project } from '../record/project-state.js';
import { faultPoint } from '../reconcile/fault.js';
import { applyReconcile, formatReport, planReconcile } from '../reconcile/index.js';
import { leftoversOfUndoneRuns } from '../reconcile/leftovers.js';
import type { FileTree, ReconcileReport } from '../reconcile/types.js';
import { unresolvedConflicts } from '../reconcile/unresolved.js';
import { refuseAnswers } from '../plugins/active.js';
import { refuseDatabaseKeys } from '../model/database-keys.js';
import { refuseGeneratedClashes } from '../model/generated-clashes.js';
import { refuseReservedFieldNames } from '../model/reserved-fields.js';
import { renderProject } from '../render/index.js';
import { envWrites } from '../settings/secret-env.js';
import { type ProjectState, rcFile, serializeState } from '../record/state.js';
import type { TemplateSet } from '../template-set/index.js';

export interface ReconcileMode {
  dryRun: boolean;
  /** Plan only; exit with conflicts while conflicts are unresolved, else changesPending when anything would change (`upgrade --check`). */
  check?: boolean;
  force: boolean;
  verbose: boolean;
}

/**
 * Renders `next` and reconciles the project with it. `project.previous` is the state on
 * disk (null for a new project); its version decides which file renames apply.
 */
export async function reconcileProject(
  project: Project,
  next: ProjectState,
  templates: TemplateSet,
  mode: ReconcileMode,
  out: (line: string) => void,
  /** Local values of settings (an integration wizard's answers): written to .env only. */
  localSettings?: ReadonlyMap<string, string>,
): Promise<ExitCode> {
  const { dir: projectDir, previous } = project;
  const writes = !mode.dryRun && !mode.check;
  // git (the guard) works while this process renders.
  const [, plan] = await Promise.all([
    previous && writes ? refuseDirtyTree(projectDir, mode.force) : undefined,
    planProject(project, next, templates),
  ]);
  const { report, record, recordChanged, theirs } = plan;
  if (plan.note) out(plan.note);
  const lines = formatReport(report, { verbose: mode.verbose, edited: mode.dryRun }).split('\n');

  if (!writes) {
    lines.forEach((line) => out(line));
    if (recordChanged) out(`update  ${rcFile}: recorded version and answers`);
    // The command that asked for a check words the verdict.
    if (mode.check) {
      // Conflicts left unresolved are not "up to date" (issue 14).
      const unresolved = await unresolvedConflicts(projectDir, theirs.keys());
      if (unresolved.length) {
        out(`unresolved conflicts in ${unresolved.join(', ')}: resolve them (and \`git add\` them) first`);
        return exitCodes.conflicts;
      }
      return report.changed || recordChanged ? exitCodes.changesPending : exitCodes.done;
    }
    out('dry run: nothing written');
    return exitCodes.done;
  }
  // Rendered and planned, nothing written yet: the crash tests stop the run here.
  faultPoint('before-apply');
  await applyReconcile(projectDir, report, {
    alwaysWrite: new Map([[rcFile, record]]),
    ...envWrites(projectDir, localSettings),
    pristine: theirs,
    pristineMessage: `djangoflow ${next.version}`,
  });
  if (localSettings?.size) out(`.env: set ${[...localSettings.keys()].join(', ')} (local values; never committed)`);
  // Creates and updates are routine (a new project is nothing else); what the user must
  // know about (merged, deleted, kept, skipped, conflicted) is always listed.
  (mode.verbose ? lines : lines.filter((l) => !/^(create|update|unchanged)\s/.test(l))).forEach((line) => out(line));
  modelsGoneByHand(projectDir, next, report.conflicts).forEach((line) => out(line));
  nextSteps(previous, next, report, templates.catalog).forEach((line) => out(line));
  return report.conflicts.length ? exitCodes.conflicts : exitCodes.done;
}

export interface ProjectPlan {
  report: ReconcileReport;
  /** The next .yo-rc.json text, and whether it differs from the one on disk. */
  record: string;
  recordChanged: boolean;
  /** The new pristine render: what the project's files would be without user edits. */
  theirs: FileTree;
  /** Why the base is not the render of the record on disk, when it is not. */
  note?: string;
}

/**
 * What reconciling the project with `next` would do, per file, writing nothing: the plan
 * reconcileProject applies, and what `djangoflow ui` previews.
 */
export async function planProject(project: Project, next: ProjectState, templates: TemplateSet): Promise<ProjectPlan> {
  const { dir: projectDir, previous } = project;
  refuseAnswers(templates.catalog, next);
  refuseDatabaseKeys(next, previous);
  refuseReservedFieldNames(templates.catalog, next, previous);
  const [{ tree: base, note }, { tree: theirs, format }] = await Promise.all([chooseMergeBase(project, templates), renderProject(next, templates)]);
  // Names come with the record: a run that changes only the generator version brings none, so
  // an upgrade skips the parse (its memory), and the generator's own tests keep its templates
  // free of clashes (every render they make passes through here).
  const onlyVersionChanged = previous !== null && JSON.stringify({ ...previous, version: '' }) === JSON.stringify({ ...next, version: '' });
  if (!onlyVersionChanged) await refuseGeneratedClashes(theirs, base);
  const renames = previous ? fileRenames(migrationsBetween(templates.migrations, previous.version, next.version)) : {};
  // An app the run generates anew starts afresh: what an undone run left in its folder is
  // updated or deleted. An adopted app's folder is the user's, whatever wrote it.
  const newApps = next.apps.filter((app) => !app.adopted && !previous?.apps.some((known) => known.name === app.name));
  const leftovers = await leftoversOfUndoneRuns(projectDir, base, theirs, newApps.map((app) => `${appsDir}/${app.name}`));
  const report = await planReconcile({
    projectDir,
    base: leftovers.size ? new Map([...base!, ...leftovers]) : base,
    theirs,
    renames,
    format,
    labels: { theirs: `djangoflow ${next.version}` },
  });
  const record = serializeState(project.file, next);
  const leftoverNote = leftovers.size ? leftoversNote([...leftovers.keys()]) : undefined;
  return { report, record, recordChanged: project.file.text !== record, theirs, note: [note, leftoverNote].filter(Boolean).join('\n') || undefined };
}

function leftoversNote(paths: string[]): string {
  const [first, ...rest] = paths.sort();
  const more = rest.length ? ` and ${rest.length} more` : '';
  return `${first}${more}: left by an undone run, unedited: updated as generated files`;
}
