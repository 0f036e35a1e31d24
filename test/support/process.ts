import { spawn } from 'node:child_process';

/**
 * Asks test/support/spawn-remote.cjs to start the child from the worker's small helper
 * process instead of forking the worker itself (an option Node's own spawn ignores).
 */
const startedBySpawner = { [Symbol.for('djangoflow.tests.viaSpawner')]: true };

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /**
   * Kills the command when it prints nothing for this long: a hung install or server fails
   * in minutes, while one that makes progress may take its whole `timeoutMs`.
   */
  idleTimeoutMs?: number;
}

/**
 * Runs a command to completion with stdin closed (as CI does) and collects its output.
 * A command that is killed for taking too long resolves with code 124, like timeout(1).
 */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // DJANGOFLOW_TRACE_RUN=<file>: each command's user and system CPU seconds, wall seconds
    // and command line are appended to the file (/usr/bin/time), to find where a test's time goes.
    const trace = process.env.DJANGOFLOW_TRACE_RUN;
    if (trace) {
      args = ['-a', '-o', trace, '-f', `%U %S %e ${command} ${args.slice(0, 4).join(' ').replace(/\n/g, ' ').slice(0, 160).replace(/%/g, '%%')}`, command, ...args];
      command = '/usr/bin/time';
    }
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a timeout kills what it started too (pip's builds, a server's
      // workers), which would otherwise hold the output pipes open and the test with them.
      detached: true,
      ...startedBySpawner,
    });
    let stdout = '';
    let stderr = '';
    let timedOut: string | null = null;
    const kill = (why: string) => {
      timedOut = why;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL'); // the group is gone already
      }
    };
    let idle: NodeJS.Timeout | undefined;
    const quiet = options.idleTimeoutMs;
    const active = () => {
      if (quiet === undefined) return;
      clearTimeout(idle);
      idle = setTimeout(() => kill(`killed after ${quiet} ms without output (hung)`), quiet);
    };
    active();
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      active();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      active();
    });
    const timer = setTimeout(() => kill(`killed after ${options.timeoutMs ?? 120_000} ms`), options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      clearTimeout(idle);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(idle);
      if (timedOut) stderr += `\n[${timedOut}]`;
      resolve({ code: timedOut ? 124 : (code ?? (signal ? 128 : 1)), stdout, stderr });
    });
  });
}

/** A one-block description of a finished command, for assertion messages. */
export function describeRun(label: string, result: RunResult): string {
  return [`${label} exited with ${result.code}`, result.stdout.trim(), result.stderr.trim()].filter(Boolean).join('\n');
}
