/**
 * Jest's order of test files: the slowest first, so that the two workers do not end with
 * one long end-to-end file running alone. A file's time is jest's own record of the last
 * run (its cache, kept in the test cache between CI runs) when there is one, else the
 * committed `test/durations.json` (seconds per file: a full run's
 * `.tmp/test-durations.json`, which timing-reporter.mjs writes), else a guess: minutes for
 * a file that installs a generated project, else from the file's size. Files
 * that failed last time still come first, as with jest's default sequencer. While the uv
 * cache warm-up runs, files that build no venv go ahead of the rest.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import Sequencer from '@jest/test-sequencer';
import { runningWarmUp } from './warm-up-wait.mjs';

const BaseSequencer = Sequencer.default ?? Sequencer;

/** Helpers that install a generated project or a tool into a venv (test/support, test/plugins, test/model, test/cloud). */
const realStack = /describeRealStack|installProject|integrationChecks|pluginChecks|migrateAndTest|ensureVenv|stack-projects|manage-server|cloud\/tools|tool\('/;

/**
 * File time that goes first while .ci/run's uv cache warm-up runs (a cold machine): about a
 * minute of both workers, what usually remains of it when jest starts.
 */
const aheadOfWarmUpSeconds = 150;

/** Whether a test file uses a helper that builds a venv (read from its source). */
const buildsVenv = (path) => realStack.test(readFileSync(path, 'utf8'));

function committedDurations(rootDir) {
  try {
    return JSON.parse(readFileSync(`${rootDir}/test/durations.json`, 'utf8'));
  } catch {
    return {};
  }
}

export default class SlowestFirstSequencer extends BaseSequencer {
  sort(tests) {
    const committed = new Map();
    const seconds = (test) => {
      const root = test.context.config.rootDir;
      if (!committed.has(root)) committed.set(root, committedDurations(root));
      const recorded = this.time(test);
      if (recorded != null) return recorded / 1000;
      const known = committed.get(root)[relative(root, test.path)];
      if (known != null) return known;
      // An unknown file: a few minutes when it installs a generated project on the real
      // stack (such files are short: a describeRealStack call), else ~1 s per kB of code.
      if (buildsVenv(test.path)) return 300;
      return (test.context.hasteFS.getSize(test.path) ?? 0) / 1000;
    };
    const keyed = tests.map((test) => ({ test, failed: this.hasFailed(test), seconds: seconds(test) }));
    keyed.sort((a, b) => (a.failed !== b.failed ? (a.failed ? -1 : 1) : b.seconds - a.seconds));
    if (runningWarmUp() !== undefined) {
      // Venvs wait for the warm-up (stack.ts): the longest files that build none go first.
      let ahead = 0;
      const first = new Set(
        keyed.filter((entry) => {
          if (ahead >= aheadOfWarmUpSeconds || buildsVenv(entry.test.path)) return false;
          ahead += entry.seconds;
          return true;
        }),
      );
      keyed.sort((a, b) => Number(first.has(b)) - Number(first.has(a)));
    }
    return keyed.map(({ test }) => test);
  }
}
