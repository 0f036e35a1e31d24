// Build step: prepares every file under templates/ once, so a run need not.
// - EJS templates, compiled, into dist/template-cache.cjs (read by lib/template-set/template-cache.ts);
// - YAML data, parsed, into dist/yaml-cache.json (read by lib/template-set/yaml-data.ts); only values
//   that survive a JSON round trip unchanged are stored, anything else is parsed at run time.
// Both are keyed by a hash of the file's text (lib/template-set/content-key.ts).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { contentKey } from '../dist/lib/template-set/content-key.js';
import { packageRoot } from '../dist/lib/template-set/paths.js';
import { templateCacheFile, templateCacheModule } from '../dist/lib/template-set/template-cache.js';
import { yamlCacheFile } from '../dist/lib/template-set/yaml-data.js';

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

const templates = new Map();
const yamlValues = {};
for (const file of filesUnder(join(packageRoot, 'templates'))) {
  if (file.endsWith('.ejs')) {
    const text = readFileSync(file, 'utf8');
    templates.set(contentKey(text), text);
  } else if (/\.ya?ml$/.test(file)) {
    const text = readFileSync(file, 'utf8');
    const value = parse(text);
    const json = JSON.stringify(value);
    if (json !== undefined && isDeepStrictEqual(JSON.parse(json), value)) yamlValues[contentKey(text)] = json;
  }
}
writeFileSync(templateCacheFile, templateCacheModule(templates));
writeFileSync(yamlCacheFile, `${JSON.stringify(yamlValues)}\n`);
