import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rm, rmdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { sameContent, toBuffer } from './content.js';
import { findGitRepo, gitOrThrow, writeBlobs } from './git.js';
import { assertSafePath } from './plan.js';
import { savePristine } from './store.js';
import type { ApplyOptions, FileContent, ReconcileReport } from './types.js';

/** One change to the project: write `content` at `path`, or delete `path` when content is undefined. */
interface Operation {
  path: string;
  content?: FileContent;
  /** The new file's mode, whatever the umask: secrets (createOnly files) are the owner's only. */
  mode?: number;
}

/** What the commit phase did, undone in reverse order on failure. */
type JournalEntry =
  | { kind: 'backup'; target: string; backup: string }
  | { kind: 'placed'; target: string }
  | { kind: 'madeDir'; dir: string };

export class ReconcileInterrupted extends UserError {
  constructor() {
    super('interrupted: the project was left as it was', 130);
    this.name = 'ReconcileInterrupted';
  }
}

/**
 * Writes a plan all-or-nothing. Every new file is first staged in `.djangoflow/tmp-<pid>`
 * (same file system, so moving it into place is an atomic rename), each overwritten or
 * deleted file is moved to a backup there, and any error or Ctrl-C before the end moves
 * the backups back. The moves run synchronously, so a real SIGINT lands before or after
 * them, never between two.
 */
export async function applyReconcile(projectDir: string, report: ReconcileReport, extra: ApplyOptions = {}): Promise<void> {
  const operations = await collectOperations(projectDir, report, extra);
  const conflicts = report.decisions.filter((d) => d.action === 'conflict' && d.stages);
  if (operations.length === 0 && conflicts.length === 0) {
    if (extra.pristine) await savePristine(projectDir, extra.pristine, extra.pristineMessage);
    return;
  }

  const work = join(projectDir, '.djangoflow', `tmp-${process.pid}`);
  const journal: JournalEntry[] = [];
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  const checkInterrupt = () => {
    if (interrupted) throw new ReconcileInterrupted();
  };
  process.on('SIGINT', onSigint);
  let indexBackup: { index: string; copy: string } | null = null;
  try {
    await rm(work, { recursive: true, force: true });
    await mkdir(join(work, 'staged'), { recursive: true });
    await mkdir(join(work, 'backup'));
    for (const [i, op] of operations.entries()) {
      if (op.content !== undefined) stageFile(projectDir, op, join(work, 'staged', String(i)));
      checkInterrupt();
    }
    const repo = conflicts.length > 0 ? await findGitRepo(projectDir) : null;
    const indexInfo = repo ? await unmergedIndexInfo(repo.root, repo.prefix, conflicts) : '';
    if (repo && indexInfo) {
      const index = resolve(repo.root, (await gitOrThrow(['rev-parse', '--git-path', 'index'], { cwd: repo.root })).toString('utf8').trim());
      if (existsSync(index)) {
        indexBackup = { index, copy: join(work, 'index') };
        copyFileSync(index, indexBackup.copy);
      }
    }
    checkInterrupt();

    moveIntoPlace(projectDir, work, operations, journal, extra, checkInterrupt);

    if (repo && indexInfo) await gitOrThrow(['update-index', '--index-info'], { cwd: repo.root, input: indexInfo });
    checkInterrupt();
    if (extra.pristine) await savePristine(projectDir, extra.pristine, extra.pristineMessage);
  } catch (error) {
    const failures = rollBack(journal);
    if (indexBackup) copyFileSync(indexBackup.copy, indexBackup.index);
    if (failures.length > 0) {
      throw new Error(`reconcile failed (${(error as Error).message}) and could not restore ${failures.join(', ')}; backups are in ${work}/backup`);
    }
    await cleanUp(projectDir, work);
    if (error instanceof UserError) throw error;
    throw new UserError(`writing the project failed (${(error as Error).message}); nothing was changed`);
  } finally {
    process.off('SIGINT', onSigint);
  }
  removeEmptyParents(projectDir, operations.filter((op) => op.content === undefined).map((op) => op.path));
  await cleanUp(projectDir, work);
}

async function collectOperations(projectDir: string, report: ReconcileReport, extra: ApplyOptions): Promise<Operation[]> {
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
    const current = await readIfExists(join(projectDir, path));
    if (current === undefined || !sameContent(current, content)) operations.push({ path, content });
  }
  for (const [path, content] of extra.createOnly ?? []) {
    if (!existsSync(join(projectDir, path))) operations.push({ path, content, mode: 0o600 });
  }
  const seen = new Set<string>();
  for (const { path } of operations) {
    assertSafePath(path);
    if (seen.has(path)) throw new Error(`${path} is written twice in one reconcile`);
    seen.add(path);
  }
  return operations;
}

