/**
 * What a generated project pins, read from its requirement tiers and constraints, and the
 * quality tools it configures run at those pins (ruff, django-upgrade, djlint, mypy).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from './files.js';
import { withMypyCache } from './mypy-cache.js';
import { describeRun, type RunResult } from './process.js';
import { requirementFiles, type ProjectStack } from './stack.js';

/** PEP 503 name of a requirement line or `pip freeze` line (`Werkzeug[watchdog]==3.1.8` → `werkzeug`). */
export const normalized = (line: string): string =>
  line
    .replace(/[[=<>~!;\s].*$/, '')
    .replace(/[-_.]+/g, '-')
    .toLowerCase();

/** name → version of every `name==version` line the tiers and their constraints read. */
export function pinnedVersions(dir: string): Map<string, string> {
  const pins = new Map<string, string>();
  for (const tier of ['local', 'production']) {
    for (const file of requirementFiles(dir, `base/requirements/${tier}.txt`)) {
      for (const line of file.text.split('\n')) {
        const [requirement, version] = line.trim().split('==');
        if (requirement && version && !requirement.startsWith('#')) pins.set(normalized(requirement), version);
      }
    }
  }
  return pins;
}

/** The Django version the project pins (base.txt). */
export function pinnedDjango(dir: string): string {
  const version = pinnedVersions(dir).get('django');
  if (!version) throw new Error(`${dir} pins no Django`);
  return version;
}

/** `mypy <args>` in the project (its venv), with the project's own incremental cache (mypy-cache.ts). */
export function projectMypy(project: { dir: string; stack: ProjectStack }, args: readonly string[]): Promise<RunResult> {
  const { dir, stack } = project;
  return withMypyCache(stack.venv, dir, (cache) => stack.run(['-m', 'mypy', ...args], { cwd: dir, env: { MYPY_CACHE_DIR: cache }, timeoutMs: 600_000 }));
}

/** Every quality tool the project configures, at its pinned version; returns failures (empty when clean). */
export async function qualityProblems(project: { dir: string; stack: ProjectStack }): Promise<string[]> {
  const { dir, stack } = project;
  const pyproject = readFileSync(join(dir, 'pyproject.toml'), 'utf8');
  const pythonFiles = listFiles(dir).filter((path) => path.endsWith('.py'));
  const templates = existsSync(join(dir, 'src/templates')) ? ['src'] : [];
  const djangoTarget = pinnedDjango(dir).split('.').slice(0, 2).join('.');
  const runs: Array<[string, Promise<RunResult>]> = [
    ['ruff check', stack.tool('ruff', ['check', '--no-cache', '.'])],
    ['ruff format --check', stack.tool('ruff', ['format', '--check', '--no-cache', '.'])],
    // Exits non-zero when it would rewrite a file: the fresh project must be its own target.
    ['django-upgrade', stack.tool('django-upgrade', ['--target-version', djangoTarget, ...pythonFiles])],
  ];
  if (templates.length > 0 && pyproject.includes('[tool.djlint]')) {
    runs.push(['djlint --check', stack.tool('djlint', ['--check', ...templates])]);
  }
  if (pyproject.includes('[tool.mypy]')) runs.push(['mypy', projectMypy(project, [])]);
  const problems: string[] = [];
  for (const [label, pending] of runs) {
    const result = await pending;
    if (result.code !== 0) problems.push(describeRun(label, result));
  }
  return problems;
}

