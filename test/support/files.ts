import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Folders that are never part of a generated project's own files. */
const ignoredDirs = new Set(['.git', 'node_modules', '__pycache__', '.pytest_cache', '.ruff_cache', 'staticfiles']);

/** Every file under `root`, as sorted POSIX paths relative to it. */
export function listFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSync(join(root, relative), { withFileTypes: true })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!ignoredDirs.has(entry.name)) walk(path);
      } else {
        found.push(path);
      }
    }
  };
  walk('');
  return found.sort();
}

export function readBytes(root: string, path: string): Buffer {
  return readFileSync(join(root, path));
}

/** Git's heuristic: a NUL byte in the first 8000 bytes means binary. */
export function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

export function readText(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

/** Files with a `#!` line that runs sh or bash, plus `*.sh` files. */
export function isShellScript(path: string, content: string): boolean {
  if (path.endsWith('.sh')) return true;
  const firstLine = content.split('\n', 1)[0] ?? '';
  return /^#!\s*\S*(\/|\s)(ba|da|k)?sh(\s|$)/.test(firstLine);
}
