#!/usr/bin/env node
// The package bin: runs without a global yo, through npx, and as root (yo drops root
// privileges and then cannot write). The TypeScript sources are built into dist/ by
// `npm install` (the prepare script).
import { runCli } from '../dist/lib/cli/main.js';

await runCli(process.argv.slice(2));
