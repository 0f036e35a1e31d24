/**
 * mypy's incremental cache for a project, kept per venv and per project shape: one folder
 * for each set of Python file paths a project has (`<venv>/.mypy-caches/<key>`), so that
 * projects of one requirement set with different apps no longer overwrite each other's
 * analysis in one shared cache. Alternating two such projects in one cache re-checked most
 * of their modules every time (5-9 s of CPU per mypy run instead of about 1).
 *
 * The folder is a cache mypy validates itself (each module by its source hash and its
 * dependencies' interfaces): the key only decides how much mypy finds fresh, never what it
 * reports. A new folder starts as a copy of the venv's seed (the first finished folder,
 * frozen), so a new project shape re-checks its own modules, not the standard library and
 * Django's stubs. One mypy at a time per folder (a mkdir lock), as its cache files expect.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from './files.js';
import type { RunResult } from './process.js';
import { withDirLock } from './stack.js';

const cachesFolder = '.mypy-caches';
const seedName = 'seed';
/** Folders unused this long are removed, so a venv kept for months does not grow with every project shape. */
const unusedForMs = 14 * 24 * 3_600_000;

/** The project's shape: the sorted paths of its Python files. */
export function projectShapeKey(projectDir: string): string {
  const paths = listFiles(projectDir).filter((path) => path.endsWith('.py') || path.endsWith('.pyi'));
  return createHash('sha256').update(paths.join('\n')).digest('hex').slice(0, 16);
}

/** Copies `from` to `to` through a temporary folder and a rename, so `to` is whole or absent. */
function copyWhole(from: string, to: string): void {
  const partial = `${to}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(from, partial, { recursive: true });
  try {
    renameSync(partial, to);
  } catch {
    rmSync(partial, { recursive: true, force: true }); // another process made it meanwhile
  }
}

function pruneUnused(caches: string): void {
  const before = Date.now() - unusedForMs;
  for (const name of readdirSync(caches)) {
    const path = join(caches, name);
    try {
      if (name !== seedName && statSync(path).mtimeMs < before) rmSync(path, { recursive: true, force: true });
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
  const seed = join(caches, seedName);
  return withDirLock(`${cache}.lock`, async () => {
    if (!existsSync(cache)) {
      if (existsSync(seed)) copyWhole(seed, cache);
      else mkdirSync(cache);
    }
    const now = new Date();
    utimesSync(cache, now, now);
    const result = await mypy(cache);
    // The seed is a frozen copy of a finished cache (no mypy ever writes it).
    if (!existsSync(seed)) copyWhole(cache, seed);
    return result;
  });
}
