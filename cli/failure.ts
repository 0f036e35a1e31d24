/**
 * Any failure as the one line the user sees: a UserError as its message, a file-system
 * error as what could not be done to which path, anything else as "internal error" with
 * the stack trace written to a log file the line names. Whatever a message quotes is shown
 * escaped (lib/input/text.ts): no control character or escape sequence reaches the terminal.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../lib/input/errors.js';
import { exitCodes } from '../lib/run/exit-codes.js';
import { shown } from '../lib/input/text.js';

export interface Failure {
  line: string;
  exitCode: number;
}

/** What a file-system error code means, in words: the input (a path, a name) caused it. */
const systemErrors: Record<string, string> = {
  ENAMETOOLONG: 'a file name is too long for the file system',
  ENOTDIR: 'a regular file is where a folder should be',
  EISDIR: 'a folder is where a file should be',
  EEXIST: 'something already exists where a file or folder should be created',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'no such file or folder',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
};

interface SystemError extends Error {
  code?: string;
  path?: string;
  syscall?: string;
}

/** Writes the details of an unexpected error where the user can find them; the path, or null. */
function writeDetails(error: unknown): string | null {
  const path = join(tmpdir(), `djangoflow-error-${Date.now()}-${process.pid}.log`);
  const details = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  try {
    writeFileSync(path, `${details}\n`, { mode: 0o600 });
    return path;
  } catch {
    return null;
  }
}

export function describeFailure(error: unknown): Failure {
  if (error instanceof UserError) return { line: `djangoflow: ${shown(error.message)}`, exitCode: error.exitCode };
  if ((error as Error)?.name === 'ExitPromptError') return { line: 'djangoflow: cancelled; nothing written', exitCode: exitCodes.cancelled };
  const system = error as SystemError;
  const meaning = system?.code ? systemErrors[system.code] : undefined;
  if (meaning) {
    const where = system.path ? ` ${shown(system.path)}` : '';
    return { line: `djangoflow: cannot ${system.syscall ?? 'access'}${where}: ${meaning} (${system.code})`, exitCode: exitCodes.error };
  }
  const details = writeDetails(error);
  const summary = shown(String((error as Error)?.message ?? error).split('\n')[0] ?? '');
  const where = details ? `details in ${details}` : 'details could not be written';
  return { line: `djangoflow: internal error: ${summary} (${where}; please report it)`, exitCode: exitCodes.error };
}
