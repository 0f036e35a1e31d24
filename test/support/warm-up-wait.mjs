/**
 * The wait for .ci/run's uv cache warm-up (scripts/warm-uv-cache.mjs): a venv is not built
 * while the warm-up runs (stack.ts), so that no test worker fetches or builds what the
 * warm-up is fetching and building at the same moment. Tests that build no venv run
 * meanwhile, and the sequencer puts some of them first (sequencer.mjs). Starts nothing
 * itself: a developer's run of one file never pays for a warm-up.
 */
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { warmUpPidFile } from './test-cache.mjs';

/** A warm-up takes minutes on a cold machine; a pid file older than this names another process. */
const maxWaitMs = 20 * 60_000;

/** The pid of a warm-up that is running now, or undefined. */
export function runningWarmUp() {
  if (!existsSync(warmUpPidFile)) return undefined;
  const pid = Number(readFileSync(warmUpPidFile, 'utf8'));
  // A killed warm-up leaves its file behind.
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

export async function waitForWarmUp() {
  const started = Date.now();
  let waited = false;
  for (let pid = runningWarmUp(); pid !== undefined; pid = runningWarmUp()) {
    if (Date.now() - started > maxWaitMs) {
      console.log(`the uv cache warm-up (pid ${pid}) still runs after ${maxWaitMs / 60_000} minutes; the tests start anyway`);
      break;
    }
    if (!waited) console.log(`\nwaiting for the uv cache warm-up (pid ${pid}) to finish`);
    waited = true;
    await sleep(1000);
  }
  if (waited) console.log(`uv cache warm-up done after ${Math.round((Date.now() - started) / 1000)}s of waiting`);
}
