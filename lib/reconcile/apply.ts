/**
 * The all-or-nothing apply of a plan: stage, journal, move into place, mark the git index,
 * commit the new base; any failure or signal before the commit moves everything back. What
 * to write and how each file is staged is operations.ts's job.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmdirSync } from 'node:fs';
import { mkdir, rm, rmdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../input/errors.js';
import { toBuffer } from './content.js';
import { parentFolders, syncAll, syncDir } from './durable.js';
import { faultPoint, traceFs } from './fault.js';
import { findGitRepo, gitOrThrow, runGit, writeBlobs } from './git.js';
import { RECORD_FILE } from './history.js';
import { baseInForce, JOURNAL_FILE, type Journal, readJournal, restoreIndex, STATE_DIR, undoMoves, writeJournal } from './journal.js';
import { collectOperations, foldersToMake, type Operation, stageFile } from './operations.js';
import { beginApply, interruption, signalExitCode } from './signals.js';
import { commitPristine, discardPristine, type PreparedPristine, preparePristine, savePristine } from './store.js';
import type { ApplyOptions, FileContent, ReconcileReport } from './types.js';

export class ReconcileInterrupted extends UserError {
  constructor(signal: NodeJS.Signals = 'SIGINT') {
    super(`interrupted (${signal}): rolled back, the project was left as it was`, signalExitCode(signal));
    this.name = 'ReconcileInterrupted';
  }
}

/**
 * Writes a plan all-or-nothing. Every new file is first staged in `.djangoflow/tmp-<pid>`
 * (same file system, so moving it into place is an atomic rename) and the new base is
 * prepared, all of it flushed to disk (durable.ts); then a write-ahead journal (journal.ts)
 * is written, each overwritten or deleted file is moved to a backup and each new one into
 * place, the folders they changed are flushed, the index is marked, and the new base is put
 * in force: that last step is the commit. Any error or signal before it moves the backups
 * back; a SIGKILL or a power loss is finished by the next command's recovery. The moves run
 * synchronously, so a signal lands before or after them, never between two.
 */
