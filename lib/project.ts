import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandContext } from './cli/commands.js';
import { defaultPlugins } from './context.js';
import { UserError } from './errors.js';
import { refuseDirtyTree, refuseDowngrade } from './guards.js';
import { fileRenames, loadMigrations, migrateAnswers, migrationsBetween } from './migrations.js';
import { generatorVersion, templatesDir } from './paths.js';
import { questions } from './questions.js';
import { applyReconcile, formatReport, loadPristine, planReconcile } from './reconcile/index.js';
import type { FileTree, ReconcileReport } from './reconcile/types.js';
import { unresolvedConflicts } from './reconcile/unresolved.js';
import { renderProject } from './render.js';
import { type ProjectState, rcFile, readState, serializeState } from './state.js';

/**
 * The one operation every command is made of: take the new state, render it, reconcile the
 * project with the render against the stored pristine base, record state and base.
 */
export const exitCodes = { done: 0, error: 1, changesPending: 2, conflicts: 3 } as const;

export interface ReconcileMode {
  dryRun: boolean;
  /** `upgrade --check`: plan only; exit 2 when anything would change. */
  check?: boolean;
  force: boolean;
  verbose: boolean;
}

/** Files never part of the pristine render: secrets are created once, kept out of the merge base. */
function secretFiles(): FileTree {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_';
  const key = [...randomBytes(64)].map((byte) => alphabet[byte % alphabet.length]).join('');
  const env = [
    '# Local settings and secrets: never commit this file (it is in .gitignore).',
    '# Every variable is documented in .env.example.',
    `DJANGO_SECRET_KEY=${key}`,
    '',
  ].join('\n');
  return new Map([['.env', env]]);
}

export { isEmptyFolder } from './project-root.js';

/**
 * The recorded state, its answers migrated to the current generator version. Refuses a
 * folder that is not a project and a project from a newer generator.
 */
export function loadProject(dir: string): ProjectState {
  const recorded = readState(dir);
  if (!recorded) throw new UserError(`not a djangoflow project (no ${rcFile} with a djangoflow record here)`);
  return migrateState(recorded);
}

export function migrateState(recorded: ProjectState): ProjectState {
  refuseDowngrade(recorded, generatorVersion());
  const pending = migrationsBetween(loadMigrations(templatesDir()), recorded.version, generatorVersion());
  return { ...recorded, answers: migrateAnswers(recorded.answers, pending) };
}

export function modeFrom(context: CommandContext): ReconcileMode {
  return {
    dryRun: Boolean(context.values['dry-run']),
    check: Boolean(context.values.check),
    force: Boolean(context.values.force),
    verbose: Boolean(context.values.verbose),
  };
}

/**
 * Renders `next` and reconciles the project with it. `previous` is the state on disk
 * (null for a new project); its version decides which file renames apply.
 */
export async function reconcileProject(
  projectDir: string,
  previous: ProjectState | null,
  next: ProjectState,
  mode: ReconcileMode,
  out: (line: string) => void,
): Promise<number> {
  const writes = !mode.dryRun && !mode.check;
  const templates = templatesDir();
  // git (the guard, reading the stored base) works while this process renders.
  const [, base, { tree: theirs, format }] = await Promise.all([
    previous && writes ? refuseDirtyTree(projectDir, mode.force) : undefined,
    mergeBase(projectDir, previous, templates),
    renderProject(next, templates),
  ]);
  const renames = previous
    ? fileRenames(migrationsBetween(loadMigrations(templates), previous.version, next.version))
    : {};
  const report: ReconcileReport = await planReconcile({
    projectDir,
    base,
    theirs,
    renames,
    format,
    labels: { theirs: `djangoflow ${next.version}` },
  });
  const record = serializeState(projectDir, next);
  const recordPath = join(projectDir, rcFile);
  const recordChanged = !existsSync(recordPath) || readFileSync(recordPath, 'utf8') !== record;
  const lines = formatReport(report, { verbose: mode.verbose }).split('\n');

  if (!writes) {
    lines.forEach((line) => out(line));
    if (recordChanged) out(`update  ${rcFile}: recorded version and answers`);
    if (mode.check) {
      // Issue 14: conflicts left unresolved are not "up to date".
      const unresolved = await unresolvedConflicts(projectDir, theirs.keys());
      if (unresolved.length) {
        out(`unresolved conflicts in ${unresolved.join(', ')}: resolve them (and \`git add\` them) first`);
        return exitCodes.conflicts;
      }
      const pending = report.changed || recordChanged;
      out(pending ? 'out of date: `djangoflow upgrade` would change the files above' : 'up to date');
      return pending ? exitCodes.changesPending : exitCodes.done;
    }
    out('dry run: nothing written');
    return exitCodes.done;
  }
  await applyReconcile(projectDir, report, {
    alwaysWrite: new Map([[rcFile, record]]),
    createOnly: secretFiles(),
    pristine: theirs,
    pristineMessage: `djangoflow ${next.version}`,
  });
  // Creates and updates are routine (a new project is nothing else); what the user must
  // know about (merged, deleted, kept, skipped, conflicted) is always listed.
  (mode.verbose ? lines : lines.filter((l) => !/^(create|update|unchanged)\s/.test(l))).forEach((line) => out(line));
  return report.conflicts.length ? exitCodes.conflicts : exitCodes.done;
}

/**
 * The stored pristine render. A fresh clone lacks it (the private ref is not fetched by
 * default): the same generator version can render it again exactly; another cannot.
 */
async function mergeBase(projectDir: string, previous: ProjectState | null, templates: string) {
  const stored = await loadPristine(projectDir);
  if (stored || !previous) return stored;
  if (previous.version === generatorVersion()) return (await renderProject(previous, templates)).tree;
  throw new UserError(
    `no merge base stored for this project (generated by djangoflow ${previous.version}); fetch it with \`git fetch origin 'refs/djangoflow/*:refs/djangoflow/*'\`, or run djangoflow ${previous.version} once to record it`,
  );
}

/**
 * The next state from resolved answers. Answers outside the main table (plugin questions)
 * are carried over from the record; a new project starts with the default plugins.
 */
export function stateFor(answers: ProjectState['answers'], previous: ProjectState | null): ProjectState {
  const pluginAnswers = Object.fromEntries(
    Object.entries(previous?.answers ?? {}).filter(([name]) => !questions.some((q) => q.name === name)),
  );
  return {
    version: generatorVersion(),
    answers: inTableOrder({ ...pluginAnswers, ...answers }),
    apps: previous?.apps ?? [],
    plugins: previous?.plugins ?? defaultPlugins(templatesDir()),
  };
}

/** The record must not depend on which answers came from the command line: table order, extras last. */
function inTableOrder(answers: ProjectState['answers']): ProjectState['answers'] {
  const rank = (name: string) => {
    const index = questions.findIndex((q) => q.name === name);
    return index < 0 ? questions.length : index;
  };
  return Object.fromEntries(Object.entries(answers).sort(([a], [b]) => rank(a) - rank(b)));
}
