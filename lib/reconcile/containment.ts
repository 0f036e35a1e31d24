/**
 * Containment: every path the reconcile reads, writes or deletes must stay inside the
 * project. A symbolic link on the way (a linked `docs/` or `src/config/`, or a linked file)
 * could lead anywhere on the machine, so it is refused with the path named, never followed;
 * so are special files (FIFO, socket, device), whose mere reading can block forever.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../input/errors.js';

export class ContainmentError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'ContainmentError';
  }
}

function kindOf(stats: Stats): string | null {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device file';
  return null;
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Stryker disable next-line ConditionalExpression,StringLiteral: ENOTDIR needs a file on the way, which the folder walk refuses first (only a race reaches it)
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}

/**
 * Refuses any path under `projectDir` that reaches through a symbolic link, or that is a
 * special file or (for a file path) a folder. Missing paths are fine: they get created
 * in real folders. Folders are looked at once per call, however many files they hold.
 * `replaced` names regular files the run deletes to make a folder of their path (a template
 * that turned a file into a folder): below them, paths are new.
 */
export function assertContained(projectDir: string, paths: Iterable<string>, replaced: ReadonlySet<string> = new Set()): void {
  const folders = new Map<string, boolean>(); // relative folder -> exists
  for (const path of paths) {
    const segments = path.split('/');
    let exists = true;
    for (let i = 1; i < segments.length && exists; i++) {
      const folder = segments.slice(0, i).join('/');
      const known = folders.get(folder);
      // Stryker disable next-line ConditionalExpression: the cache only saves a second lstat of a folder; asking again gives the same answer
      if (known !== undefined) {
        exists = known;
        continue;
      }
      const stats = lstatOrNull(join(projectDir, folder));
      if (stats?.isSymbolicLink()) {
        throw new ContainmentError(`${folder}/ is a symbolic link; djangoflow never writes through links (it could reach outside the project): make it a real folder, then run again`);
      }
      if (stats?.isFile() && replaced.has(folder)) {
        folders.set(folder, false);
        exists = false;
        continue;
      }
      if (stats && !stats.isDirectory()) {
        throw new ContainmentError(`${folder} is ${kindOf(stats) ?? 'a file'}, but the template has a folder there: move it away, then run again`);
      }
      exists = stats !== null;
      folders.set(folder, exists);
    }
    if (!exists) continue;
    const stats = lstatOrNull(join(projectDir, path));
    if (!stats) continue;
    if (stats.isSymbolicLink()) {
      throw new ContainmentError(`${path} is a symbolic link; djangoflow never reads or writes through links (it could reach outside the project): replace it with a regular file, then run again`);
    }
    const special = kindOf(stats);
    if (special) throw new ContainmentError(`${path} is ${special}, not a regular file: remove it, then run again`);
    if (stats.isDirectory()) throw new ContainmentError(`${path} is a directory in your project, but the template has a file there`);
  }
}

/**
 * A project file's bytes, or undefined when absent. Opened without following a final link
 * and without blocking, and read only when it is a regular file: a FIFO put at the path
 * after `assertContained` looked cannot hang the run.
 */
export function readContained(projectDir: string, path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(join(projectDir, path), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'ELOOP') throw new ContainmentError(`${path} is a symbolic link; djangoflow never reads or writes through links: replace it with a regular file, then run again`);
    // Stryker disable next-line ConditionalExpression,StringLiteral,BlockStatement: Linux opens a folder read-only without EISDIR (the fstat check below answers); other systems may not
    if (code === 'EISDIR') throw new ContainmentError(`${path} is a directory in your project, but the template has a file there`);
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw new ContainmentError(`${path} is a directory in your project, but the template has a file there`);
    if (!stats.isFile()) throw new ContainmentError(`${path} is ${kindOf(stats) ?? 'not a regular file'}: remove it, then run again`);
    const bytes = Buffer.allocUnsafe(stats.size);
    let read = 0;
    while (read < stats.size) {
      const n = readSync(fd, bytes, read, stats.size - read, read);
      // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: only a file shrinking between fstat and read ends early, a race no test can make
      if (n === 0) break;
      read += n;
    }
    return bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
