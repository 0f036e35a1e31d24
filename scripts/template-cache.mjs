// Build step: compiles every EJS template under templates/ once and writes the functions,
// keyed by a hash of the template text, into dist/template-cache.cjs (read by
// lib/template-cache.ts).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../dist/lib/paths.js';
import { templateCacheFile, templateCacheModule } from '../dist/lib/template-cache.js';
import { yamlTextKey } from '../dist/lib/yaml-data.js';

function templateFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return templateFiles(path);
    return entry.name.endsWith('.ejs') ? [path] : [];
  });
}

const templates = new Map();
for (const file of templateFiles(join(packageRoot, 'templates'))) {
  const text = readFileSync(file, 'utf8');
  templates.set(yamlTextKey(text), text);
}
writeFileSync(templateCacheFile, templateCacheModule(templates));
