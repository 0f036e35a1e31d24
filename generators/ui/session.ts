/**
 * The work behind the page, one folder per server: resolving the form, previewing what the
 * pipeline would do (planProject: nothing written), showing one planned file, and applying
 * through reconcileProject, the CLI's own pipeline with its checks, lock and summary.
 */
import { adoptedLines } from '../../lib/model/adopted-steps.js';
import { UserError } from '../../lib/input/errors.js';
import { generatorVersion } from '../../lib/template-set/paths.js';
import { planProject, reconcileProject } from '../../lib/run/pipeline.js';
import { isEmptyFolder } from '../../lib/record/project-root.js';
import { type Project, openFolder } from '../../lib/record/project-state.js';
import { beginProjectRun, endProjectRun } from '../../lib/reconcile/session.js';
import type { FileDecision } from '../../lib/reconcile/types.js';
import type { TemplateSet } from '../../lib/template-set/index.js';
import { dirtyTree, refuseLostRecord } from '../../lib/run/guards.js';
import { nextSteps } from '../../lib/run/next-steps.js';
import { applyReconcile } from '../../lib/reconcile/apply.js';
import type { ApplyResult, ChangePreview, ConflictFile, ConflictResolution, ConflictResult, ChangeResult, FileView, ModelsData, Preview, ProjectChange, SessionData, SettingsEnvironment } from './api-types.js';
import { changeNext, cliCommand, modelsData, settingsData } from './changes.js';
import { addedAnswers, addedFields, refusedAnswer } from './upgrade.js';
import { conflictsData, markResolved, resolutionReport } from './conflicts.js';
import { fileView } from './file-view.js';
import { formCommand } from './form-command.js';
import { type ReceivedForm, catalogEntries, formFields, initialInput, resolveForm } from './form.js';

interface StoredPreview {
  project: Project;
  decisions: Map<string, FileDecision>;
}

export const notEmpty =
  'this folder is not empty and not a djangoflow project; use an empty folder, or pass --force to merge into it (existing files are never overwritten)';

/** The CLI's lines split where its next steps begin ("Next:" or "Next, once the conflicts are resolved:"). */
function splitNextSteps(lines: string[]): { lines: string[]; nextSteps: string[] } {
  const at = lines.findIndex((line) => /^Next(:|, once)/.test(line));
  return at < 0 ? { lines, nextSteps: [] } : { lines: lines.slice(0, at), nextSteps: lines.slice(at) };
}

/** Previews kept for the file views; older ones are dropped (the page asks for a fresh one as it changes). */
const keptPreviews = 8;

export class Session {
  private project: Project;
  private readonly previews = new Map<string, StoredPreview>();
  private counter = 0;
  private applying = false;

  constructor(
    readonly dir: string,
    private readonly templates: TemplateSet,
    private readonly force: boolean,
    /** --dry-run and --verbose of `djangoflow ui`: what Apply does, as for the CLI. */
    private readonly applyMode: { dryRun?: boolean; verbose?: boolean } = {},
  ) {
    this.project = openFolder(dir, templates);
  }

  data(): SessionData {
    const previous = this.project.previous;
    return {
      mode: previous ? 'project' : 'new',
      dir: this.dir,
      version: generatorVersion(),
      fields: formFields(this.templates.catalog),
      catalog: catalogEntries(this.templates.catalog),
      initial: initialInput(previous, this.templates),
      upgrade: previous && previous.version !== generatorVersion() ? { from: previous.version, to: generatorVersion(), questions: addedFields(previous, this.templates) } : undefined,
    };
  }

  /** The form resolved, and when it is valid, the plan of every file (a new project's are all creates). */
  async preview(input: ReceivedForm): Promise<Preview> {
    // The wizard's values stay on the server.
    const { next, settings: _secrets, ...resolved } = resolveForm(input, this.project.previous, this.templates);
    if (!next) return resolved;
    try {
      const plan = await planProject(this.project, next, this.templates);
      const previewId = this.keep(plan.report.decisions);
      const files = plan.report.decisions.map(({ path, action, reason }) => ({ path, action, reason }));
      return { ...resolved, previewId, files, recordChanged: plan.recordChanged, command: formCommand(input, this.project.previous, this.templates) };
    } catch (error) {
      if (error instanceof UserError) return { ...resolved, error: error.message };
      throw error;
    }
  }

  private keep(decisions: FileDecision[]): string {
    const previewId = String(++this.counter);
    this.previews.set(previewId, { project: this.project, decisions: new Map(decisions.map((d) => [d.path, d])) });
    for (const old of [...this.previews.keys()].slice(0, -keptPreviews)) this.previews.delete(old);
    return previewId;
  }

  models(): ModelsData {
    const previous = this.project.previous;
    const older = previous && previous.version !== generatorVersion() ? `this project was last rendered by djangoflow ${previous.version}; upgrade it first (Apply in the Project section)` : undefined;
    return modelsData(previous, this.dir, this.templates, older);
  }

  settings(): SettingsEnvironment[] {
    return settingsData(this.project.previous, this.dir, this.templates);
  }

