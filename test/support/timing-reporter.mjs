/**
 * A jest reporter that prints, at the end of a run, the 15 slowest test files with their
 * times, the sum of all files' times and the run's wall-clock time (kept in CI's output),
 * and records every file's time (seconds, repository-relative path) in
 * `.tmp/test-durations.json` (merged with what earlier runs recorded there). After a full
 * run, copying that file to `test/durations.json` refreshes the order the sequencer uses
 * on a machine with no jest cache (sequencer.mjs).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export default class TimingReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const files = results.testResults
      .map((result) => ({
        path: relative(this.rootDir, result.testFilePath),
        seconds: (result.perfStats.runtime ?? result.perfStats.end - result.perfStats.start) / 1000,
        failed: result.numFailingTests > 0 || Boolean(result.testExecError),
      }))
      .sort((a, b) => b.seconds - a.seconds);
    if (files.length === 0) return;
    const total = files.reduce((sum, file) => sum + file.seconds, 0);
    const wall = (Date.now() - results.startTime) / 1000;
    const lines = files
      .slice(0, 15)
      .map((file) => `${file.seconds.toFixed(1).padStart(8)} s  ${file.path}${file.failed ? '  (failed)' : ''}`);
    process.stderr.write(
      `\nslowest test files (of ${files.length}):\n${lines.join('\n')}\n` +
        `all files: ${total.toFixed(0)} s of worker time; wall clock: ${wall.toFixed(0)} s\n`,
    );
    const out = join(this.rootDir, '.tmp');
    mkdirSync(out, { recursive: true });
    const path = join(out, 'test-durations.json');
    const durations = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
    for (const file of files) durations[file.path] = Math.round(file.seconds);
    const sorted = Object.fromEntries(Object.entries(durations).sort(([, a], [, b]) => b - a));
    writeFileSync(path, `${JSON.stringify(sorted, null, 2)}\n`);
  }
}
