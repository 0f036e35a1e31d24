/**
 * The one way the test harness makes a virtual environment and installs requirement files
 * into it: uv where the machine has it (`uv venv --python <pyenv's interpreter> --seed`, then
 * `uv pip install`), pip where it does not (`python -m venv`, then `python -m pip install`).
 * Both read the same files with the same `-r`/`-c` meaning, so a requirement set gives the
 * same environment whichever built it.
 *
 * uv is found as DJANGOFLOW_UV (a path; .ci/run installs a pinned uv and sets it), else as
 * `uv` on PATH. DJANGOFLOW_INSTALLER=pip forces pip (the fallback stays exercised), =uv
 * requires uv. uv's cache lives under the test cache (`<cacheRoot>/uv`) beside pip's, so a
 * later run, and a second venv of the same set, installs from it in seconds.
 */
import { accessSync, constants, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { describeRun, run, type RunOptions, type RunResult } from './process.js';

export type InstallerKind = 'uv' | 'pip';

export interface Installer {
  kind: InstallerKind;
  /** uv's binary (kind `uv` only). */
  uv?: string;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** uv's binary: DJANGOFLOW_UV when set (it must exist), else the first `uv` on PATH. */
export function findUv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.DJANGOFLOW_UV;
  if (configured) {
    if (!executable(configured)) throw new Error(`DJANGOFLOW_UV=${configured} is not an executable uv`);
    return configured;
  }
  for (const folder of (env.PATH ?? '').split(delimiter)) {
    const candidate = folder && join(folder, 'uv');
    if (candidate && existsSync(candidate) && executable(candidate)) return candidate;
  }
  return undefined;
}

/** The installer of this run: DJANGOFLOW_INSTALLER (uv|pip) when set, else uv when found, else pip. */
export function chooseInstaller(env: NodeJS.ProcessEnv = process.env): Installer {
  const wanted = env.DJANGOFLOW_INSTALLER;
  if (wanted !== undefined && wanted !== '' && wanted !== 'uv' && wanted !== 'pip') {
    throw new Error(`DJANGOFLOW_INSTALLER=${wanted}: use uv or pip`);
  }
  if (wanted === 'pip') return { kind: 'pip' };
  const uv = findUv(env);
  if (uv) return { kind: 'uv', uv };
  if (wanted === 'uv') throw new Error('DJANGOFLOW_INSTALLER=uv but no uv found (set DJANGOFLOW_UV or put uv on PATH)');
  return { kind: 'pip' };
}

export interface InstallOptions {
  /** pyenv's interpreter the venv is made of. */
  interpreter: string;
  venv: string;
  /** Folder the requirement arguments are relative to. */
  cwd: string;
  /** pip/uv arguments after `install` (`-r`, `--require-hashes` …). */
  args: readonly string[];
  /** The environment install commands run in (PATH, caches, no DJANGO_*). */
  env: NodeJS.ProcessEnv;
  /** uv's cache folder. */
  uvCache: string;
  timeoutMs?: number;
}

/** Environment of a uv command: its cache, never a downloaded Python, no colours or progress. */
export function uvEnv(base: NodeJS.ProcessEnv, uvCache: string): NodeJS.ProcessEnv {
  return {
    ...base,
    UV_CACHE_DIR: uvCache,
    UV_PYTHON_DOWNLOADS: 'never',
    UV_NO_PROGRESS: '1',
    // The machine's trust store, as pip uses it (a proxy's own root CA is trusted there).
    UV_SYSTEM_CERTS: '1',
    NO_COLOR: '1',
    // No bytecode at install: the venv's commands compile what they import, once, into the
    // venv's bytecode folder (stack.ts). Compiling all ~4,700 modules of a default
    // project's set took ~50 s of CPU per venv; its first `manage.py check` compiles ~1,100.
    UV_COMPILE_BYTECODE: '0',
    // On a loaded machine another worker may build an sdist (psycopg-c) for minutes under
    // uv's lock; uv's default 300 s wait failed the offline install, which then went to the
    // index and built it again.
    UV_LOCK_TIMEOUT: '1800',
  };
}

/**
 * A uv command from its cache alone (`--offline`) first, then, when the cache lacks
 * something, with the index. The index answers `no-store`, so online uv fetches again
 * what it has and rebuilds an sdist-only distribution (psycopg-c: minutes) on every venv;
 * offline it installs a set it has seen in a second or two.
 */
async function uvCached(uv: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const offline = await run(uv, [...args, '--offline'], options);
  return offline.code === 0 ? offline : run(uv, args, options);
}

/** A flat hash-locked file's entries (`name==version --hash=…`, continuation lines joined). */
function lockedEntries(text: string): string[] {
  return text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('-'));
}

