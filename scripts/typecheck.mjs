// `npm run typecheck`: tsc over the Node side (sources and tests, tsconfig.json) and over the
// ui page (DOM types, generators/ui/page/tsconfig.json), each incremental. tsc's record of
// what it checked (.tsbuildinfo, keyed by each file's content hash) is kept in .tmp/tsc/ and
// copied to and from the test cache, so a fresh clone on a machine that checked the same
// files before re-checks only what changed (the whole check: 13 s of CPU on an idle machine,
// 5 s from a record of the same files). A record tsc cannot use (another TypeScript, other
// options) it ignores and rewrites.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testCacheRoot } from '../test/support/test-cache.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const recordDir = join(root, '.tmp/tsc');
const cacheDir = join(testCacheRoot, 'tsc');
const projects = [
  { name: 'node', config: 'tsconfig.json' },
  { name: 'page', config: 'generators/ui/page/tsconfig.json' },
];

mkdirSync(recordDir, { recursive: true });
let status = 0;
for (const { name, config } of projects) {
  const record = join(recordDir, `${name}.tsbuildinfo`);
  const cached = join(cacheDir, `${name}.tsbuildinfo`);
  if (!existsSync(record) && existsSync(cached)) copyFileSync(cached, record);
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '--incremental', '--tsBuildInfoFile', record, '-p', config], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) status = result.status ?? 1;
  if (!existsSync(record)) continue;
  // Copied under another name and renamed: a run starting beside this one never reads half a record.
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${cached}.${process.pid}`;
  copyFileSync(record, partial);
  renameSync(partial, cached);
}
process.exit(status);