/**
 * New files keep the mode of the file they replace; new scripts (shebang) are executable.
 * Synchronous: cheaper than two promises per file for a project's many small files.
 */
function stageFile(projectDir: string, op: Operation, staged: string): void {
  const content = toBuffer(op.content!);
  const target = join(projectDir, op.path);
  const existingMode = existsSync(target) ? statSync(target).mode & 0o777 : undefined;
  const mode = op.mode ?? existingMode ?? (content.subarray(0, 2).toString('latin1') === '#!' ? 0o755 : 0o644);
  // Created with the mode (the umask can only take bits away), so a secret is never readable by others.
  writeFileSync(staged, content, { mode: mode & 0o700 });
  chmodSync(staged, mode);
}

function moveIntoPlace(
  projectDir: string,
  work: string,
  operations: Operation[],
  journal: JournalEntry[],
  extra: ApplyOptions,
  checkInterrupt: () => void,
): void {
  const failAfter = extra.failAfterWrites ?? envNumber('DJANGOFLOW_FAIL_AFTER_WRITES');
  let writes = 0;
  const madeDirs = new Set<string>();
  for (const [i, op] of operations.entries()) {
    const target = join(projectDir, op.path);
    if (existsSync(target)) {
      const backup = join(work, 'backup', String(i));
      renameSync(target, backup);
      journal.push({ kind: 'backup', target, backup });
    }
    if (op.content !== undefined) {
      if (!madeDirs.has(dirname(target))) {
        const madeDir = mkdirSync(dirname(target), { recursive: true });
        if (madeDir) journal.push({ kind: 'madeDir', dir: madeDir });
        madeDirs.add(dirname(target));
      }
      renameSync(join(work, 'staged', String(i)), target);
      journal.push({ kind: 'placed', target });
    }
    writes++;
    extra.afterWrite?.(writes);
    if (failAfter !== undefined && writes >= failAfter) throw new Error(`simulated failure after ${writes} writes`);
    checkInterrupt();
  }
}

/** Undoes the journal; returns the paths it could not restore. */
function rollBack(journal: JournalEntry[]): string[] {
  const failures: string[] = [];
  for (const entry of [...journal].reverse()) {
    try {
      if (entry.kind === 'placed') unlinkSync(entry.target);
      else if (entry.kind === 'backup') renameSync(entry.backup, entry.target);
      else rmSync(entry.dir, { recursive: true, force: true });
    } catch {
      failures.push(entry.kind === 'madeDir' ? entry.dir : entry.target);
    }
  }
  return failures;
}

/**
 * Index lines that replace each conflicted path's entry by stages 1 (base), 2 (yours) and
 * 3 (template), so `git status` shows it unmerged (UU) until the user `git add`s it.
 */
async function unmergedIndexInfo(root: string, prefix: string, conflicts: ReconcileReport['decisions']): Promise<string> {
  const contents: FileContent[] = [];
  for (const { stages } of conflicts) {
    if (stages!.base !== undefined) contents.push(stages!.base);
    contents.push(stages!.ours, stages!.theirs);
  }
  const oids = await writeBlobs(root, contents);
  let next = 0;
  let info = '';
  for (const { path, stages } of conflicts) {
    const indexPath = prefix + path;
    info += `0 ${'0'.repeat(40)}\t${indexPath}\n`;
    if (stages!.base !== undefined) info += `100644 ${oids[next++]} 1\t${indexPath}\n`;
    info += `100644 ${oids[next++]} 2\t${indexPath}\n`;
    info += `100644 ${oids[next++]} 3\t${indexPath}\n`;
  }
  return info;
}

function removeEmptyParents(projectDir: string, deleted: string[]): void {
  for (const path of deleted) {
    let dir = dirname(join(projectDir, path));
    while (resolve(dir) !== resolve(projectDir)) {
      try {
        rmdirSync(dir);
      } catch {
        break; // not empty (or gone)
      }
      dir = dirname(dir);
    }
  }
}

async function cleanUp(projectDir: string, work: string): Promise<void> {
  await rm(work, { recursive: true, force: true });
  await rmdir(join(projectDir, '.djangoflow')).catch(() => undefined); // only when empty
}

async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch {
    return undefined;
  }
}

function envNumber(name: string): number | undefined {
  const value = process.env[name];
  return value && /^\d+$/.test(value) ? Number(value) : undefined;
}
