/**
 * Mutation testing (Stryker), one module group at a time (scripts/mutation-scope.mjs names
 * them): STRYKER_GROUP selects the group; its modules are mutated and each mutant runs the
 * group's fast test files that cover it. Run it through `npm run mutate` (scripts/mutate.mjs).
 */
import { groupNamed, htmlReport, incrementalFile, jsonReport } from './scripts/mutation-scope.mjs';

const group = groupNamed(process.env.STRYKER_GROUP ?? '');

export default {
  packageManager: 'npm',
  testRunner: 'jest',
  // The TypeScript checker drops mutants that do not compile before any test runs. It costs
  // ~1.4 s of CPU per mutant (a watch rebuild) against ~0.3 s for the group's fast tests, so
  // it runs only when asked (`npm run mutate -- --typecheck`): without it a mutant that would
  // not compile runs its tests like any other, and is killed or counts as a survivor.
  checkers: process.env.STRYKER_TYPECHECK ? ['typescript'] : [],
  tsconfigFile: 'tsconfig.mutate.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    config: { testMatch: group.tests.map((file) => `<rootDir>/${file}`), maxWorkers: 1 },
    enableFindRelatedTests: false,
  },
  coverageAnalysis: 'perTest',
  mutate: group.mutate,
  // Another group's sandbox too, when two groups run at once.
  ignorePatterns: ['bench', 'docs', '.tmp', 'reports', '.stryker-tmp'],
  incremental: true,
  incrementalFile: incrementalFile(group.name),
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: htmlReport(group.name) },
  jsonReporter: { fileName: jsonReport(group.name) },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  concurrency: 1,
  // A group's own margin (scripts/mutation-scope.mjs): a timed-out mutant counts as killed.
  timeoutMS: group.timeoutMS ?? 10000,
  tempDirName: `.stryker-tmp/${group.name}`,
  cleanTempDir: 'always',
  thresholds: { high: 95, low: 90, break: null },
};
