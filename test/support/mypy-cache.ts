/**
 * mypy's incremental cache for a project, kept per venv and per project shape: one folder
 * for each set of Python file paths a project has (`<venv>/.mypy-caches/<key>`). django-stubs
 * reports the project's INSTALLED_APPS as its plugin configuration, and mypy drops its whole
 * cache (every module, the standard library's and Django's stubs too) when that differs: in
 * one shared cache per venv, projects with other apps re-checked ~1,070 modules on every
 * run (9 s of CPU per mypy instead of about 1). Other apps mean other files, so a shape's
 * folder meets one configuration run after run.
 *
 * The folder is a cache mypy validates itself (each module by its source hash, its
 * dependencies' interfaces and that configuration): the key only decides how much mypy finds
 * fresh, never what it reports. One mypy at a time per folder (a mkdir lock).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from './files.js';
import type { RunResult } from './process.js';
import { withDirLock } from './dir-lock.js';

const cachesFolder = '.mypy-caches';
/** Folders unused this long are removed, so a venv kept for months does not grow with every project shape. */
const unusedForMs = 14 * 24 * 3_600_000;

/** The project's shape: the sorted paths of its Python files. */
export function projectShapeKey(projectDir: string): string {
  const paths = listFiles(projectDir).filter((path) => path.endsWith('.py') || path.endsWith('.pyi'));
  return createHash('sha256').update(paths.join('\n')).digest('hex').slice(0, 16);
}

function pruneUnused(caches: string): void {
  const before = Date.now() - unusedForMs;
  for (const name of readdirSync(caches)) {
    const path = join(caches, name);
    try {
      if (statSync(path).mtimeMs < before) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by a parallel worker meanwhile.
    }
  }
}

const prunedVenvs = new Set<string>();

/**
 * Runs `mypy` (given the cache folder to use as MYPY_CACHE_DIR) with this project's cache of
 * the venv, holding that cache for the run.
 */
export async function withMypyCache(
  venv: string,
  projectDir: string,
  mypy: (cacheDir: string) => Promise<RunResult>,
): Promise<RunResult> {
  const caches = join(venv, cachesFolder);
  mkdirSync(caches, { recursive: true });
  if (!prunedVenvs.has(venv)) {
    prunedVenvs.add(venv);
    pruneUnused(caches);
  }
  const cache = join(caches, projectShapeKey(projectDir));
  return withDirLock(`${cache}.lock`, async () => {
    mkdirSync(cache, { recursive: true });
    const now = new Date();
    utimesSync(cache, now, now);
    return mypy(cache);
  });
}
