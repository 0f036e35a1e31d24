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
  // The TypeScript checker drops mutants that do not compile before any test runs.
  checkers: ['typescript'],
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
  ignorePatterns: ['bench', 'docs', '.tmp', 'reports'],
  incremental: true,
  incrementalFile: incrementalFile(group.name),
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: htmlReport(group.name) },
  jsonReporter: { fileName: jsonReport(group.name) },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  concurrency: 1,
  timeoutMS: 10000,
  tempDirName: `.stryker-tmp/${group.name}`,
  cleanTempDir: 'always',
  thresholds: { high: 95, low: 90, break: null },
};
