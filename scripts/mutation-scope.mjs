/**
 * What mutation testing covers: module groups, each with the fast test files that are its
 * first net (a mutant runs only those, so a static mutant reloads seconds of tests, not the
 * suite), and the kill rate CI holds it to. Read by stryker.config.mjs, scripts/mutate.mjs
 * and scripts/mutation-gate.mjs.
 */

/** The kill rate (killed or timed out, of all mutants that compile) a gated group must reach. */
export const minimumKillRate = 90;

export const groups = [
  // lib/reconcile/ in seven groups (its fast tests run git and the file system: seconds per
  // mutant), so each baseline is a run of under an hour and a change re-runs one group.
  // timeoutMS: Stryker's margin over a mutant's dry-run time. These tests spawn git, and on a
  // loaded machine a run can take many times its dry-run time; a timed-out mutant counts as
  // killed, so the margin is wide (a real hang costs a minute, a false kill costs the truth).
  {
    name: 'reconcile-plan',
    gated: true,
    timeoutMS: 60000,
    mutate: ['lib/reconcile/{plan,folders,binary}.ts'],
    tests: ['test/reconcile/plan.test.ts', 'test/reconcile/plan-rules.test.ts'],
  },
  {
    name: 'reconcile-merge',
    gated: true,
    timeoutMS: 60000,
    mutate: ['lib/reconcile/{renames,merge,content}.ts'],
    tests: ['test/reconcile/three-way.test.ts'],
  },
  // The report's text: pure, its own test file only (seconds for the whole group).
  { name: 'reconcile-report', gated: true, mutate: ['lib/reconcile/report.ts'], tests: ['test/reconcile/report.test.ts'] },
  {
    name: 'reconcile-apply',
    gated: true,
    timeoutMS: 60000,
    mutate: ['lib/reconcile/{apply,operations,unresolved,containment,evidence}.ts'],
    tests: ['test/reconcile/apply.test.ts', 'test/reconcile/apply-*.test.ts'],
  },
  {
    name: 'reconcile-store',
    gated: true,
    timeoutMS: 60000,
    mutate: ['lib/reconcile/{store,history,fallback-store,git}.ts'],
    tests: ['test/reconcile/store.test.ts', 'test/reconcile/store-*.test.ts'],
  },
  {
    name: 'reconcile-journal',
    gated: true,
    timeoutMS: 60000,
    mutate: ['lib/reconcile/{journal,durable,fault,signals}.ts'],
    tests: ['test/reconcile/durability.test.ts', 'test/reconcile/journal*.test.ts'],
  },
  // One run per project: in process, no git (seconds per mutant at most).
  {
    name: 'reconcile-lock',
    gated: true,
    timeoutMS: 60000,
    mutate: ['lib/reconcile/{lock,session,process-alive}.ts'],
    tests: ['test/reconcile/lock.test.ts', 'test/reconcile/lock-races.test.ts', 'test/reconcile/lock-users.test.ts'],
  },
  { name: 'escape', gated: true, mutate: ['lib/render/escape.ts'], tests: ['test/unit/escape.test.ts'] },
  { name: 'naming', gated: true, mutate: ['lib/input/naming.ts'], tests: ['test/unit/naming.test.ts'] },
  { name: 'record-check', gated: true, mutate: ['lib/record/record-check.ts'], tests: ['test/unit/record-check.test.ts'] },
  // The field language in two groups: the name rules, and the language itself.
  { name: 'field-names', gated: true, mutate: ['lib/model/names.ts'], tests: ['test/unit/field-language.test.ts'] },
  {
    name: 'field-language',
    gated: true,
    mutate: ['lib/model/fields.ts', 'lib/model/field-modifiers.ts'],
    tests: ['test/unit/field-language.test.ts'],
  },
  { name: 'args', gated: true, mutate: ['cli/args.ts'], tests: ['test/unit/args.test.ts', 'test/unit/help.test.ts'] },
  { name: 'database-keys', gated: true, mutate: ['lib/model/database-keys.ts'], tests: ['test/unit/database-keys.test.ts'] },
  {
    name: 'name-guards',
    gated: true,
    mutate: ['lib/model/generated-clashes.ts', 'lib/model/reserved-fields.ts', 'lib/model/new-problems.ts'],
    tests: ['test/unit/generated-clashes.test.ts', 'test/unit/reserved-fields.test.ts'],
  },
];

/** The group `name`, or one line naming the groups. */
export function groupNamed(name) {
  const group = groups.find((g) => g.name === name);
  if (!group) throw new Error(`no mutation group ${JSON.stringify(name)} (groups: ${groups.map((g) => g.name).join(', ')})`);
  return group;
}

/** Where a group's reports and incremental file are kept. */
export const reportDir = 'reports/mutation';
export const incrementalFile = (name) => `${reportDir}/${name}.incremental.json`;
export const jsonReport = (name) => `${reportDir}/${name}.json`;
export const htmlReport = (name) => `${reportDir}/${name}.html`;
