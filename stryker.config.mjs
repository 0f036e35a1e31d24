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
  // The TypeScript checker drops mutants that do not compile before any test runs: they
  // count as compile errors, neither killed nor survived, so a type error never passes for
  // a test's kill. Its cost, measured on `naming` (169 mutants, full runs into a scratch
  // incremental file, 2 loaded cores): 0.9 s of CPU per mutant on top of the tests' 0.24 s
  // (188 s against 41 s in all; wall clock 8 min 9 s against 1 min 28 s); it dropped 10
  // mutants the tests had killed. `npm run mutate -- --no-typecheck` (STRYKER_TYPECHECK=0)
  // leaves it out for a quick look; the committed incremental files hold checked runs.
  checkers: process.env.STRYKER_TYPECHECK === '0' ? [] : ['typescript'],
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
