/**
 * The Python modules under a folder of the project, for checks that only read them (a model
 * deleted by hand, an adopted app the settings never name): one walk, folders to skip by name.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every `.py` file under `dir`, recursively, leaving out folders named in `skipped`; none when `dir` is missing. */
export function pythonModules(dir: string, skipped: ReadonlySet<string> = new Set()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return skipped.has(entry.name) ? [] : pythonModules(path, skipped);
    return entry.isFile() && entry.name.endsWith('.py') ? [path] : [];
  });
}
