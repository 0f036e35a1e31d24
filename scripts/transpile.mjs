// Build step: turns the TypeScript of cli/, lib/ and generators/ into dist/, one JavaScript
// file per source file, without checking types. The type check is `npm run typecheck`
// (run beside jest by `npm test`); a second full tsc here cost half the check's CPU again,
// before jest could start, and found nothing the check does not. isolatedModules (tsconfig.json) keeps every file
// translatable on its own.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceFolders = ['cli', 'lib', 'generators'];
// Bundled for the browser by scripts/bundle.mjs, not run by Node.
const browserOnly = join(root, 'generators/ui/page');

function typeScriptFiles(dir) {
  if (dir === browserOnly) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

for (const folder of sourceFolders) rmSync(join(root, 'dist', folder), { recursive: true, force: true });
await build({
  entryPoints: sourceFolders.flatMap((folder) => typeScriptFiles(join(root, folder))),
  outdir: join(root, 'dist'),
  outbase: root,
  bundle: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  tsconfig: join(root, 'tsconfig.json'),
  logLevel: 'warning',
});
