/**
 * The hooks of a generated project's .pre-commit-config.yaml, run as their tools: pre-commit
 * itself fetches each hook repository from GitHub, which this machine cannot reach. Each
 * hook runs its own entry at the configured version, with the config's args, on the files
 * pre-commit would hand it (git-tracked, the config's excludes, the hook's file types):
 * pre-commit-hooks installed at the configured revision from the package index into a venv
 * of its own, ruff, django-upgrade and djlint from the project's venv, where the project
 * pins them at the same versions (templates/pins.yaml lists both).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describeRun, run } from './process.js';
import { chooseInstaller, createAndInstall } from './installer.js';
import { withDirLock } from './dir-lock.js';
import { cacheRoot, pipCacheDir, pyenvPython, uvCacheDir, type ProjectStack } from './stack.js';

interface HookConfig {
  id: string;
  args?: string[];
  files?: string;
  exclude?: string;
}

interface PreCommitConfig {
  exclude?: string;
  repos: Array<{ repo: string; rev: string; hooks: HookConfig[] }>;
}

/** What a hook runs and on which files, as the hook repositories' .pre-commit-hooks.yaml say. */
interface HookEntry {
  tool: 'pre-commit-hooks' | 'project';
  entry: string[];
  types: Array<'text' | 'python' | 'yaml' | 'json' | 'toml' | 'html'>;
}

const hookEntries: Record<string, HookEntry> = {
  // Without --enforce-all it looks only at files staged as added; every file is "added" here.
  'check-added-large-files': { tool: 'pre-commit-hooks', entry: ['check-added-large-files', '--enforce-all'], types: [] },
  'check-case-conflict': { tool: 'pre-commit-hooks', entry: ['check-case-conflict'], types: [] },
  // It looks for markers only during a merge unless told to assume one.
  'check-merge-conflict': { tool: 'pre-commit-hooks', entry: ['check-merge-conflict', '--assume-in-merge'], types: ['text'] },
  'check-json': { tool: 'pre-commit-hooks', entry: ['check-json'], types: ['json'] },
  'check-toml': { tool: 'pre-commit-hooks', entry: ['check-toml'], types: ['toml'] },
  'check-yaml': { tool: 'pre-commit-hooks', entry: ['check-yaml'], types: ['yaml'] },
  'debug-statements': { tool: 'pre-commit-hooks', entry: ['debug-statement-hook'], types: ['python'] },
  'detect-private-key': { tool: 'pre-commit-hooks', entry: ['detect-private-key'], types: ['text'] },
  'end-of-file-fixer': { tool: 'pre-commit-hooks', entry: ['end-of-file-fixer'], types: ['text'] },
  'mixed-line-ending': { tool: 'pre-commit-hooks', entry: ['mixed-line-ending'], types: ['text'] },
  'trailing-whitespace': { tool: 'pre-commit-hooks', entry: ['trailing-whitespace-fixer'], types: ['text'] },
  'ruff-check': { tool: 'project', entry: ['ruff', 'check', '--force-exclude'], types: ['python'] },
  'ruff-format': { tool: 'project', entry: ['ruff', 'format', '--force-exclude'], types: ['python'] },
  'django-upgrade': { tool: 'project', entry: ['django-upgrade'], types: ['python'] },
  'djlint-django': { tool: 'project', entry: ['djlint', '--profile=django'], types: ['html'] },
};

/** identify's tags that the hooks above filter on, for one file. */
function fileTypes(dir: string, path: string): Set<string> {
  const bytes = readFileSync(join(dir, path));
  const types = new Set<string>();
  if (bytes.includes(0)) return types;
  types.add('text');
  const extension = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase();
  const byExtension: Record<string, string> = { py: 'python', yaml: 'yaml', yml: 'yaml', json: 'json', toml: 'toml', html: 'html' };
  if (extension && byExtension[extension]) types.add(byExtension[extension]);
  // An executable script without an extension is typed by its shebang.
  if (!extension && /^#!.*\bpython/.test(bytes.subarray(0, 100).toString('utf8'))) types.add('python');
  return types;
}

/** A venv with pre-commit-hooks at `version`, built once per machine and Python. */
async function preCommitHooksVenv(pythonVersion: string, version: string): Promise<string> {
  const venv = join(cacheRoot(), 'tools', `pre-commit-hooks-${version}-py${pythonVersion}`);
  const ready = join(venv, '.ready');
  if (existsSync(ready)) return venv;
  return withDirLock(`${venv}.lock`, async () => {
    if (existsSync(ready)) return venv;
    await createAndInstall(chooseInstaller(), {
      interpreter: pyenvPython(pythonVersion),
      venv,
      cwd: cacheRoot(),
      args: [`pre-commit-hooks==${version}`],
      env: { ...process.env, PIP_CACHE_DIR: pipCacheDir() },
      uvCache: uvCacheDir(),
      timeoutMs: 300_000,
    });
    writeFileSync(ready, '');
    return venv;
  });
}

/**
 * Runs every hook of the project's .pre-commit-config.yaml on the files git would track
 * (a repository is initialised when there is none); returns one description per failing
 * hook, and per hook the config names that this module does not know.
 */
export async function preCommitProblems(dir: string, stack: ProjectStack): Promise<string[]> {
  const config = parse(readFileSync(join(dir, '.pre-commit-config.yaml'), 'utf8')) as PreCommitConfig;
  if (!existsSync(join(dir, '.git'))) {
    const init = await run('git', ['init', '--quiet'], { cwd: dir });
    if (init.code !== 0) throw new Error(describeRun('git init', init));
  }
  const listed = await run('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: dir });
  if (listed.code !== 0) throw new Error(describeRun('git ls-files', listed));
  const globalExclude = config.exclude ? new RegExp(config.exclude) : undefined;
  const files = listed.stdout
    .split('\n')
    .filter(Boolean)
    .filter((path) => !globalExclude?.test(path));
  const types = new Map(files.map((path) => [path, fileTypes(dir, path)]));

  const problems: string[] = [];
  for (const repo of config.repos) {
    for (const hook of repo.hooks) {
      const known = hookEntries[hook.id];
      if (!known) {
        problems.push(`${hook.id}: a hook test/support/precommit-hooks.ts does not know how to run`);
        continue;
      }
      const included = hook.files ? new RegExp(hook.files) : undefined;
      const excluded = hook.exclude ? new RegExp(hook.exclude) : undefined;
      const hookFiles = files.filter(
        (path) =>
          (!included || included.test(path)) &&
          !excluded?.test(path) &&
          (known.types.length === 0 || known.types.some((type) => types.get(path)!.has(type))),
      );
      if (hookFiles.length === 0) continue;
      const [command, ...entryArgs] = known.entry as [string, ...string[]];
      const args = [...entryArgs, ...(hook.args ?? []), ...hookFiles];
      const executable =
        known.tool === 'project'
          ? stack.bin(command)
          : join(await preCommitHooksVenv(stack.pythonVersion, repo.rev.replace(/^v/, '')), 'bin', command);
      const result = await run(executable, args, { cwd: dir, env: stack.env(), timeoutMs: 300_000 });
      if (result.code !== 0) problems.push(describeRun(`${hook.id} (${repo.repo}@${repo.rev})`, result));
    }
  }
  return problems;
}
