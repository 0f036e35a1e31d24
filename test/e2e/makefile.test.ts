/**
 * The generated Makefile as a newcomer (and a teammate who clones) uses it, on the pinned
 * stack: every target runs the Python given as $(PYTHON), not whatever `python` is on PATH;
 * `make env` writes .env from .env.example with a fresh key; the tests, with Celery's
 * example task among them, pass through `make test`.
 */
import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../support/generate.js';
import { findUv } from '../support/installer.js';
import { describeRun, run } from '../support/process.js';
import { parseDotenv } from '../support/python.js';
import { type ProjectStack, installProject } from '../support/stack.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';

let dir = '';
let stack: ProjectStack;
// Only the system's folders on PATH: a target that ignored $(PYTHON) would find no Django.
const make = (args: string[]) =>
  run('make', ['--no-print-directory', `PYTHON=${stack.python}`, ...args], {
    cwd: dir,
    env: stack.env({ PATH: '/usr/bin:/bin' }),
    timeoutMs: 300_000,
  });

beforeAll(async () => {
  const result = await generate(['--defaults', '--database', 'sqlite', '--cache', 'locmem', '--celery']);
  dir = result.dir;
  if (result.code !== 0) throw new Error(describeRun('djangoflow', result));
  stack = await installProject(dir);
}, 900_000);

afterAll(() => {
  if (dir) removeTempDir(dir);
});

test('make env writes .env from .env.example with a fresh secret key, and keeps it after', async () => {
  rmSync(join(dir, '.env'));
  const created = await make(['env']);
  expect(describeRun('make env', created)).toMatch(/^make env exited with 0/);
  const text = readFileSync(join(dir, '.env'), 'utf8');
  const env = parseDotenv(text);
  const example = parseDotenv(readFileSync(join(dir, '.env.example'), 'utf8'));
  // Only the key is set; every other variable of the example is there, commented out.
  expect(Object.keys(env)).toEqual(['DJANGO_SECRET_KEY']);
  expect(env.DJANGO_SECRET_KEY).not.toBe(example.DJANGO_SECRET_KEY);
  expect(env.DJANGO_SECRET_KEY!.length).toBeGreaterThanOrEqual(50);
  for (const name of Object.keys(example).filter((n) => n !== 'DJANGO_SECRET_KEY')) expect(text).toContain(`# ${name}=`);

  expect((await make(['env'])).code).toBe(0);
  expect(readFileSync(join(dir, '.env'), 'utf8')).toBe(text);
}, 120_000);

test('make install outside git installs (pip: no uv on PATH) and says how to enable the hooks; inside git (uv on PATH) it installs them', async () => {
  const outside = await make(['install']);
  expect(describeRun('make install', outside)).toMatch(/^make install exited with 0/);
  expect(outside.stdout).toContain(`${stack.python} -m pip install --require-hashes --requirement base/requirements/locked/local.txt`);
  expect(outside.stdout).toContain(`Not a git repository: the pre-commit hooks are not installed. After git init, run: ${stack.python} -m pre_commit install`);
  // The second install takes the uv path (seconds less than pip's resolve): a folder
  // holding only uv goes on PATH, so a target that ignored $(PYTHON) still finds no Django.
  const uv = findUv();
  if (!uv) throw new Error('uv is not installed: set DJANGOFLOW_UV or put uv on PATH');
  const uvOnly = makeTempDir('uv-only');
  symlinkSync(uv, join(uvOnly, 'uv'));
  expect((await run('git', ['init', '-q'], { cwd: dir })).code).toBe(0);
  try {
    const inside = await run('make', ['--no-print-directory', `PYTHON=${stack.python}`, 'install'], {
      cwd: dir,
      env: stack.env({ PATH: `${uvOnly}:/usr/bin:/bin` }),
      timeoutMs: 300_000,
    });
    expect(describeRun('make install', inside)).toMatch(/^make install exited with 0/);
    expect(inside.stdout).toContain(`uv pip install --python ${stack.python} --require-hashes --requirement base/requirements/locked/local.txt`);
    expect(inside.stdout).toMatch(/pre-commit installed at \.git\/hooks\/pre-commit/);
    expect(readFileSync(join(dir, '.git/hooks/pre-commit'), 'utf8')).toMatch(/pre-commit/);
  } finally {
    rmSync(join(dir, '.git'), { recursive: true, force: true });
    removeTempDir(uvOnly);
  }
}, 300_000);

test('make test runs the tests with $(PYTHON), the example Celery task among them', async () => {
  const result = await run('make', ['--no-print-directory', `PYTHON=${stack.python}`, 'test'], {
    cwd: dir,
    env: stack.env({ PATH: '/usr/bin:/bin', PYTEST_ADDOPTS: '-v' }),
    timeoutMs: 600_000,
  });
  expect(describeRun('make test', result)).toMatch(/^make test exited with 0/);
  expect(result.stdout).toMatch(/test_deletes_expired_sessions_only PASSED/);
}, 600_000);

test('make check and make lint pass with $(PYTHON)', async () => {
  for (const target of ['check', 'lint']) {
    const result = await make([target]);
    expect(describeRun(`make ${target}`, result)).toMatch(new RegExp(`^make ${target} exited with 0`));
  }
}, 300_000);

test('worker, beat and createsuperuser targets run their command with $(PYTHON)', async () => {
  const result = await make(['-n', 'worker', 'beat', 'createsuperuser']);
  expect(describeRun('make -n', result)).toMatch(/^make -n exited with 0/);
  expect(result.stdout.trim().split('\n')).toEqual([
    `cd src && ${stack.python} -m celery -A config.celery_app worker --loglevel=INFO`,
    `cd src && ${stack.python} -m celery -A config.celery_app beat --loglevel=INFO`,
    `${stack.python} src/manage.py createsuperuser`,
  ]);
});

test("every make command of the project's README is a target of its Makefile", async () => {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const targets = [...readme.matchAll(/^make ([a-z-]+)/gm), ...readme.matchAll(/`make ([a-z-]+)`/g)].map((m) => m[1]!);
  expect(targets).toEqual(expect.arrayContaining(['install', 'migrate', 'createsuperuser', 'run', 'env', 'worker', 'beat']));
  const help = (await make(['help'])).stdout;
  for (const target of new Set(targets)) expect(help).toMatch(new RegExp(`^  ${target} +\\S`, 'm'));
});

test('make help lists the targets a newcomer needs', async () => {
  const result = await make(['help']);
  for (const target of ['env', 'install', 'test', 'run', 'createsuperuser', 'worker', 'beat']) {
    expect(result.stdout).toMatch(new RegExp(`^  ${target} +\\S`, 'm'));
  }
});
