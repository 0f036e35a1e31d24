/**
 * `djangoflow <args>` run inside the test's own process: the bin's own `main` (cli/main.ts:
 * the same parsing, commands, project lock and failure line), minus a node start-up and the
 * bundle's load per run (~0.45 s of CPU each). For tests about what a command generates or
 * prints over many inputs (the generation matrix, the bad-input table, the merge corpus);
 * tests about the process itself (exit status of a real process, signals, argv bytes, a
 * terminal) run the real bin (generate.ts).
 *
 * Not from inside `test.concurrent` tests: a command loads its module with import(), which
 * jest refuses while no test is running, and with concurrent tests that is whenever one of
 * them has just finished. Run such references in a hook or a sequential test instead.
 *
 * Runs one at a time (a queue, as a user runs commands one after another), each with what
 * the bin would have: its folder, its environment (the `env` given over the test's, put back
 * after), stdin that is not a terminal, and everything written to stdout and stderr (what the
 * command prints through the process's streams, `--help`, `--version`, the lock's lines, and
 * the one failure line the bin derives from a thrown error).
 */
import { dirname, resolve } from 'node:path';
import { describeFailure } from '../../cli/failure.js';
import { main } from '../../cli/main.js';
import { endProjectRun } from '../../lib/reconcile/session.js';
import type { GenerateOptions, GenerateResult } from './generate.js';
import { makeTempDir } from './tempdir.js';

let queue: Promise<unknown> = Promise.resolve();

/** Sets `env` over process.env (undefined removes a variable); returns the undo. */
function overrideEnv(env: NodeJS.ProcessEnv): () => void {
  const saved = Object.entries(env).map(([name]) => [name, process.env[name]] as const);
  const set = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  for (const [name, value] of Object.entries(env)) set(name, value);
  return () => saved.forEach(([name, value]) => set(name, value));
}

/** Collects what is written to a stream of the process until the returned undo. */
function capture(stream: NodeJS.WriteStream, into: string[]): () => void {
  const write = stream.write;
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }) as typeof stream.write;
  return () => {
    stream.write = write;
  };
}

/** stdin as the bin has it under the tests (closed, no terminal): no prompt is offered. */
function stdinNotATerminal(): () => void {
  const stdin = process.stdin;
  const had = Object.getOwnPropertyDescriptor(stdin, 'isTTY');
  Object.defineProperty(stdin, 'isTTY', { value: false, configurable: true, writable: true });
  return () => {
    if (had) Object.defineProperty(stdin, 'isTTY', had);
    else delete (stdin as { isTTY?: boolean }).isTTY;
  };
}

async function runOnce(args: readonly string[], dir: string, env: NodeJS.ProcessEnv): Promise<GenerateResult> {
  // A turn of the event loop first: queued runs would otherwise follow each other as
  // microtasks and hold back the test's timers and its child processes' events.
  await new Promise((resolve) => setImmediate(resolve));
  const stdout: string[] = [];
  const stderr: string[] = [];
  const undo = [overrideEnv({ CI: 'true', ...env }), stdinNotATerminal(), capture(process.stdout, stdout), capture(process.stderr, stderr)];
  let code: number;
  try {
    // The bin's own watch would turn the test runner's signals into a rollback message.
    code = await main([...args], { cwd: dir, out: (line) => stdout.push(`${line}\n`), watchSignals: false });
  } catch (error) {
    const failure = describeFailure(error);
    stderr.push(`${failure.line}\n`);
    code = failure.exitCode;
  } finally {
    // The bin holds the project's lock until it exits; this process goes on. The lock is
    // the project's around `dir` (a command may run in a subfolder): released where held.
    for (let at = resolve(dir); ; at = dirname(at)) {
      endProjectRun(at);
      if (dirname(at) === at) break;
    }
    undo.reverse().forEach((restore) => restore());
  }
  return { dir, code, stdout: stdout.join(''), stderr: stderr.join('') };
}

/**
 * Runs in `options.cwd`, else in a fresh temp folder (removed by the caller), as
 * `generate(args, options)` does with the bin. `timeoutMs` does not apply: nothing to kill.
 */
export function generateInProcess(args: readonly string[], options: Omit<GenerateOptions, 'timeoutMs'> = {}): Promise<GenerateResult> {
  const dir = options.cwd ?? makeTempDir('gen');
  const result = queue.then(() => runOnce(args, dir, options.env ?? {}));
  queue = result.catch(() => undefined);
  return result;
}
