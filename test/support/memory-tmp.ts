/**
 * A temp root in memory (the tmpfs /dev/shm) for test files that copy, commit and rewrite
 * many small projects: on a disk shared with other test files, creating and syncing those
 * files costs more wall time than the commands under test. The files are the same; only
 * where they live changes. Falls back to the system temp dir where /dev/shm is missing,
 * not writable or nearly full. Not for projects installed into a venv (stack.ts maps their
 * bytecode under the system temp dir).
 */
import { accessSync, constants, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';

const memory = '/dev/shm';
/** Room for a file's sandboxes (a few MB each) with a wide margin. */
const minimumFree = 1024 ** 3;

function memoryRoot(): string | null {
  try {
    accessSync(memory, constants.W_OK);
    const { bavail, bsize } = statfsSync(memory);
    return bavail * bsize >= minimumFree ? memory : null;
  } catch {
    return null;
  }
}

export const memoryTempRoot: string = memoryRoot() ?? tmpdir();
