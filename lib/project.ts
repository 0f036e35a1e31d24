import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';

import { UserError } from './errors.js';
import { generatorVersion, templatesDir } from './paths.js';
import { applyReconcile, formatReport, loadPristine, planReconcile } from './reconcile/index.js';
import type { ReconcileReport } from './reconcile/types.js';
import { type FileTree, projectFormatter, renderProject } from './render.js';
import { type ProjectState, rcFile, readState, serializeState } from './state.js';

/**
 * The one operation every command is made of: take the new state, render it, reconcile the
 * project with the render against the stored pristine base, record state and base.
 */
export interface ReconcileOptions {
  dryRun: boolean;
  /** Print one line per file even when writing (dry runs always do). */
  verbose?: boolean;
  out: (line: string) => void;
}

export interface ReconcileOutcome {
  report: ReconcileReport;
  /** 0 done, 3 conflicts left to resolve. */
  exitCode: number;
}

export const conflictExitCode = 3;

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

/** A folder with nothing in it but possibly a fresh git repository. */
export function isEmptyFolder(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).every((name) => name === '.git');
}

export function requireProject(dir: string): ProjectState {
  const state = readState(dir);
  if (!state) throw new UserError(`not a djangoflow project (no ${rcFile} here); run djangoflow first`);
  return state;
}

export async function reconcileProject(
  projectDir: string,
  state: ProjectState,
  options: ReconcileOptions,
): Promise<ReconcileOutcome> {
  const templates = templatesDir();
  const theirs = await renderProject(state, templates);
  const base = await loadPristine(projectDir);
  const report = await planReconcile({
    projectDir,
    base,
    theirs,
    format: projectFormatter(state, templates),
    labels: { theirs: `djangoflow ${state.version}` },
  });
  const lines = formatReport(report).split('\n');
  if (options.dryRun) {
    lines.forEach((line) => options.out(line));
    options.out('dry run: nothing written');
  } else {
    await applyReconcile(projectDir, report, {
      alwaysWrite: new Map([[rcFile, serializeState(projectDir, state)]]),
      createOnly: secretFiles(),
      pristine: theirs,
      pristineMessage: `djangoflow ${state.version}`,
    });
    (options.verbose ? lines : lines.slice(-1)).forEach((line) => options.out(line));
  }
  if (report.conflicts.length) {
    options.out(`conflicts to resolve (markers inline): ${report.conflicts.join(', ')}`);
    return { report, exitCode: conflictExitCode };
  }
  return { report, exitCode: 0 };
}

export function newState(answers: ProjectState['answers'], previous: ProjectState | null): ProjectState {
  return { version: generatorVersion(), answers, apps: previous?.apps ?? [], plugins: previous?.plugins ?? [] };
}

