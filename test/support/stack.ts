/**
 * Installs a generated project the way its README tells users to, on the stack they get:
 * a virtual environment of the project's Python version (pyenv's interpreter, never the
 * machine's default one) and `pip install -r` of its local and production tiers, with the
 * project's own constraints file. No fallback: a machine without that Python fails with one
 * line saying so.
 *
 * Environments are cached under `${XDG_CACHE_HOME:-~/.cache}/djangoflow-tests/venvs/<key>`,
 * keyed by the Python version and the resolved contents of every requirement file the tiers
 * read (`-r` / `-c` followed), so a requirement set installs once and a project with other
 * pins never gets another's environment. A mkdir lock makes parallel jest workers wait for
 * the one building a set. Venvs are built by uv where the machine has it, by pip where not
 * (installer.ts); uv's cache (UV_CACHE_DIR) and pip's (PIP_CACHE_DIR) sit beside the venvs,
 * so a later run reuses the downloads and built wheels. A venv keeps the bytecode its
 * commands compile (PYTHONPYCACHEPREFIX) and mypy's cache, for later projects and runs.
 *
 * `installProject(dir)` registers the stack for the project folder; the helpers of
 * python.ts (`manage`, `pytest`, `startGunicorn` …) look it up with `stackFor(dir)`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { chooseInstaller, createAndInstall, type Installer } from './installer.js';
import { withDirLock } from './dir-lock.js';
import { run, type RunResult } from './process.js';
import { bytecodeFolder, lendBytecode, pruneProjectBytecode } from './venv-bytecode.js';
import { waitForWarmUp } from './warm-up-wait.mjs';

/** The requirement tiers a project's test run needs: development tools and production servers. */
export const installedTiers = ['local', 'production'] as const;

export const defaultPythonVersion = '3.13';

export interface StackRunOptions {
  /** Default: the project folder. */
  cwd?: string;
  /** Added to (or, with `undefined`, removed from) the clean environment of stackEnv. */
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

export interface ProjectStack {
  projectDir: string;
  /** `major.minor` of the project's Python. */
  pythonVersion: string;
  /** The virtual environment's folder. */
  venv: string;
  /** The venv's python executable. */
  python: string;
  /** Path of a console script installed in the venv (`gunicorn`, `ruff`, `celery` …). */
  bin(name: string): string;
  /** Environment of a command in the venv: its bin/ first on PATH, no DJANGO_* leaking in. */
  env(extra?: Record<string, string | undefined>): NodeJS.ProcessEnv;
  /** `python <args>` in the venv. */
  run(args: readonly string[], options?: StackRunOptions): Promise<RunResult>;
  /** A console script of the venv with its arguments (`tool('ruff', ['check', '.'])`). */
  tool(name: string, args: readonly string[], options?: StackRunOptions): Promise<RunResult>;
  /** `pip <args>` on the venv: uv's pip interface when this run installs with uv (no Python to start), pip's own otherwise. */
  pip(args: readonly string[]): Promise<RunResult>;
}

/** Where environments, the pip cache and the locks live; DJANGOFLOW_TEST_CACHE overrides (test-cache.mjs: the same rule for the JavaScript side). */
export function cacheRoot(): string {
  if (process.env.DJANGOFLOW_TEST_CACHE) return process.env.DJANGOFLOW_TEST_CACHE;
  const xdg = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(xdg, 'djangoflow-tests');
}

export const pipCacheDir = (): string => join(cacheRoot(), 'pip');
export const uvCacheDir = (): string => join(cacheRoot(), 'uv');

/** pyenv's root: PYENV_ROOT, else ~/.pyenv. */
function pyenvRoot(): string {
  return process.env.PYENV_ROOT || join(homedir(), '.pyenv');
}

/**
 * pyenv's interpreter of `major.minor` (the newest patch release installed). Throws one
 * line when the machine lacks it: the project pins a Django that needs that Python.
 */
export function pyenvPython(version: string): string {
  const versions = join(pyenvRoot(), 'versions');
  const installed = existsSync(versions) ? readdirSync(versions) : [];
  const matching = installed
    .filter((name) => name === version || (name.startsWith(`${version}.`) && /^\d+\.\d+\.\d+$/.test(name)))
    .sort((a, b) => Number(a.split('.')[2] ?? 0) - Number(b.split('.')[2] ?? 0));
  const newest = matching.at(-1);
  const python = newest ? join(versions, newest, 'bin/python') : '';
  if (!python || !existsSync(python)) {
    throw new Error(
      `Python ${version} is not installed under pyenv (${versions}); install it with \`pyenv install ${version}\` (the generated project needs it; no fallback to another Python)`,
    );
  }
  return python;
}

/** The project's Python: the recorded answer `pythonVersion`, 3.13 when none is recorded. */
export function projectPythonVersion(projectDir: string): string {
  const path = join(projectDir, '.yo-rc.json');
  if (!existsSync(path)) return defaultPythonVersion;
  const config = JSON.parse(readFileSync(path, 'utf8')) as Record<string, { answers?: Record<string, unknown> }>;
  const version = config['generator-djangoflow']?.answers?.pythonVersion;
  return typeof version === 'string' && version !== '' ? version : defaultPythonVersion;
}

/**
 * Every requirement file a tier reads, the tier first, with its text: `-r`/`-c` (and the
 * long forms) are followed relative to the including file. Paths are relative to `root`.
 */
export function requirementFiles(root: string, tierFile: string): Array<{ path: string; text: string }> {
  const seen = new Map<string, string>();
  const visit = (file: string): void => {
    const absolute = resolve(file);
    if (seen.has(absolute)) return;
    if (!existsSync(absolute)) throw new Error(`requirement file ${relative(root, absolute)} does not exist`);
    const text = readFileSync(absolute, 'utf8');
    seen.set(absolute, text);
    for (const line of text.split('\n')) {
      const words = line.trim().split(/\s+/);
      const option = words[0] ?? '';
      const target = ['-r', '-c', '--requirement', '--constraint'].includes(option)
        ? words[1]
        : option.match(/^--(?:requirement|constraint)=(.+)$/)?.[1];
      if (target) visit(join(dirname(absolute), target));
    }
  };
  visit(join(root, tierFile));
  return [...seen].map(([path, text]) => ({ path: relative(root, path), text }));
}

/**
 * The cache key: Python version, the interpreter (a new pyenv patch release gets new
 * venvs), and every requirement file (name and text) the tiers read.
 */
export function stackKey(
  pythonVersion: string,
  files: ReadonlyArray<{ path: string; text: string }>,
  interpreter = '',
): string {
  const hash = createHash('sha256').update(`python ${pythonVersion} ${interpreter}\n`);
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    hash.update(`--- ${file.path}\n${file.text}\n`);
  }
  return `py${pythonVersion}-${hash.digest('hex').slice(0, 16)}`;
}

