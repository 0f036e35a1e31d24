/**
 * `djangoflow <args>` run inside the test's own process: the bin's own `main` (cli/main.ts:
 * the same parsing, commands, project lock and failure line), minus a node start-up and the
 * bundle's load per project (~0.45 s of CPU each). For tests about what gets generated over
 * many answers (python-version, the generation matrix); tests about the process itself (exit
 * status, stderr, signals, argv bytes) run the real bin (generate.ts).
 *
 * Runs one at a time (a queue, as a user runs commands one after another). What the bin
 * would print: the command's lines (stdout) and its one failure line (stderr, from the thrown
 * error as the bin describes it); a fresh folder has no interrupted run to report.
 */
import { describeFailure } from '../../cli/failure.js';
import { main } from '../../cli/main.js';
import { endProjectRun } from '../../lib/reconcile/session.js';
import type { GenerateResult } from './generate.js';
import { makeTempDir } from './tempdir.js';

let queue: Promise<unknown> = Promise.resolve();

async function runOnce(args: readonly string[], dir: string): Promise<GenerateResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let code: number;
  try {
    // The bin's own watch would turn the test runner's signals into a rollback message.
    code = await main([...args], { cwd: dir, out: (line) => stdout.push(`${line}\n`), watchSignals: false });
  } catch (error) {
    const failure = describeFailure(error);
    stderr.push(`${failure.line}\n`);
    code = failure.exitCode;
  } finally {
    // The bin holds the project's lock until it exits; this process goes on.
    endProjectRun(dir);
  }
  return { dir, code, stdout: stdout.join(''), stderr: stderr.join('') };
}

/** Generates in a fresh temp folder (removed by the caller), as `generate(args)` does with the bin. */
export function generateInProcess(args: readonly string[]): Promise<GenerateResult> {
  const dir = makeTempDir('gen');
  const result = queue.then(() => runOnce(args, dir));
  queue = result.catch(() => undefined);
  return result;
}
