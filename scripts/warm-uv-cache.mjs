/**
 * Fills uv's test cache with every distribution the lock can ask for, before the tests:
 * for each Python of templates/lock.yaml that pyenv has, every locked version (and each
 * `apart` set on its own) is installed hash-checked, without dependencies, into a throwaway
 * venv. The Pythons run side by side. On a cold machine the ~45 requirement sets of the
 * suite then install offline from the cache in seconds, instead of each test worker
 * fetching, and building sdists such as psycopg-c, under the cache's lock in turn.
 *
 * Only a warm-up: a failure prints one line and exits 0 (the tests that need the missing
 * distribution fail with the installer's own message). Does nothing without uv.
 *
 * While it runs, `<test cache>/warm-up.pid` names it: .ci/run starts it in the background
 * beside the build and type check, and no test builds a venv before it ends
 * (test/support/warm-up-wait.mjs); the files that build none run meanwhile.
 *
 * Usage: node scripts/warm-uv-cache.mjs   (DJANGOFLOW_UV, DJANGOFLOW_TEST_CACHE as the tests)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';
import { testCacheRoot, warmUpPidFile } from '../test/support/test-cache.mjs';

const root = new URL('..', import.meta.url).pathname;
const lock = parse(readFileSync(join(root, 'templates/lock.yaml'), 'utf8')).python;
const hashes = parse(readFileSync(join(root, 'templates/hashes.yaml'), 'utf8')).hashes;

/** uv as the tests find it (test/support/installer.ts): DJANGOFLOW_UV, else `uv` on PATH; none when pip is forced. */
function findUv() {
  if (process.env.DJANGOFLOW_INSTALLER === 'pip') return undefined;
  if (process.env.DJANGOFLOW_UV) return process.env.DJANGOFLOW_UV;
  return (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'uv')).find((path) => existsSync(path));
}

/** pyenv's interpreter of `version` (3.13 → its newest 3.13.x), or undefined. */
function pyenvPython(version) {
  const found = spawnSync('pyenv', ['prefix', version], { encoding: 'utf8' });
  const prefix = found.status === 0 ? found.stdout.trim().split('\n')[0] : '';
  return prefix && existsSync(join(prefix, 'bin/python')) ? join(prefix, 'bin/python') : undefined;
}

/** A hash-locked requirements text of name → version. */
function lockedText(versions) {
  return Object.entries(versions)
    .map(([name, version]) => {
      const files = hashes[`${name}==${version}`] ?? [];
      return [`${name}==${version}`, ...files.map((hash) => `--hash=sha256:${hash}`)].join(' ');
    })
    .join('\n');
}

function run(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** Installs one set into a throwaway venv; returns a one-line failure or ''. */
async function warm(uv, python, label, versions) {
  const dir = mkdtempSync(join(tmpdir(), 'djangoflow-warm-'));
  const env = { ...process.env, UV_CACHE_DIR: join(testCacheRoot, 'uv'), UV_PYTHON_DOWNLOADS: 'never', UV_NO_PROGRESS: '1', UV_SYSTEM_CERTS: '1', UV_COMPILE_BYTECODE: '0', UV_LOCK_TIMEOUT: '1800', NO_COLOR: '1' };
  try {
    writeFileSync(join(dir, 'locked.txt'), lockedText(versions) + '\n');
    const venv = await run(uv, ['venv', '--quiet', '--python', python, join(dir, 'venv')], env);
    if (venv.code !== 0) return `${label}: uv venv failed: ${venv.stderr.trim().split('\n').pop()}`;
    const args = ['pip', 'install', '--quiet', '--no-deps', '--require-hashes', '--python', join(dir, 'venv/bin/python'), '-r', join(dir, 'locked.txt')];
    const offline = await run(uv, [...args, '--offline'], env);
    if (offline.code === 0) return '';
    const online = await run(uv, args, env);
    return online.code === 0 ? '' : `${label}: ${online.stderr.trim().split('\n').pop()}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const uv = findUv();
if (!uv) {
  console.log('uv cache warm-up: no uv (the tests install with pip)');
  process.exit(0);
}
const started = Date.now();
mkdirSync(testCacheRoot, { recursive: true });
writeFileSync(warmUpPidFile, String(process.pid));
const jobs = [];
for (const [version, entry] of Object.entries(lock)) {
  const python = pyenvPython(version);
  if (!python) {
    console.log(`uv cache warm-up: pyenv has no Python ${version}; skipped`);
    continue;
  }
  jobs.push(warm(uv, python, `Python ${version}`, entry.versions));
  for (const [name, apart] of Object.entries(entry.apart ?? {})) jobs.push(warm(uv, python, `Python ${version} ${name}`, apart.versions));
}
const failures = (await Promise.all(jobs)).filter(Boolean);
rmSync(warmUpPidFile, { force: true });
for (const failure of failures) console.log(`uv cache warm-up: ${failure}`);
console.log(`uv cache warm-up: ${jobs.length - failures.length} of ${jobs.length} sets in ${Math.round((Date.now() - started) / 1000)}s`);
