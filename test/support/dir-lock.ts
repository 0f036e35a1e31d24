/**
 * A lock between processes (parallel jest workers, later runs): a folder that mkdir makes
 * atomically, holding its owner's pid, so that a lock left by a killed run is taken over.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { alive as isAlive } from '../../lib/reconcile/process-alive.js';
import { sleep } from './ports.js';

/**
 * Holds `<lockDir>` (mkdir is atomic) while `work` runs. A lock whose owner process is gone
 * (a killed run) is taken over; a live owner is waited for up to `timeoutMs`.
 */
export async function withDirLock<T>(lockDir: string, work: () => Promise<T>, timeoutMs = 20 * 60_000): Promise<T> {
  mkdirSync(dirname(lockDir), { recursive: true });
  const owner = join(lockDir, 'pid');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(owner, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(existsSync(owner) ? readFileSync(owner, 'utf8') : NaN);
      // No pid yet: the owner is between mkdir and write; only a pid of a dead process is stale.
      if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for the lock ${lockDir}`);
      await sleep(500);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
