// Build step: compiles every EJS template under templates/ once and stores the function
// sources by a hash of the template text in dist/template-cache.json (read by
// lib/template-cache.ts).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../dist/lib/paths.js';
import { compileTemplateSource, templateCacheFile } from '../dist/lib/template-cache.js';
import { yamlTextKey } from '../dist/lib/yaml-data.js';

function templateFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return templateFiles(path);
    return entry.name.endsWith('.ejs') ? [path] : [];
  });
}

const cache = {};
for (const file of templateFiles(join(packageRoot, 'templates'))) {
  const text = readFileSync(file, 'utf8');
  cache[yamlTextKey(text)] = compileTemplateSource(text);
}
writeFileSync(templateCacheFile, `${JSON.stringify(cache)}\n`);
