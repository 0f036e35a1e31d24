// The install figure of `npm run bench` (scenario `install`): the default project's
// hash-locked local and production sets (base/requirements/locked/) installed into fresh
// venvs of pyenv's Python 3.13, with pip and with uv, one after the other in the same run,
// each with an empty cache of its own (cold), then uv again with its cache warm. Wall clock
// of the install command only (venv creation excluded). uv is DJANGOFLOW_UV or `uv` on PATH.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

function pyenvPython(version) {
  const versions = join(process.env.PYENV_ROOT || join(homedir(), '.pyenv'), 'versions');
  const newest = existsSync(versions)
    ? readdirSync(versions)
        .filter((name) => name.startsWith(`${version}.`) && /^\d+\.\d+\.\d+$/.test(name))
        .sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]))
        .at(-1)
    : undefined;
  return newest ? join(versions, newest, 'bin/python') : undefined;
}

function findUv() {
  if (process.env.DJANGOFLOW_UV) return process.env.DJANGOFLOW_UV;
  return (process.env.PATH ?? '').split(delimiter).map((folder) => join(folder, 'uv')).find((path) => existsSync(path));
}

function must(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}\n${result.stdout}\n${result.stderr}`);
}

function seconds(command, args, options) {
  const started = process.hrtime.bigint();
  must(command, args, options);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Prints pip cold, uv cold, uv warm for the default project; `generate(dir)` renders it. */
export function installBench(generate) {
  const python = pyenvPython('3.13');
  const uv = findUv();
  if (!python) return console.log('\ninstall: skipped, pyenv has no Python 3.13');
  if (!uv) return console.log('\ninstall: skipped, no uv (set DJANGOFLOW_UV or put uv on PATH)');
  const work = mkdtempSync(join(tmpdir(), 'djangoflow-bench-install-'));
  try {
    const project = join(work, 'project');
    generate(project);
    const sets = ['--require-hashes', '-r', 'base/requirements/locked/local.txt', '-r', 'base/requirements/locked/production.txt'];
    const env = { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' };
    const uvEnv = { ...env, UV_CACHE_DIR: join(work, 'uv-cache'), UV_SYSTEM_CERTS: '1', UV_PYTHON_DOWNLOADS: 'never', UV_COMPILE_BYTECODE: '1' };

    must(python, ['-m', 'venv', join(work, 'pip-venv')]);
    const pip = seconds(join(work, 'pip-venv/bin/python'), ['-m', 'pip', 'install', '--quiet', '--no-cache-dir', ...sets], { cwd: project, env });
    const uvRun = (name) => {
      must(uv, ['venv', '--quiet', '--python', python, join(work, name)], { env: uvEnv });
      return seconds(uv, ['pip', 'install', '--quiet', '--python', join(work, name, 'bin/python'), ...sets], { cwd: project, env: uvEnv });
    };
    const uvCold = uvRun('uv-venv');
    const uvWarm = uvRun('uv-venv-2');
    console.log('\nInstall of the default project (locked local + production, --require-hashes, Python 3.13, fresh venvs):');
    console.log(`  pip, no cache   ${pip.toFixed(1)} s`);
    console.log(`  uv, cold cache  ${uvCold.toFixed(1)} s  (${(uvCold / pip).toFixed(2)}× pip)`);
    console.log(`  uv, warm cache  ${uvWarm.toFixed(1)} s  (${(uvWarm / pip).toFixed(2)}× pip)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
