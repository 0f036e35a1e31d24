/**
 * What every command that reads or writes a project does first, before it reads the
 * record: refuse a linked or special record file, take the project's lock (held until the
 * process exits), watch for signals, and finish or roll back a run that was killed.
 */
import { assertContained } from './containment.js';
import { RECORD_FILE } from './history.js';
import { recoverInterrupted, STATE_DIR } from './journal.js';
import { acquireLock, releaseLock } from './lock.js';
import { watchSignalsForCommand } from './signals.js';

/**
 * `watchSignals: false` (the Yeoman class, which shares its process with others) leaves
 * signals to the apply's own listeners, installed only while it writes.
 */
export async function beginProjectRun(projectDir: string, note: (line: string) => void, { watchSignals = true } = {}): Promise<void> {
  if (watchSignals) watchSignalsForCommand();
  assertContained(projectDir, [RECORD_FILE, `${STATE_DIR}/lock`]);
  acquireLock(projectDir);
  const recovered = await recoverInterrupted(projectDir);
  if (recovered) note(recovered);
}

/** Ends the run early (the lock otherwise goes when the process exits). */
export function endProjectRun(projectDir: string): void {
  releaseLock(projectDir);
}
