/**
 * The harness's installer: uv when the machine has it (DJANGOFLOW_UV or PATH), pip when it
 * does not or when DJANGOFLOW_INSTALLER=pip, and both build a working venv from the same
 * requirement files (the pip fallback stays tested on a small set).
 */
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseInstaller, findUv } from './installer.js';
import { describeRun, run } from './process.js';
import { builtBy, ensureVenv } from './stack.js';
import { makeTempDir, removeTempDir } from './tempdir.js';

let dir = '';
const savedCache = process.env.DJANGOFLOW_TEST_CACHE;
beforeAll(() => {
  dir = makeTempDir('installer');
});
afterAll(() => {
  if (savedCache === undefined) delete process.env.DJANGOFLOW_TEST_CACHE;
  else process.env.DJANGOFLOW_TEST_CACHE = savedCache;
  removeTempDir(dir);
});

function fakeUv(folder: string): string {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'uv');
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, 0o755);
  return path;
}

test('uv from DJANGOFLOW_UV, else PATH; pip when there is none or when asked for', () => {
  const onPath = fakeUv(join(dir, 'path-bin'));
  const configured = fakeUv(join(dir, 'configured'));
  expect(chooseInstaller({ PATH: `/nonexistent:${join(dir, 'path-bin')}` })).toEqual({ kind: 'uv', uv: onPath });
  expect(chooseInstaller({ PATH: join(dir, 'path-bin'), DJANGOFLOW_UV: configured })).toEqual({ kind: 'uv', uv: configured });
  expect(chooseInstaller({ PATH: '/nonexistent' })).toEqual({ kind: 'pip' });
  expect(
    chooseInstaller({
      PATH: join(dir, 'path-bin'),
      DJANGOFLOW_INSTALLER: 'pip',
    }),
  ).toEqual({ kind: 'pip' });
  expect(() => chooseInstaller({ PATH: '/nonexistent', DJANGOFLOW_INSTALLER: 'uv' })).toThrow(/no uv found/);
  expect(() => chooseInstaller({ PATH: '/nonexistent', DJANGOFLOW_INSTALLER: 'poetry' })).toThrow(
    'DJANGOFLOW_INSTALLER=poetry: use uv or pip',
  );
  expect(() => findUv({ DJANGOFLOW_UV: join(dir, 'missing/uv') })).toThrow(/is not an executable uv/);
});

/** A project folder whose one tier pins a small pure-Python package (and reads a constraint). */
function tinyProject(name: string, pin: string): string {
  const project = join(dir, name);
  mkdirSync(join(project, 'base/requirements'), { recursive: true });
  writeFileSync(join(project, 'base/requirements/constraints.txt'), 'sqlparse==0.5.3\n');
  writeFileSync(join(project, 'base/requirements/local.txt'), `-c constraints.txt\n${pin}\nsqlparse\n`);
  return project;
}

async function importedVersions(venv: string): Promise<string> {
  const result = await run(join(venv, 'bin/python'), [
    '-c',
    'import importlib.metadata as m; print(m.version("sqlparse"), m.version("six"))',
  ]);
  if (result.code !== 0) throw new Error(describeRun('python -c', result));
  return result.stdout.trim();
}

test('pip and uv each build a venv of the same files, constraints kept, pip inside either', async () => {
  process.env.DJANGOFLOW_TEST_CACHE = join(dir, 'cache');
  const uv = findUv();
  if (!uv) throw new Error('no uv: run .ci/run once, or set DJANGOFLOW_UV to a uv binary (the harness builds venvs with it)');
  const pipVenv = await ensureVenv('3.13', tinyProject('with-pip', 'six==1.16.0'), ['base/requirements/local.txt'], {
    kind: 'pip',
  });
  const uvVenv = await ensureVenv('3.13', tinyProject('with-uv', 'six==1.17.0'), ['base/requirements/local.txt'], {
    kind: 'uv',
    uv,
  });
  expect(builtBy(pipVenv)).toBe('pip');
  expect(builtBy(uvVenv)).toBe('uv');
  expect(await importedVersions(pipVenv)).toBe('0.5.3 1.16.0');
  expect(await importedVersions(uvVenv)).toBe('0.5.3 1.17.0');
  // uv's venv is seeded with pip: the project's own commands and `pip check` run in it.
  const check = await run(join(uvVenv, 'bin/python'), ['-m', 'pip', 'check']);
  expect(check.code).toBe(0);
  // uv's cache sits in the test cache, where the next run finds it.
  expect(readdirSync(join(dir, 'cache/uv')).length).toBeGreaterThan(0);
}, 600_000);

test('a requirement the index lacks fails the build with the installer named, and leaves no venv', async () => {
  process.env.DJANGOFLOW_TEST_CACHE = join(dir, 'cache');
  const uv = findUv();
  if (!uv) throw new Error('no uv: run .ci/run once, or set DJANGOFLOW_UV to a uv binary');
  const project = tinyProject('missing', 'six==0.0.0.999');
  await expect(
    ensureVenv('3.13', project, ['base/requirements/local.txt'], {
      kind: 'uv',
      uv,
    }),
  ).rejects.toThrow(/^uv install -r base\/requirements\/local.txt exited with/);
  expect(
    readdirSync(join(dir, 'cache/venvs')).filter((name) => !name.startsWith('py3.13-') || !name.endsWith('.lock')),
  ).toHaveLength(
    2, // the two venvs of the test before; none of this one, no lock left
  );
}, 300_000);
