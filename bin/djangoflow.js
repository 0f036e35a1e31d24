#!/usr/bin/env node
// The package bin: runs without a global yo, through npx, and as root (yo drops root
// privileges and then cannot write). The TypeScript sources are built into dist/ by
// `npm install` (the prepare script); dist/bundle/ is the bundled CLI (scripts/bundle.mjs),
// dist/cli/ the plain build it falls back to.
import { existsSync } from 'node:fs';
import module from 'node:module';

// Node 22+ caches compiled code between runs; Node 20 has no compile cache.
module.enableCompileCache?.();
const bundled = new URL('../dist/bundle/main.js', import.meta.url);
const { runCli } = await import(existsSync(bundled) ? bundled.href : '../dist/cli/main.js');
await runCli(process.argv.slice(2));
