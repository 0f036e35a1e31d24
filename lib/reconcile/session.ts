/**
 * What every command that reads or writes a project does first, before it reads the
 * record: refuse a linked or special record file, take the project's lock (held until the
 * process exits), watch for signals, and finish or roll back a run that was killed.
 */
import { assertContained } from './containment.js';
import { RECORD_FILE } from './history.js';
import { recoverInterrupted, STATE_DIR } from './journal.js';
import { acquireLock } from './lock.js';
import { watchSignalsForCommand } from './signals.js';

export async function beginProjectRun(projectDir: string, note: (line: string) => void): Promise<void> {
  watchSignalsForCommand();
  assertContained(projectDir, [RECORD_FILE, `${STATE_DIR}/lock`]);
  acquireLock(projectDir);
  const recovered = await recoverInterrupted(projectDir);
  if (recovered) note(recovered);
}
