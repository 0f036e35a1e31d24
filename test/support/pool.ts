/**
 * Runs async jobs with at most `limit` at a time and hands back one promise per job, so
 * each test can await its own result while the others keep both cores busy.
 */
export function startPool<T>(jobs: ReadonlyArray<() => Promise<T>>, limit: number): Array<Promise<T>> {
  const waiting: Array<() => void> = [];
  let running = 0;
  const acquire = (): Promise<void> => {
    if (running < limit) {
      running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  // A finished job hands its slot straight to the next waiting one.
  const release = (): void => {
    const start = waiting.shift();
    if (start) start();
    else running--;
  };
  return jobs.map((job) => {
    const result = acquire().then(job);
    result.then(release, release);
    // Rejections reach whoever awaits the promise; keep Node from reporting them unhandled.
    result.catch(() => undefined);
    return result;
  });
}
