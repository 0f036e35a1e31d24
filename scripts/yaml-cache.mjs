// Build step: parses every YAML file under templates/ once and stores the values by a hash
// of the text in dist/yaml-cache.json (read by lib/yaml-data.ts). Only values that survive
// a JSON round trip unchanged are stored; anything else is parsed at run time.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { yamlCacheFile, yamlTextKey } from '../dist/lib/yaml-data.js';
import { packageRoot } from '../dist/lib/paths.js';

function yamlFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

const cache = {};
for (const file of yamlFiles(join(packageRoot, 'templates'))) {
  const text = readFileSync(file, 'utf8');
  const value = parse(text);
  const json = JSON.stringify(value);
  if (json !== undefined && isDeepStrictEqual(JSON.parse(json), value)) cache[yamlTextKey(text)] = json;
}
writeFileSync(yamlCacheFile, `${JSON.stringify(cache)}\n`);