/**
 * Before an online install of a hash-locked set the cache cannot serve whole, installs
 * (offline, no dependencies) every entry the cache has: what is installed stays, so the
 * online run fetches only what is new and rebuilds no sdist it built before. The entries the
 * cache lacks are found one per attempt from uv's own message; anything unexpected ends it.
 */
async function installCachedPart(uv: string, python: string, options: InstallOptions, env: NodeJS.ProcessEnv): Promise<void> {
  if (!options.args.includes('--require-hashes')) return;
  const files = options.args.flatMap((arg, index) => (options.args[index - 1] === '-r' ? [arg] : []));
  let entries = files.flatMap((file) => lockedEntries(readFileSync(resolve(options.cwd, file), 'utf8')));
  const part = join(options.venv, 'cached-part.txt');
  for (let attempt = 0; attempt < 40 && entries.length > 0; attempt++) {
    writeFileSync(part, entries.join('\n') + '\n');
    const result = await run(uv, ['pip', 'install', '--quiet', '--offline', '--no-deps', '--require-hashes', '--python', python, '-r', part], {
      env,
      timeoutMs: 300_000,
    });
    if (result.code === 0) break;
    const missing = /Because (?:there is no version of )?([A-Za-z0-9._-]+)/.exec(result.stderr)?.[1]?.toLowerCase().replace(/[-_.]+/g, '-');
    const left = entries.filter((entry) => entry.split(/[=[\s]/)[0]!.toLowerCase().replace(/[-_.]+/g, '-') !== missing);
    if (!missing || left.length === entries.length) break;
    entries = left;
  }
  rmSync(part, { force: true });
}

/** Creates `venv` from `interpreter` (replacing what is there) and installs into it; throws one described failure. */
export async function createAndInstall(installer: Installer, options: InstallOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 15 * 60_000;
  const label = `${installer.kind} install ${options.args.join(' ')}`;
  if (installer.kind === 'uv') {
    const env = uvEnv(options.env, options.uvCache);
    // --seed puts pip in the venv: the project's own commands (and pip check/freeze) use it.
    const created = await uvCached(installer.uv!, ['venv', '--quiet', '--seed', '--clear', '--python', options.interpreter, options.venv], {
      env,
      timeoutMs: 120_000,
    });
    if (created.code !== 0) throw new Error(describeRun('uv venv', created));
    const python = join(options.venv, 'bin/python');
    const install = ['pip', 'install', '--quiet', '--python', python, ...options.args];
    let installed = await run(installer.uv!, [...install, '--offline'], { cwd: options.cwd, env, timeoutMs });
    if (installed.code !== 0) {
      await installCachedPart(installer.uv!, python, options, env);
      installed = await run(installer.uv!, install, { cwd: options.cwd, env, timeoutMs });
    }
    if (installed.code !== 0) throw new Error(describeRun(label, installed));
    return;
  }
  const created = await run(options.interpreter, ['-m', 'venv', '--clear', options.venv], { timeoutMs: 120_000 });
  if (created.code !== 0) throw new Error(describeRun(`${options.interpreter} -m venv`, created));
  const installed = await run(join(options.venv, 'bin/python'), ['-m', 'pip', 'install', '--quiet', ...options.args], {
    cwd: options.cwd,
    env: options.env,
    timeoutMs,
  });
  if (installed.code !== 0) throw new Error(describeRun(label, installed));
}
