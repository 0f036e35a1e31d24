/**
 * Whether a process still runs: the lock tells a dead holder from a live one, and the
 * recovery sweep keeps the lock files of a run that is still starting.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
