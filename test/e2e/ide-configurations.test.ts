/**
 * The editors' run configurations on the real stack: with the project's venv at .venv (the
 * README's set-up; here a link to the pinned test venv), the PyCharm and VS Code `tests`
 * configurations run the project's tests green, `runserver` serves the health check and the
 * `celery worker` configuration starts a worker on Redis.
 */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { expectSuccess } from '../support/e2e.js';
import { generate } from '../support/generate.js';
import { type LaunchCommand, ideaCommand, readIdea, runToEnd, startUntilReady, vscodeCommands } from '../support/ide.js';
import { claimRedisDb, type TestRedis } from '../support/machine-services.js';
import { freePort } from '../support/ports.js';
import { describeRun } from '../support/process.js';
import { httpGet } from '../support/python.js';
import { type ProjectStack, installProject } from '../support/stack.js';
import { removeTempDir } from '../support/tempdir.js';

let dir = '';
let stack: ProjectStack;
let redis: TestRedis;
let pycharm: LaunchCommand[];
let vscode: LaunchCommand[];

beforeAll(async () => {
  const result = await generate(['--defaults', '--project-name', 'Editor Run', '--database', 'sqlite', '--celery', '--editor', 'both']);
  dir = result.dir;
  if (result.code !== 0) throw new Error(describeRun('djangoflow', result));
  stack = await installProject(dir);
  symlinkSync(stack.venv, join(dir, '.venv'));
  redis = await claimRedisDb();
  pycharm = (await readIdea(dir)).configurations.map((c) => ideaCommand(dir, c));
  vscode = vscodeCommands(dir);
  const migrated = await stack.run(['src/manage.py', 'migrate', '--verbosity', '0'], { cwd: dir, timeoutMs: 300_000 });
  if (migrated.code !== 0) throw new Error(describeRun('migrate', migrated));
}, 900_000);

afterAll(async () => {
  await redis?.release();
  if (dir) removeTempDir(dir);
});

const named = (commands: LaunchCommand[], name: string): LaunchCommand => {
  const command = commands.find((c) => c.name === name);
  if (!command) throw new Error(`no configuration named ${name}: ${commands.map((c) => c.name).join(', ')}`);
  return command;
};

/** The editors' environment: the caller's (no DJANGO_* leaking), the configuration's on top. */
const envOf = (command: LaunchCommand, extra: Record<string, string> = {}) => stack.env({ ...command.env, ...extra, CELERY_BROKER_URL: redis.url });

/**
 * What a configuration's process did, once per distinct process: when both editors'
 * configurations start the same interpreter with the same arguments, folder and environment
 * (PyCharm's PYTHONUNBUFFERED=1 is the venv's own), the second test reads the first's outcome
 * instead of running the identical process again. Configurations that differ in anything run
 * each on their own.
 */
const outcomes = new Map<string, Promise<unknown>>();
function onceFor<T>(kind: string, command: LaunchCommand, start: () => Promise<T>): Promise<T> {
  const env = envOf(command);
  const key = JSON.stringify([kind, command.python, command.args, command.cwd, Object.entries(env).sort()]);
  if (!outcomes.has(key)) outcomes.set(key, start());
  return outcomes.get(key) as Promise<T>;
}

test.each([
  ['PyCharm', () => pycharm],
  ['VS Code', () => vscode],
])('%s: the tests configuration runs the project tests green in .venv', async (_editor, commands) => {
  const tests = named(commands(), 'tests');
  expect(tests.python).toBe(join(dir, '.venv/bin/python'));
  const result = await onceFor('tests', tests, () => runToEnd(tests, envOf(tests)));
  expectSuccess('tests configuration', result);
  expect(result.stdout).toMatch(/\d+ passed/);
}, 900_000);

test.each([
  ['PyCharm', () => pycharm],
  ['VS Code', () => vscode],
])('%s: the runserver configuration serves /healthz/', async (_editor, commands) => {
  const server = named(commands(), 'runserver');
  const serve = async () => {
    const port = await freePort();
    const withPort = { ...server, args: [...server.args, `127.0.0.1:${port}`, '--noreload'] };
    // Ready once it has logged a 200 for the health check this test polls.
    const probe = startUntilReady(withPort, envOf(server), /GET \/healthz\/ HTTP\/1\.1" 200/, 120_000);
    probe.catch(() => undefined); // awaited below, after the polling
    const deadline = Date.now() + 60_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = await httpGet(port, '/healthz/', 'localhost').then((response) => response.status, () => 0);
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { status, probe };
  };
  const { status, probe } = await onceFor('runserver', server, serve);
  expect(status).toBe(200);
  await expect(probe).resolves.toMatch(/healthz/);
}, 300_000);

test.each([
  ['PyCharm', () => pycharm],
  ['VS Code', () => vscode],
])('%s: the celery worker configuration starts a worker on the Redis broker', async (_editor, commands) => {
  const worker = named(commands(), 'celery worker');
  const output = await onceFor('celery worker', worker, () => startUntilReady(worker, envOf(worker), /celery@\S+ ready\./, 120_000));
  expect(output).toContain(`redis://127.0.0.1:6379/${redis.db}`);
}, 300_000);