/** A clean environment for the venv's commands; `undefined` values remove a variable. */
function venvEnv(venv: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: `${join(venv, 'bin')}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
    VIRTUAL_ENV: venv,
    HOME: process.env.HOME ?? '/root',
    LANG: 'C.UTF-8',
    TMPDIR: process.env.TMPDIR ?? '/tmp',
    // Bytecode is compiled when a module is first imported, into the venv's own folder (the
    // project folder stays as generated) and kept for later processes: a venv's ~4,700
    // modules compiled at install cost ~50 s of CPU each, when a test imports ~1,100.
    PYTHONPYCACHEPREFIX: join(venv, bytecodeFolder),
    PYTHONUNBUFFERED: '1',
    // mypy's cache is the venv's: its analysis of Django and the stubs serves every project
    // of the same requirement set (mypy re-checks any module whose source differs). The
    // quality checks give each project shape its own (mypy-cache.ts).
    MYPY_CACHE_DIR: join(venv, '.mypy_cache'),
    PIP_CACHE_DIR: pipCacheDir(),
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
  };
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Venvs whose old project bytecode this process removed already. */
const pruned = new Set<string>();

/** Marks a finished environment; a venv without it is a failed or interrupted build. */
const readyMarker = '.djangoflow-ready';

/**
 * Builds (or reuses) the venv for these requirement files; returns its folder. The key is
 * the files' and not the installer's: uv and pip install the same set from them.
 */
export async function ensureVenv(
  pythonVersion: string,
  projectDir: string,
  tierFiles: readonly string[],
  installer: Installer = chooseInstaller(),
  installArgs: readonly string[] = [],
): Promise<string> {
  const files = tierFiles.flatMap((tier) => requirementFiles(projectDir, tier));
  const interpreter = pyenvPython(pythonVersion);
  const key = stackKey(pythonVersion, files, interpreter);
  const venvs = join(cacheRoot(), 'venvs');
  const venv = join(venvs, key);
  if (existsSync(join(venv, readyMarker))) {
    if (!pruned.has(venv)) {
      pruned.add(venv);
      pruneProjectBytecode(venv);
    }
    return venv;
  }
  await waitForWarmUp();
  return withDirLock(join(venvs, `${key}.lock`), async () => {
    if (existsSync(join(venv, readyMarker))) return venv; // another worker built it meanwhile
    rmSync(venv, { recursive: true, force: true });
    try {
      await createAndInstall(installer, {
        interpreter,
        venv,
        cwd: projectDir,
        args: [...installArgs, ...tierFiles.flatMap((tier) => ['-r', tier])],
        env: venvEnv(venv),
        uvCache: uvCacheDir(),
      });
    } catch (error) {
      rmSync(venv, { recursive: true, force: true });
      throw new Error(`${(error as Error).message}\n(Python ${pythonVersion}, ${tierFiles.join(' ')})`);
    }
    lendBytecode(venv, readyVenvs(venvs, pythonVersion), dirname(dirname(interpreter)));
    writeFileSync(join(venv, readyMarker), `installer: ${installer.kind}\n${files.map((file) => file.path).join('\n')}\n`);
    return venv;
  });
}

/** The ready venvs of a Python, the most recently made first. */
function readyVenvs(venvs: string, pythonVersion: string): string[] {
  return readdirSync(venvs)
    .filter((name) => name.startsWith(`py${pythonVersion}-`))
    .map((name) => ({ path: join(venvs, name), made: statSync(join(venvs, name, readyMarker), { throwIfNoEntry: false })?.mtimeMs }))
    .filter((venv): venv is { path: string; made: number } => venv.made !== undefined)
    .sort((a, b) => b.made - a.made)
    .map(({ path }) => path);
}

/** Which installer built a cached venv (read from its ready marker), or undefined. */
export function builtBy(venv: string): string | undefined {
  const marker = join(venv, readyMarker);
  if (!existsSync(marker)) return undefined;
  return /^installer: (\S+)$/m.exec(readFileSync(marker, 'utf8'))?.[1];
}

const stacks = new Map<string, ProjectStack>();

/** The stack of a project folder built from an existing venv. */
function makeStack(projectDir: string, pythonVersion: string, venv: string): ProjectStack {
  const python = join(venv, 'bin/python');
  const bin = (name: string): string => join(venv, 'bin', name);
  const env = (extra?: Record<string, string | undefined>): NodeJS.ProcessEnv => venvEnv(venv, extra);
  const runIn = (command: string, args: readonly string[], options: StackRunOptions = {}): Promise<RunResult> =>
    run(command, args, {
      cwd: options.cwd ?? projectDir,
      env: env(options.env),
      timeoutMs: options.timeoutMs ?? 180_000,
    });
  return {
    projectDir,
    pythonVersion,
    venv,
    python,
    bin,
    env,
    run: (args, options) => runIn(python, args, options),
    tool: (name, args, options) => runIn(bin(name), args, options),
    pip: (args) => {
      const installer = chooseInstaller();
      if (installer.kind !== 'uv') return runIn(python, ['-m', 'pip', ...args]);
      // pip freeze leaves out the tools it ships with; uv's lists them unless told.
      const hidden = args[0] === 'freeze' ? ['pip', 'setuptools', 'wheel', 'distribute'].flatMap((name) => ['--exclude', name]) : [];
      return runIn(installer.uv!, ['pip', ...args, ...hidden, '--python', python]);
    },
  };
}

/**
 * Installs the project's local and production tiers into the (cached) venv of its Python
 * and requirement set, and registers the stack for the folder. The project's documented
 * install path: its hash-locked sets (base/requirements/locked/) with `--require-hashes`;
 * a project without them (made by an older generator) installs its tier files.
 */
export async function installProject(projectDir: string): Promise<ProjectStack> {
  const dir = resolve(projectDir);
  const pythonVersion = projectPythonVersion(dir);
  const hashed = installedTiers.every((tier) => existsSync(join(dir, lockedTierFile(tier))));
  const tiers = installedTiers.map((tier) => (hashed ? lockedTierFile(tier) : `base/requirements/${tier}.txt`));
  const venv = await ensureVenv(pythonVersion, dir, tiers, chooseInstaller(), hashed ? ['--require-hashes'] : []);
  const stack = makeStack(dir, pythonVersion, venv);
  stacks.set(dir, stack);
  return stack;
}

/** A tier's hash-locked requirement file, relative to the project. */
export const lockedTierFile = (tier: string): string => `base/requirements/locked/${tier}.txt`;

/** The stack installProject registered for the folder; one clear line when there is none. */
export function stackFor(projectDir: string): ProjectStack {
  const stack = stacks.get(resolve(projectDir));
  if (!stack) {
    throw new Error(`project ${projectDir} is not installed: call installProject() from test/support/stack.ts first`);
  }
  return stack;
}
