/**
 * The step list of an apply: the operations a plan and the always-written, create-only and
 * secret files come to (each path once, safe and contained), the folders the new files need,
 * and how each new file is staged with its mode. apply.ts runs them all-or-nothing.
 */
import { chmodSync, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sameContent, toBuffer } from './content.js';
import { traceFs, writeAll } from './fault.js';
import { assertContained, readContained } from './containment.js';
import { assertSafePath } from './plan.js';
import type { ApplyOptions, FileContent, ReconcileReport } from './types.js';

/** One change to the project: write `content` at `path`, or delete `path` when content is undefined. */
export interface Operation {
  path: string;
  content?: FileContent;
  /** The new file's mode, whatever the umask: secrets (createOnly files) are the owner's only. */
  mode?: number;
}

/**
 * Folders a new file needs that do not exist yet, outermost first (removed again on
 * rollback); a file the run deletes first counts as missing (a file turned into a folder).
 * A deleted file's own folder exists, so deletes add nothing; the walk stops at the project
 * (`.` exists).
 */
export function foldersToMake(projectDir: string, operations: Operation[]): string[] {
  // Stryker disable next-line ConditionalExpression,MethodExpression: a written path is never the folder of another (containment refuses it), so only deletes can match
  const deleted = new Set(operations.filter((op) => op.content === undefined).map((op) => op.path));
  const made = new Set<string>();
  for (const op of operations) {
    for (let dir = dirname(op.path); deleted.has(dir) || !existsSync(join(projectDir, dir)); dir = dirname(dir)) made.add(dir);
  }
  return [...made].sort((a, b) => a.split('/').length - b.split('/').length);
}

export async function collectOperations(projectDir: string, report: ReconcileReport, extra: ApplyOptions): Promise<Operation[]> {
  const operations: Operation[] = [];
  for (const decision of report.decisions) {
    switch (decision.action) {
      case 'create':
      case 'update':
      case 'merge':
      case 'conflict':
        if (decision.content === undefined) throw new Error(`${decision.action} ${decision.path}: no content`);
        operations.push({ path: decision.sidecar ?? decision.path, content: decision.content });
        break;
      case 'delete':
        operations.push({ path: decision.path });
        break;
    }
  }
  for (const [path, content] of extra.alwaysWrite ?? []) {
    const current = readContained(projectDir, path);
    if (current === undefined || !sameContent(current, content)) operations.push({ path, content });
  }
  for (const [path, content] of extra.createOnly ?? []) {
    if (!existsSync(join(projectDir, path))) operations.push({ path, content, mode: 0o600 });
  }
  for (const [path, content] of extra.secrets ?? []) {
    const current = readContained(projectDir, path);
    if (current === undefined || !sameContent(current, content)) operations.push({ path, content, mode: 0o600 });
  }
  const seen = new Set<string>();
  for (const { path } of operations) {
    assertSafePath(path);
    if (seen.has(path)) throw new Error(`${path} is written twice in one reconcile`);
    seen.add(path);
  }
  // Checked again at write time (the plan may be old), with the staging folder's parent.
  const deleted = new Set(operations.filter((op) => op.content === undefined).map((op) => op.path));
  assertContained(projectDir, [...seen, '.djangoflow/tmp'], deleted);
  return operations;
}

/** The process's umask, read once (reading it means setting it back: a documented Node idiom). */
let umask: number | undefined;
const currentUmask = (): number => (umask ??= process.umask());

/**
 * New files keep the mode of the file they replace; new scripts (shebang) are executable;
 * a new file's mode follows the umask, as any program's files do (0644 becomes 0600 under 077).
 * Synchronous: cheaper than two promises per file for a project's many small files.
 */
export function stageFile(projectDir: string, op: Operation, staged: string, label: string): void {
  const content = toBuffer(op.content!);
  const target = join(projectDir, op.path);
  const existingMode = existsSync(target) ? statSync(target).mode & 0o777 : undefined;
  const script = content[0] === 0x23 && content[1] === 0x21; // `#!`
  const mode = op.mode ?? existingMode ?? ((script ? 0o755 : 0o644) & ~currentUmask());
  // Created with the mode (the umask can only take bits away), so a secret is never readable by others.
  // Stryker disable next-line ObjectLiteral: the chmod below sets the same mode; this closes the window before it, which no test can observe
  writeAll(staged, content, { mode: mode & 0o700 });
  chmodSync(staged, mode);
  traceFs('write', label);
}

