/**
 * A venv's bytecode folder (PYTHONPYCACHEPREFIX): what its commands compile is kept there,
 * old projects' bytecode is pruned, and a new venv starts with bytecode other venvs compiled.
 * Venvs that uv builds from one cache hold the same files: hard links to the cache, one
 * inode for a given file of a given distribution.
 * Python accepts a .pyc when its source's mtime and size match the ones the .pyc records, and
 * on load it renames the code objects to the source it found, so the .pyc another venv
 * compiled for the same inode is valid in this venv too; so is one compiled for the same
 * interpreter file (the standard library). A new venv links those into its own bytecode
 * folder (PYTHONPYCACHEPREFIX, stack.ts) instead of compiling again the ~1,100 modules that
 * a first `manage.py check` imports (~3 s of CPU per venv on a cold machine).
 *
 * Only a cache: a .pyc whose source differs is never linked, and Python would recompile one
 * that did not match anyway.
 */
import { existsSync, linkSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, sep } from 'node:path';

/** The venv's bytecode folder (PYTHONPYCACHEPREFIX): a mirror of the paths it compiled. */
export const bytecodeFolder = '.pycache';

/**
 * Removes the bytecode of project folders (under the temp dir) that earlier runs compiled
 * into the venv's bytecode folder, so that a kept venv does not grow run after run.
 */
export function pruneProjectBytecode(venv: string): void {
  const projects = join(venv, bytecodeFolder, tmpdir());
  if (!existsSync(projects)) return;
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(projects)) {
    const path = join(projects, name);
    try {
      if (statSync(path).mtimeMs < hourAgo) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by a parallel worker meanwhile.
    }
  }
}

/** The donors looked at: the venvs of the same Python most recently made ready. */
const maxDonors = 6;

/** `lib/pythonX.Y/site-packages` of a venv, or undefined. */
function sitePackages(venv: string): string | undefined {
  const lib = join(venv, 'lib');
  if (!existsSync(lib)) return undefined;
  const python = readdirSync(lib).find((name) => name.startsWith('python'));
  return python ? join(lib, python, 'site-packages') : undefined;
}

function sameFile(a: string, b: string): boolean {
  try {
    const [first, second] = [statSync(a), statSync(b)];
    return first.ino === second.ino && first.dev === second.dev;
  } catch {
    return false;
  }
}

/** Every `*.pyc` under a folder (not the temp files Python renames into place). */
function* compiled(folder: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* compiled(path);
    else if (entry.name.endsWith('.pyc')) yield path;
  }
}

/** The source a mirrored .pyc was compiled from: `<mirror>/a/b/mod.cpython-313.pyc` → `/a/b/mod.py`. */
function sourceOf(mirror: string, pyc: string): string {
  return join(sep, relative(mirror, dirname(pyc)), `${basename(pyc).split('.')[0]}.py`);
}

/**
 * Links into `venv`'s bytecode folder every .pyc that ready venvs of `donors` (paths, newest
 * first) compiled for a file this venv shares with them; returns how many it linked.
 */
export function lendBytecode(venv: string, donors: readonly string[], interpreterPrefix: string): number {
  const site = sitePackages(venv);
  if (!site) return 0;
  const mirror = join(venv, bytecodeFolder);
  let linked = 0;
  for (const donor of donors.slice(0, maxDonors)) {
    const donorSite = sitePackages(donor);
    const donorMirror = join(donor, bytecodeFolder);
    if (!donorSite || !existsSync(donorMirror)) continue;
    for (const pyc of compiled(donorMirror)) {
      const source = sourceOf(donorMirror, pyc);
      let ours: string;
      if (source.startsWith(donorSite + sep)) ours = join(site, relative(donorSite, source));
      else if (source.startsWith(interpreterPrefix + sep)) ours = source; // the same file, in place
      else continue; // a project's own files, or another venv's scripts
      const target = join(mirror, dirname(ours), basename(pyc));
      if (existsSync(target) || !sameFile(ours, source)) continue;
      try {
        mkdirSync(dirname(target), { recursive: true });
        linkSync(pyc, target);
        linked++;
      } catch {
        // Linked meanwhile by Python itself or another worker, or a donor removed: compile instead.
      }
    }
  }
  return linked;
}
