/**
 * Running a generated project's Python: manage.py, pytest, gunicorn and the variables of
 * its production settings. Every command runs in the project's installed stack
 * (installProject in stack.ts): the venv of its Python version with its pinned requirements.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { freePort, isListening, sleep } from './ports.js';
import { describeRun, type RunResult } from './process.js';
import { exitHooks, register } from './services.js';
import { stackFor } from './stack.js';

/** A clean environment for running the installed project: its venv's binaries first, none of the caller's DJANGO_* / DATABASE_URL variables. */
export function pythonEnv(projectDir: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return stackFor(projectDir).env(extra);
}

export function manage(
  projectDir: string,
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<RunResult> {
  return stackFor(projectDir).run(['src/manage.py', ...args], { cwd: projectDir, env, timeoutMs: 180_000 });
}

/**
 * Python: `run_manage(argv)` runs src/manage.py with these arguments in this process and returns its exit code as the
 * command would exit (SystemExit's message to stderr); `run_each(argvs)` runs several in turn, each one's code and output.
 */
export const runManagePy = String.raw`
import contextlib, importlib, io, json, os, runpy, sys, traceback
sys.path.insert(0, os.path.abspath("src"))  # as running src/manage.py puts it first


def run_manage(argv):
    try:
        sys.argv = ["src/manage.py", *argv]
        runpy.run_path("src/manage.py", run_name="__main__")
    except SystemExit as exit:
        if isinstance(exit.code, str):
            print(exit.code, file=sys.stderr)
        return exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except BaseException:
        traceback.print_exc()
        return 1
    return 0


def run_each(argvs):
    results = []
    for argv in argvs:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run_manage(argv)
        # A command may have written modules (makemigrations): the next one imports them.
        importlib.invalidate_caches()
        results.append({"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()})
    return results
`;

const manageEachScript = String.raw`${runManagePy}
print("\n" + json.dumps(run_each(json.loads(sys.argv[1]))))
`;

/**
 * The results a script printed as its last line (one per command, in order); output outside
 * the commands' own streams (logging handlers, warnings) goes with the last.
 */
export function printedResults(label: string, ran: RunResult, count: number): RunResult[] {
  const last = ran.stdout.trim().split('\n').at(-1) ?? '';
  let results: RunResult[];
  try {
    results = JSON.parse(last) as RunResult[];
  } catch {
    throw new Error(describeRun(label, ran));
  }
  if (results.length !== count) throw new Error(describeRun(label, ran));
  const stray = ran.stdout.trim().split('\n').slice(0, -1).join('\n').trim();
  const lastResult = results.at(-1)!;
  if (stray) lastResult.stdout = `${lastResult.stdout}${stray}\n`;
  if (ran.stderr.trim()) lastResult.stderr = `${lastResult.stderr}${ran.stderr}`;
  return results;
}

/**
 * Runs src/manage.py once per command, all in one Python process (the project's imports and
 * Django's set-up paid once, not per command): each command's exit code and output, in
 * order, as separate `manage()` calls would give them. Logging handlers the settings set up
 * write to the process's stderr, which the last result keeps.
 */
export async function manageEach(
  projectDir: string,
  commands: ReadonlyArray<readonly string[]>,
  env: Record<string, string | undefined> = {},
): Promise<RunResult[]> {
  const ran = await stackFor(projectDir).run(['-c', manageEachScript, JSON.stringify(commands)], {
    cwd: projectDir,
    env,
    timeoutMs: 180_000 * commands.length,
  });
  return printedResults(`manage.py ${commands.map((argv) => argv[0]).join(', ')} (one process)`, ran, commands.length);
}

/** `python -m pytest` from the project root, as the generated README says. */
export function pytest(
  projectDir: string,
  args: readonly string[] = [],
  env: Record<string, string | undefined> = {},
): Promise<RunResult> {
  return stackFor(projectDir).run(['-m', 'pytest', '-p', 'no:cacheprovider', ...args], {
    cwd: projectDir,
    env,
    // The suites of projects with many plugins (140 tests, workflow tests starting Django in
    // subprocesses) took 300 s on a loaded 2-core machine; jest's own budget is 600 s.
    timeoutMs: 540_000,
  });
}

/** `NAME=value` lines of a dotenv file (comments and blank lines skipped, quotes removed). */
export function parseDotenv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    const raw = match[2]!;
    values[match[1]!] = /^(['"]).*\1$/.test(raw) ? raw.slice(1, -1) : raw;
  }
  return values;
}

/** The answers recorded in the project's `.yo-rc.json` (empty when it has none). */
export function recordedAnswers(projectDir: string): Record<string, unknown> {
  const path = join(projectDir, '.yo-rc.json');
  if (!existsSync(path)) return {};
  const config = JSON.parse(readFileSync(path, 'utf8')) as Record<string, { answers?: Record<string, unknown> }>;
  return config['generator-djangoflow']?.answers ?? {};
}

/** The host the production settings allow: the project's domain. */
export function productionHost(projectDir: string): string {
  return String(recordedAnswers(projectDir).domain ?? 'example.com');
}

/**
 * Environment for production settings: every variable `.env.example` documents (with its
 * example value), then a strong secret key, DEBUG off, the project's domain as allowed
 * host, and the caller's overrides (DATABASE_URL, REDIS_URL …).
 */
export function productionEnv(
  projectDir: string,
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  const examplePath = join(projectDir, '.env.example');
  const documented = existsSync(examplePath) ? parseDotenv(readFileSync(examplePath, 'utf8')) : {};
  return {
    ...documented,
    DJANGO_SETTINGS_MODULE: 'config.settings.production',
    DJANGO_SECRET_KEY: randomBytes(48).toString('base64url'),
    DJANGO_DEBUG: 'False',
    DJANGO_ALLOWED_HOSTS: productionHost(projectDir),
    DJANGO_READ_ENV_FILE: 'False',
    // Production refuses the development default admin/.
    DJANGO_ADMIN_URL: 'staff-e2e/',
    ...overrides,
  };
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function httpGet(
  port: number,
  path: string,
  host: string,
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'GET', headers: { ...headers, Host: host }, timeout: 10_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

export interface Gunicorn {
  port: number;
  get(path: string, host?: string, headers?: Record<string, string>): Promise<HttpResponse>;
  /** Stops gunicorn and returns its output (for failure messages). */
  stop(): Promise<RunResult>;
  output(): string;
}

export interface GunicornOptions {
  /** Extra environment (production settings usually: see productionEnv). */
  env?: Record<string, string | undefined>;
  /** The WSGI/ASGI application; default `config.wsgi:application`. */
  app?: string;
  workers?: number;
  /** e.g. `uvicorn_worker.UvicornWorker` for an ASGI project, as base/scripts/start runs it. */
  workerClass?: string;
  /** How long the workers may take to import the app and answer; default 30 s. */
  startTimeoutMs?: number;
}

/** An ASGI project's server as base/scripts/start runs it: uvicorn workers on config.asgi (one worker: each imports the whole app, slowly on a loaded machine). */
export const asgiServer: GunicornOptions = { app: 'config.asgi:application', workerClass: 'uvicorn_worker.UvicornWorker', workers: 1, startTimeoutMs: 120_000 };

/**
 * Starts the project's gunicorn (its venv) with the project's `src/config/gunicorn.py` on a free
 * 127.0.0.1 port (the command line overrides the config's bind and worker count) and
 * waits until it accepts connections.
 */
export async function startGunicorn(projectDir: string, options: GunicornOptions = {}): Promise<Gunicorn> {
  const port = await freePort();
  const configPath = join(projectDir, 'src/config/gunicorn.py');
  const args = [
    '-m',
    'gunicorn',
    '--config',
    configPath,
    '--bind',
    `127.0.0.1:${port}`,
    '--workers',
    String(options.workers ?? 2),
    ...(options.workerClass ? ['--worker-class', options.workerClass] : []),
    '--chdir',
    join(projectDir, 'src'),
    options.app ?? 'config.wsgi:application',
  ];
  const stack = stackFor(projectDir);
  const child = spawn(stack.python, args, {
    cwd: projectDir,
    env: stack.env(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<number>((resolve) => child.once('close', (code) => resolve(code ?? 1)));
  const record = register(`gunicorn-${port}`, { kind: 'process', pid: child.pid ?? 0 });
  const killNow = (): void => {
    child.kill('SIGKILL');
    rmSync(record, { force: true });
  };
  exitHooks.add(killNow);

  const stop = async (): Promise<RunResult> => {
    exitHooks.delete(killNow);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await closed;
      clearTimeout(timer);
    }
    rmSync(record, { force: true });
    return { code: child.exitCode ?? 0, stdout, stderr };
  };

  // Ready when a request gets any HTTP answer: the master binds the port before its
  // workers have imported the app, and exits when they cannot.
  const host = productionHost(projectDir);
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      const result = await stop();
      throw new Error(
        `gunicorn did not start (exit ${child.exitCode ?? 'timeout'}):\n${result.stdout}\n${result.stderr}`.trim(),
      );
    }
    if (await isListening(port)) {
      try {
        await httpGet(port, '/healthz/', host);
        break;
      } catch {
        // connection reset while workers boot: try again
      }
    }
    await sleep(200);
  }
  return {
    port,
    get: (path, requestHost = host, headers = {}) => httpGet(port, path, requestHost, headers),
    stop,
    output: () => `${stdout}\n${stderr}`.trim(),
  };
}
