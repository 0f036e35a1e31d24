/**
 * Where the test cache lives, for the plain-JavaScript side of the suite (jest's config, its
 * sequencer, the warm-up's wait, scripts/warm-uv-cache.mjs); test/support/stack.ts's
 * cacheRoot() follows the same rule for the TypeScript side. CI keeps the folder between runs: venvs, uv's and pip's
 * caches, jest's record of each file's time.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const testCacheRoot =
  process.env.DJANGOFLOW_TEST_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'djangoflow-tests');

/** Names the running uv cache warm-up while it runs; venvs wait for that process (warm-up-wait.mjs). */
export const warmUpPidFile = join(testCacheRoot, 'warm-up.pid');