  /** An app or model change planned as the CLI's command would reconcile it; nothing written. */
  async previewChange(change: ProjectChange): Promise<ChangePreview> {
    const command = cliCommand(change);
    try {
      const { next } = await changeNext(this.project.previous, this.dir, change, this.templates);
      const [plan, dirty] = await Promise.all([planProject(this.project, next, this.templates), dirtyTree(this.dir)]);
      const files = plan.report.decisions.map(({ path, action, reason }) => ({ path, action, reason }));
      const changes = plan.report.changed || plan.recordChanged;
      const steps = nextSteps(this.project.previous, next, plan.report, this.templates.catalog);
      const answers = change.kind === 'upgrade' ? addedAnswers(this.project.previous!, this.templates, next) : undefined;
      return { previewId: this.keep(plan.report.decisions), files, changes, dirty, command, nextSteps: steps, answers };
    } catch (error) {
      if (error instanceof UserError) return { command, error: error.message, errorField: change.kind === 'upgrade' && this.project.previous ? refusedAnswer(this.project.previous, change.answers ?? {}, error.message) : undefined };
      throw error;
    }
  }

  /** The change applied under the project lock through the CLI's pipeline, with its lines and next steps. */
  async applyChange(change: ProjectChange): Promise<ChangeResult> {
    // Refused changes (no project, a bad name) are refused before the lock touches the folder.
    await changeNext(openFolder(this.dir, this.templates).previous, this.dir, change, this.templates);
    return this.locked(async (lines) => {
      const { next, requiredOnExisting } = await changeNext(this.project.previous, this.dir, change, this.templates);
      const mode = { dryRun: false, force: this.force, verbose: false };
      const exitCode = await reconcileProject(this.project, next, this.templates, mode, (line) => lines.push(line));
      if (exitCode === 0) for (const field of requiredOnExisting) lines.push(`Note: ${field} is required and has no default: makemigrations asks for a value for the rows that exist.`);
      if (exitCode === 0 && change.kind === 'adopt') lines.push(...adoptedLines(this.dir, change.name));
      return { exitCode, ...splitNextSteps(lines) };
    });
  }

  /** Files left with conflict markers (or a binary's sidecar), each with its hunks and three versions. */
  conflicts(): Promise<ConflictFile[]> {
    return conflictsData(this.project, this.templates);
  }

  /** One file resolved hunk by hunk, written by reconcile's all-or-nothing apply under the project lock. */
  async resolveConflict(resolution: ConflictResolution): Promise<ConflictResult> {
    return this.locked(async (lines) => {
      const report = await resolutionReport(this.project, this.templates, resolution);
      await applyReconcile(this.dir, report);
      lines.push(`resolved  ${resolution.path}`);
      if (await markResolved(this.dir, resolution.path)) lines.push(`git add ${resolution.path}: no longer unmerged`);
      return { lines, conflicts: await conflictsData(openFolder(this.dir, this.templates), this.templates) };
    });
  }

  /** One run at a time, under the CLI's lock (and crash recovery); the folder read again inside it. */
  private async locked<T>(work: (lines: string[]) => Promise<T>): Promise<T> {
    if (this.applying) throw new UserError('another apply is running; wait for it to finish');
    this.applying = true;
    const lines: string[] = [];
    let locked = false;
    try {
      await beginProjectRun(this.dir, (line) => lines.push(line), { watchSignals: false });
      locked = true;
      this.project = openFolder(this.dir, this.templates);
      return await work(lines);
    } finally {
      if (locked) endProjectRun(this.dir);
      this.applying = false;
      this.project = openFolder(this.dir, this.templates);
      this.previews.clear();
    }
  }

  /** One file of a preview; null when the preview or the path is not one the plan named. */
  file(previewId: string, path: string): FileView | null {
    const stored = this.previews.get(previewId);
    const decision = stored?.decisions.get(path);
    return stored && decision ? fileView(stored.project.dir, decision) : null;
  }

  /** Runs the CLI's pipeline with the form's answers; returns its exit code and the lines it printed. */
  async apply(input: ReceivedForm): Promise<ApplyResult> {
    if (this.applying) throw new UserError('another apply is running; wait for it to finish');
    this.applying = true;
    const lines: string[] = [];
    let locked = false;
    try {
      // As `djangoflow` refuses them: files appeared in the folder since the page opened, or its record went.
      const recorded = openFolder(this.dir, this.templates).previous;
      await refuseLostRecord(this.dir, recorded);
      if (!this.force && !isEmptyFolder(this.dir) && !recorded) throw new UserError(notEmpty);
      // The CLI's lock (and crash recovery) for the apply only: the preview never waits on it,
      // and a CLI run in the same project is refused while this apply writes, and the reverse.
      await beginProjectRun(this.dir, (line) => lines.push(line), { watchSignals: false });
      locked = true;
      // Read again under the lock: the plan shown may be older than the folder.
      this.project = openFolder(this.dir, this.templates);
      const { next, problems, pluginProblem, settings } = resolveForm(input, this.project.previous, this.templates);
      if (!next) return { problems, pluginProblem };
      const mode = { dryRun: Boolean(this.applyMode.dryRun), force: this.force, verbose: Boolean(this.applyMode.verbose) };
      const exitCode = await reconcileProject(this.project, next, this.templates, mode, (line) => lines.push(line), settings);
      this.project = openFolder(this.dir, this.templates);
      this.previews.clear();
      return { exitCode, lines };
    } finally {
      if (locked) endProjectRun(this.dir);
      this.applying = false;
    }
  }
}
