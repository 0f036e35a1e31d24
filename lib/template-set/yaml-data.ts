/** Reading the template set's YAML data, through the values `npm run build` parsed. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { contentKey } from './content-key.js';
import { packageRoot } from './paths.js';

/**
 * Template data files (core.yaml, pins.yaml, plugin manifests, ...) parsed once at build
 * time: a cold process spends ~100 ms parsing 25 kB of YAML. `npm run build` writes the
 * parsed values keyed by a hash of the text (scripts/prepare-templates.mjs), so an edited or
 * foreign template set (DJANGOFLOW_TEMPLATES) simply misses the cache and is parsed.
 */
export const yamlCacheFile = join(packageRoot, 'dist', 'yaml-cache.json');

let cache: Record<string, string> | undefined;

function loadCache(): Record<string, string> {
  try {
    return JSON.parse(readFileSync(yamlCacheFile, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

const require = createRequire(import.meta.url);

/** Typed like yaml's own `parse`: callers validate what they read. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function parseYamlText(text: string): any {
  cache ??= loadCache();
  const hit = cache[contentKey(text)];
  if (hit !== undefined) return JSON.parse(hit);
  return (require('yaml') as typeof import('yaml')).parse(text);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function readYamlFile(path: string): any {
  return parseYamlText(readFileSync(path, 'utf8'));
}
