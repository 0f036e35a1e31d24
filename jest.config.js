import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDefaultEsmPreset } from 'ts-jest';
import { testCacheRoot } from './test/support/test-cache.mjs';

/** Tests run the TypeScript sources directly; `npm run typecheck` type-checks them. */
export default {
  ...createDefaultEsmPreset({ tsconfig: 'tsconfig.json' }),
  // Node's, with short-lived children started from a small process (test/support/environment.cjs).
  // An absolute path: Stryker's jest runner wraps the environment and resolves no <rootDir>.
  testEnvironment: join(dirname(fileURLToPath(import.meta.url)), 'test/support/environment.cjs'),
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 120000,
  // Jest's default is cores - 1 (one worker on a 2-core machine): the end-to-end files
  // spend a fifth of their time waiting (servers starting, databases, the network), so a
  // third file keeps both cores busy meanwhile.
  maxWorkers: 3,
  // The slowest files first (jest's record of the last run, else test/durations.json).
  cacheDirectory: join(testCacheRoot, 'jest'),
  testSequencer: '<rootDir>/test/support/sequencer.mjs',
  // The 15 slowest files and the run's total at the end (test/support/timing-reporter.mjs).
  reporters: ['default', '<rootDir>/test/support/timing-reporter.mjs'],
};