export async function applyReconcile(projectDir: string, report: ReconcileReport, extra: ApplyOptions = {}): Promise<void> {
  if (readJournal(projectDir)) throw new UserError(`an interrupted run left ${JOURNAL_FILE}; run djangoflow again to recover it first`);
  const operations = await collectOperations(projectDir, report, extra);
  const conflicts = report.decisions.filter((d) => d.action === 'conflict' && d.stages);
  if (operations.length === 0 && conflicts.length === 0) {
    if (extra.pristine) await savePristine(projectDir, extra.pristine, extra.pristineMessage);
    return;
  }

  const workName = `${STATE_DIR}/tmp-${process.pid}`;
  const work = join(projectDir, workName);
  const endApply = beginApply();
  let applied = false;
  let journal: Journal | null = null;
  let prepared: PreparedPristine = { kind: 'unchanged' };
  const checkInterrupt = () => {
    const signal = interruption();
    if (signal) throw new ReconcileInterrupted(signal);
  };
  try {
    await rm(work, { recursive: true, force: true });
    await mkdir(join(work, 'staged'), { recursive: true });
    await mkdir(join(work, 'backup'));
    for (const [i, op] of operations.entries()) {
      if (op.content !== undefined) stageFile(projectDir, op, join(work, 'staged', String(i)), `staged/${i}`);
      checkInterrupt();
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: without conflicts the index step marks nothing either way; the test only saves a git call
    const repo = conflicts.length > 0 ? await findGitRepo(projectDir) : null;
    const index = repo ? await unmergedIndexInfo(repo.root, repo.prefix, conflicts) : null;
    if (extra.pristine) {
      const record = extra.alwaysWrite?.get(RECORD_FILE);
      prepared = await preparePristine(projectDir, extra.pristine, extra.pristineMessage, record);
    }
    // The journal may name only what is on disk: a new file renamed into place must never
    // turn out empty after a power loss. Written first, flushed after, so the disk batches.
    const staged = operations.flatMap((op, i) => (op.content === undefined ? [] : [[join(work, 'staged', String(i)), `staged/${i}`] as const]));
    await syncAll([...staged, ...(prepared.kind === 'file' ? [[prepared.temp, 'pristine'] as const] : [])], [[join(work, 'staged'), 'staged/']]);
    faultPoint('after-stage');
    checkInterrupt();

    journal = {
      format: 1,
      pid: process.pid,
      work: workName,
      ops: operations.map((op) => ({ path: op.path, existed: existsSync(join(projectDir, op.path)), writes: op.content !== undefined })),
      madeDirs: foldersToMake(projectDir, operations),
      index: repo && index ? { root: repo.root, restore: index.restore } : undefined,
      pristine: prepared,
      committed: false,
    };
    writeJournal(projectDir, journal);
    faultPoint('after-journal');

    moveIntoPlace(projectDir, work, operations, journal.madeDirs, extra, checkInterrupt);
    // The moves reach the disk before the commit point: a base in force means files in place.
    await syncAll([], [...parentFolders(projectDir, [...operations.map((op) => op.path), ...journal.madeDirs]), [join(work, 'backup'), 'backup/']]);

    // Stryker disable next-line LogicalOperator: index is set only with a repository, and an empty --index-info changes nothing
    if (repo && index?.info) await gitOrThrow(['update-index', '--index-info'], { cwd: repo.root, input: index.info });
    faultPoint('after-index');
    // Signal handlers run only when the event loop turns: give a signal that arrived during
    // the synchronous moves a chance to be seen before the commit (a later one is honest too:
    // the command then says the changes were applied).
    await new Promise((resolve) => setImmediate(resolve));
    checkInterrupt();
    try {
      await commitPristine(projectDir, prepared);
      traceFs('commit', prepared.kind);
    } catch (error) {
      // git may have been hit by the same Ctrl-C after it moved the ref: ask, don't guess.
      if (!(await baseInForce(prepared))) throw error;
    }
    if (prepared.kind === 'file') syncDir(dirname(prepared.file), STATE_DIR);
    applied = true; // the commit: from here on the run is complete, whatever happens
    faultPoint('after-pristine');
    try {
      writeJournal(projectDir, { ...journal, committed: true });
    } catch {
      // A full disk after the commit point: the base is in force, so the next run's
      // recovery reads the first journal as complete and only cleans up.
    }
    faultPoint('after-commit');
  } catch (error) {
    // Stryker disable next-line ConditionalExpression: nothing after the commit throws (the last journal write is guarded); kept so a future step cannot roll back a committed run
    if (applied) throw error;
    const failures = journal ? undoMoves(projectDir, journal) : [];
    if (journal) await restoreIndex(journal).catch(() => failures.push('the git index'));
    await discardPristine(prepared);
    if (failures.length > 0) {
      // The journal stays: the next command tries the rollback again.
      throw new UserError(`reconcile failed (${(error as Error).message}) and could not restore ${failures.join(', ')}; backups are in ${workName}/backup, run djangoflow again to finish the rollback`);
    }
    await cleanUp(projectDir, work);
    const signal = interruption();
    if (signal) throw new ReconcileInterrupted(signal);
    if (error instanceof UserError) throw error;
    throw new UserError(`writing the project failed (${(error as Error).message}); nothing was changed`);
  } finally {
    endApply(applied);
  }
  removeEmptyParents(projectDir, operations.filter((op) => op.content === undefined).map((op) => op.path));
  await cleanUp(projectDir, work);
}

function moveIntoPlace(
  projectDir: string,
  work: string,
  operations: Operation[],
  madeDirs: string[],
  extra: ApplyOptions,
  checkInterrupt: () => void,
): void {
  const failAfter = extra.failAfterWrites ?? envNumber('DJANGOFLOW_FAIL_AFTER_WRITES');
  // Made as the moves reach them: a file turned into a folder is moved away first (its
  // path sorts before the paths under it).
  const toMake = new Set(madeDirs);
  let writes = 0;
  for (const [i, op] of operations.entries()) {
    const target = join(projectDir, op.path);
    if (existsSync(target)) {
      renameSync(target, join(work, 'backup', String(i)));
      traceFs('rename', op.path, `backup/${i}`);
    }
    if (op.content !== undefined) {
      if (toMake.has(dirname(op.path))) mkdirSync(dirname(target), { recursive: true });
      renameSync(join(work, 'staged', String(i)), target);
      traceFs('rename', `staged/${i}`, op.path);
    }
    writes++;
    faultPoint('after-move', writes);
    extra.afterWrite?.(writes);
    if (writes >= (failAfter ?? Infinity)) throw new Error(`simulated failure after ${writes} writes`);
    checkInterrupt();
  }
}

/**
 * Index lines that replace each conflicted path's entry by stages 1 (base), 2 (yours) and
 * 3 (template), so `git status` shows it unmerged (UU) until the user `git add`s it, and the
 * lines that put the old entries back (for a rollback). A path whose staged version is
 * neither HEAD's nor the file on disk (work the user staged) or that is already unmerged is
 * left alone: marking it would drop that version from the index.
 */
async function unmergedIndexInfo(
  root: string,
  prefix: string,
  conflicts: ReconcileReport['decisions'],
): Promise<{ info: string; restore: string } | null> {
  const paths = conflicts.map(({ path }) => prefix + path);
  const listed = await runGit(['ls-files', '-s', '--', ...paths], { cwd: root });
  const head = await runGit(['ls-tree', 'HEAD', '--', ...paths], { cwd: root });
  const entries = new Map<string, string[]>();
  // Stryker disable next-line ConditionalExpression: a failed ls-files prints nothing to stdout; the test only says so
  for (const line of listed.code === 0 ? listed.stdout.toString('utf8').split('\n').filter(Boolean) : []) {
    const path = line.slice(line.indexOf('\t') + 1);
    entries.set(path, [...(entries.get(path) ?? []), line]);
  }
  const headOids = new Map<string, string>();
  // Stryker disable next-line ConditionalExpression: ls-tree without a HEAD prints nothing to stdout; the test only says so
  for (const line of head.code === 0 ? head.stdout.toString('utf8').split('\n').filter(Boolean) : []) {
    headOids.set(line.slice(line.indexOf('\t') + 1), line.split(' ')[2]!.split('\t')[0]!);
  }
  const marked = conflicts.filter(({ path, stages }) => {
    const current = entries.get(prefix + path) ?? [];
    if (current.length === 0) return true;
    if (current.length > 1 || !/ 0\t/.test(current[0]!)) return false; // already unmerged
    const oid = current[0]!.split(' ')[1]!;
    return oid === headOids.get(prefix + path) || oid === blobOid(toBuffer(stages!.ours), oid.length);
  });
  // Stryker disable next-line ConditionalExpression,BlockStatement: with nothing marked the info and the restore are empty, which git applies as no change; this only saves the calls
  if (marked.length === 0) return null;
  const contents: FileContent[] = [];
  for (const { stages } of marked) {
    if (stages!.base !== undefined) contents.push(stages!.base);
    contents.push(stages!.ours, stages!.theirs);
  }
  const oids = await writeBlobs(root, contents);
  let next = 0;
  let info = '';
  let restore = '';
  for (const { path, stages } of marked) {
    const indexPath = prefix + path;
    // The null id has the length of the repository's ids (sha1 or sha256).
    const remove = `0 ${'0'.repeat(oids[0]!.length)}\t${indexPath}\n`;
    info += remove;
    if (stages!.base !== undefined) info += `100644 ${oids[next++]} 1\t${indexPath}\n`;
    info += `100644 ${oids[next++]} 2\t${indexPath}\n`;
    info += `100644 ${oids[next++]} 3\t${indexPath}\n`;
    restore += remove + (entries.get(indexPath) ?? []).map((line) => `${line}\n`).join('');
  }
  return { info, restore };
}

/** The id git gives `bytes` as a blob (sha1 or sha256, told by the id length). */
function blobOid(bytes: Buffer, idLength: number): string {
  return createHash(idLength === 64 ? 'sha256' : 'sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

function removeEmptyParents(projectDir: string, deleted: string[]): void {
  for (const path of deleted) {
    let dir = dirname(join(projectDir, path));
    while (resolve(dir) !== resolve(projectDir)) {
      try {
        rmdirSync(dir);
        // Stryker disable next-line BlockStatement: a folder that is not empty has no empty parent either; the break only ends the walk early
      } catch {
        break; // not empty (or gone)
      }
      dir = dirname(dir);
    }
  }
}

async function cleanUp(projectDir: string, work: string): Promise<void> {
  await rm(work, { recursive: true, force: true });
  await rm(join(projectDir, JOURNAL_FILE), { force: true });
  traceFs('journal', 'removed');
  await rmdir(join(projectDir, '.djangoflow')).catch(() => undefined); // only when empty
}

function envNumber(name: string): number | undefined {
  const value = String(process.env[name]); // 'undefined' when unset: not a number either
  return /^\d+$/.test(value) ? Number(value) : undefined;
}
