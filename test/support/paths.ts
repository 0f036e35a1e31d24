import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const binPath = resolve(repoRoot, 'bin/djangoflow.js');
export const fixturesDir = resolve(repoRoot, 'test/support/fixtures');
