/**
 * `make lock` and the team's own requirements, on the real stack: a default project gets a
 * requirement of the team's (an exact pin in base.txt), `make lock` re-locks with uv (every
 * platform's hashes), then `djangoflow plugin celery` adds the template's requirements. Both
 * end up in the locked files with their hashes without anyone merging a lock by hand, the
 * hash-checked install of the result into a fresh Python 3.13 venv succeeds, and Django's
 * checks pass on it. Without uv, `make lock` says so in one line.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../support/generate.js';
import { createAndInstall, findUv } from '../support/installer.js';
import { describeRun, run, type RunResult } from '../support/process.js';
import { pyenvPython, uvCacheDir } from '../support/stack.js';
import { lockedEntries } from '../support/locked-file.js';
import { defaultProjectWithScratch } from './scratch-project.js';

/** The team's requirement: small, pure Python, no dependencies, in no template tier. */
const own = 'tabulate==0.9.0';

const project = defaultProjectWithScratch('make-lock');
const read = project.read;

const uv = (): string => {
  const found = findUv();
  if (!found) throw new Error('no uv: run .ci/run once, or set DJANGOFLOW_UV to a uv binary');
  return found;
};

const makeEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
  PATH: '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/root',
  LANG: 'C.UTF-8',
  TMPDIR: process.env.TMPDIR ?? '/tmp',
  ...extra,
});

/**
 * `make lock` as the team runs it, uv given as $UV: first from uv's cache alone (the index
 * answers no-store, so online uv rebuilds psycopg-c's metadata each time), then online.
 */
async function makeLock(): Promise<RunResult> {
  const env = makeEnv({ UV: uv(), UV_CACHE_DIR: uvCacheDir(), UV_PYTHON_DOWNLOADS: 'never', UV_SYSTEM_CERTS: '1', UV_LOCK_TIMEOUT: '1800' });
  const offline = await run('make', ['--no-print-directory', 'lock'], { cwd: project.dir, env: { ...env, UV_OFFLINE: '1' }, timeoutMs: 1_800_000 });
  if (offline.code === 0) return offline;
  return run('make', ['--no-print-directory', 'lock'], { cwd: project.dir, env, timeoutMs: 1_800_000 });
}

test('without uv, make lock says what to install in one line and changes nothing', async () => {
  const before = read('base/requirements/locked/local.txt');
  const result = await run('make', ['--no-print-directory', 'lock'], { cwd: project.dir, env: makeEnv({}) });
  expect(result.code).not.toBe(0);
  expect(result.stderr).toMatch(/^make lock needs uv: pip install uv==[\d.]+ \(or https:\/\/docs\.astral\.sh\/uv\/\), then run it again$/m);
  expect(read('base/requirements/locked/local.txt')).toBe(before);
});

test("the team's requirement, make lock, then plugin celery: both locked with hashes, the install is hash-checked, check passes", async () => {
  const rendered = lockedEntries(read('base/requirements/locked/local.txt'));
  writeFileSync(join(project.dir, 'base/requirements/base.txt'), read('base/requirements/base.txt') + `${own}\n`);

  const locked = await makeLock();
  expect(describeRun('make lock', locked)).toMatch(/^make lock exited with 0/);
  for (const tier of ['local', 'production']) {
    const relocked = lockedEntries(read(`base/requirements/locked/${tier}.txt`));
    expect(relocked.get(own)?.length).toBeGreaterThan(0);
  }
  // The template's set stays as it was, version for version and hash for hash.
  const relocked = lockedEntries(read('base/requirements/locked/local.txt'));
  for (const [requirement, hashes] of rendered) expect({ requirement, hashes: relocked.get(requirement) }).toEqual({ requirement, hashes });

  const plugin = await generate(['plugin', 'celery'], { cwd: project.dir, timeoutMs: 300_000 });
  expect(describeRun('djangoflow plugin celery', plugin)).toMatch(/exited with 0/);
  expect(plugin.stdout).not.toMatch(/conflict/i);
  // The locked files took the template's change by merge: re-locking is the next step.
  expect(plugin.stdout).toMatch(/^Next:\n {2}make lock\n {2}make install$/m);
  expect(read('base/requirements/base.txt')).toContain(`${own}\n`);
  expect(read('base/requirements/base.txt')).toMatch(/^celery\[redis\]==|^celery==/m);
  for (const tier of ['local', 'production']) {
    const text = read(`base/requirements/locked/${tier}.txt`);
    expect(text).not.toMatch(/^(<<<<<<<|>>>>>>>|=======)/m);
    const merged = lockedEntries(text);
    expect(merged.get(own)?.length).toBeGreaterThan(0);
    const celery = [...merged.keys()].find((requirement) => requirement.startsWith('celery=='));
    expect({ tier, celery }).toEqual({ tier, celery: expect.stringMatching(/^celery==/) });
    expect(merged.get(celery!)!.length).toBeGreaterThan(0);
    // Every entry carries hashes: a hash-checked install refuses any other.
    expect([...merged].filter(([, hashes]) => hashes.length === 0).map(([requirement]) => requirement)).toEqual([]);
  }

  const venv = join(project.work, 'venv');
  await createAndInstall(
    { kind: 'uv', uv: uv() },
    {
      interpreter: pyenvPython('3.13'),
      venv,
      cwd: project.dir,
      args: ['--require-hashes', '-r', 'base/requirements/locked/local.txt'],
      env: makeEnv({}),
      uvCache: uvCacheDir(),
    },
  );
  const python = join(venv, 'bin/python');
  const env = makeEnv({ PATH: `${join(venv, 'bin')}:/usr/bin:/bin`, VIRTUAL_ENV: venv });
  const imports = await run(python, ['-c', 'import celery, tabulate; print(celery.__version__, tabulate.tabulate([[1, 2]], tablefmt="plain"))'], { cwd: project.dir, env });
  expect(describeRun('import celery, tabulate', imports)).toMatch(/exited with 0/);
  expect(imports.stdout).toMatch(/^\S+ 1  2$/m);
  const check = await run(python, ['src/manage.py', 'check'], { cwd: project.dir, env, timeoutMs: 180_000 });
  expect(describeRun('manage.py check', check)).toMatch(/exited with 0/);
}, 3_600_000);
