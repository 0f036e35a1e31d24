/**
 * The plugins Debian's Python stack can run, end to end: each added to a bare project, then
 * `manage.py check`, `migrate` and the generated tests on /usr/bin/python3; and a Celery
 * worker that really executes a task through a Redis server on 127.0.0.1.
 * DF modules and Channels are not packaged for Debian: their wiring is checked statically
 * (lifecycle.test.ts, wiring.test.ts).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPool } from '../support/pool.js';
import { describeRun } from '../support/process.js';
import { manage, pytest } from '../support/python.js';
import { installProject } from '../support/stack.js';
import { startRedis } from '../support/services.js';
import { removeTempDir } from '../support/tempdir.js';
import { copyProject, djangoflow, generatedProject } from './helpers.js';

const runnable: Array<[string, string[]]> = [
  ['celery', []],
  ['drf', []],
  ['sentry', []],
  ['storages', ['--storage', 's3']],
  ['anymail', ['--email', 'mailgun']],
  ['cors', []],
  ['redis-cache', []],
  ['debug-toolbar', []],
];

let base: string;
const dirs: string[] = [];
let projects: Map<string, Promise<string>>;

beforeAll(async () => {
  base = await generatedProject();
  dirs.push(base);
  const jobs = runnable.map(([name, options]) => async () => {
    const dir = copyProject(base, `plugin-${name}`);
    dirs.push(dir);
    const result = await djangoflow(dir, ['plugin', name, '--defaults', ...options]);
    if (result.code !== 0) throw new Error(`plugin ${name} was not added:\n${result.stdout}\n${result.stderr}`);
    await installProject(dir);
    return dir;
  });
  projects = new Map(startPool(jobs, 2).map((project, i) => [runnable[i]![0], project]));
}, 900_000);
afterAll(() => dirs.forEach(removeTempDir));

describe.each(runnable.map(([name]) => name))('plugin %s on Debian', (name) => {
  test('check, migrate and the generated tests pass', async () => {
    const dir = await projects.get(name)!;
    for (const args of [['check'], ['migrate', '--noinput']]) {
      const result = await manage(dir, args);
      expect({ code: result.code, output: describeRun(args.join(' '), result) }).toMatchObject({ code: 0 });
    }
    const tests = await pytest(dir, ['-q']);
    expect({ code: tests.code, output: describeRun('pytest', tests) }).toMatchObject({ code: 0 });
    expect(tests.stdout).toMatch(/\d+ passed/);
  }, 900_000);
});

test('the generated tests of a plugin run: cors answers an allowed origin', async () => {
  const dir = await projects.get('cors')!;
  const result = await pytest(dir, ['-q', 'src/apps/core/tests/test_cors.py']);
  expect({ code: result.code, output: describeRun('pytest', result) }).toMatchObject({ code: 0 });
  expect(result.stdout).toMatch(/3 passed/);
}, 900_000);

test('a Celery worker executes a task sent through Redis', async () => {
  const dir = await projects.get('celery')!;
  writeFileSync(
    join(dir, 'src/apps/core/tasks.py'),
    'from celery import shared_task\n\n\n@shared_task\ndef add(x, y):\n    return x + y\n',
  );
  const redis = await startRedis();
  const env = { DJANGO_SETTINGS_MODULE: 'config.settings.local', CELERY_BROKER_URL: redis.url(), DJANGO_READ_ENV_FILE: 'true' };
  const stack = await installProject(dir);
  const worker = spawn(stack.python, ['-m', 'celery', '-A', 'config.celery_app', 'worker', '--pool', 'solo', '--loglevel', 'INFO'], {
    cwd: join(dir, 'src'),
    env: stack.env(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  worker.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  worker.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  try {
    const sent = await manage(dir, ['shell', '-c', 'from core.tasks import add; print("result", add.delay(2, 3).get(timeout=60))'], env);
    expect({ code: sent.code, stdout: sent.stdout, output: `${describeRun('shell', sent)}\n${log}` }).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('result 5'),
    });
    expect(log).toMatch(/Task core\.tasks\.add\[[\w-]+\] succeeded/);
  } finally {
    worker.kill('SIGTERM');
    await new Promise((resolve) => (worker.exitCode === null ? worker.once('close', resolve) : resolve(null)));
    await redis.stop();
  }
}, 900_000);
