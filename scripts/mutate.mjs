/**
 * `npm run mutate [-- <group>...] [--ci] [--budget-minutes N] [--no-typecheck] [--retest-survivors]`: mutation testing with
 * Stryker, one group of scripts/mutation-scope.mjs at a time (nice'd, one test runner), each
 * incremental against its committed reports/mutation/<group>.incremental.json. Prints the
 * kill rate of every group and fails when a gated group is below the minimum.
 *
 * --ci: a group whose modules and tests are unchanged since its incremental file is not run
 * at all (its recorded results stand); a group without an incremental file is listed as
 * not gated (run it once without --ci and commit the file); the runs stop, and fail, after
 * the budget.
 *
 * --retest-survivors: forget the recorded survivors first, so they run again against today's
 * tests (Stryker's incremental mode re-runs a static mutant with the tests it knew of then).
 *
 * Stryker's TypeScript checker runs first in every run (`mutate` and `mutate:ci`): a mutant
 * that does not compile is dropped as a compile error instead of running its tests.
 * --no-typecheck leaves the checker out (a quicker look; stryker.config.mjs has its cost).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { groups, groupNamed, incrementalFile, minimumKillRate } from './mutation-scope.mjs';

const args = process.argv.slice(2);
const ci = args.includes('--ci');
const budgetAt = args.indexOf('--budget-minutes');
const budgetMinutes = budgetAt >= 0 ? Number(args[budgetAt + 1]) : ci ? 15 : Infinity;
const names = args.filter((arg, i) => !arg.startsWith('--') && (budgetAt < 0 || i !== budgetAt + 1));
const selected = names.length ? names.map(groupNamed) : groups;
const deadline = Date.now() + budgetMinutes * 60_000;

/** The recorded results of a group, or null. */
function readIncremental(group) {
  const file = incrementalFile(group.name);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

/** True when every mutated module and test file of the report still has the recorded text. */
function unchanged(report) {
  const same = (entries) => Object.entries(entries ?? {}).every(([path, file]) => existsSync(path) && readFileSync(path, 'utf8') === file.source);
  return same(report.files) && same(report.testFiles);
}

/** Kill rate: killed or timed out, of the mutants that compiled and were not ignored. */
function killRate(report) {
  const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0 };
  const survivors = [];
  for (const [path, file] of Object.entries(report.files)) {
    for (const mutant of file.mutants) {
      if (mutant.status in counts) counts[mutant.status]++;
      if (mutant.status === 'Survived' || mutant.status === 'NoCoverage') {
        survivors.push(`${path}:${mutant.location.start.line} ${mutant.mutatorName} ${JSON.stringify(mutant.replacement ?? '').slice(0, 60)}`);
      }
    }
  }
  const valid = counts.Killed + counts.Timeout + counts.Survived + counts.NoCoverage;
  return { rate: valid ? (100 * (counts.Killed + counts.Timeout)) / valid : 100, valid, survivors };
}

const rows = [];
let failed = false;
for (const group of selected) {
  const recorded = readIncremental(group);
  let how = 'ran';
  if (ci && !recorded) {
    // A first run of a group takes from half an hour to hours on two cores: CI cannot make
    // the baseline within its budget, so the group is named as not gated, never counted.
    rows.push([group.name, 'NOT GATED: no incremental file yet; run `npm run mutate -- ' + group.name + '` once and commit it']);
    continue;
  }
  if (ci && recorded && unchanged(recorded)) {
    how = 'unchanged';
  } else {
    const left = deadline - Date.now();
    if (left <= 0) {
      rows.push([group.name, `not run: the ${budgetMinutes}-minute budget is spent`]);
      failed = true;
      continue;
    }
    if (args.includes('--retest-survivors') && recorded) {
      for (const file of Object.values(recorded.files)) file.mutants = file.mutants.filter((m) => m.status !== 'Survived' && m.status !== 'NoCoverage');
      writeFileSync(incrementalFile(group.name), JSON.stringify(recorded));
    }
    const started = Date.now();
    const run = spawnSync('nice', ['-n', '10', 'npx', 'stryker', 'run'], {
      stdio: 'inherit',
      env: { ...process.env, STRYKER_GROUP: group.name, ...(args.includes('--no-typecheck') ? { STRYKER_TYPECHECK: '0' } : {}) },
      timeout: Number.isFinite(left) ? left : undefined,
      killSignal: 'SIGKILL',
    });
    if (run.status !== 0) {
      rows.push([group.name, run.signal ? `stopped after the ${budgetMinutes}-minute budget` : `stryker failed (exit ${run.status})`]);
      failed = true;
      continue;
    }
    how = `ran in ${Math.round((Date.now() - started) / 1000)} s`;
  }
  const { rate, valid, survivors } = killRate(readIncremental(group));
  const low = group.gated && rate < minimumKillRate;
  if (low) failed = true;
  rows.push([group.name, `${rate.toFixed(1)}% of ${valid} mutants killed (${how})${low ? `: below ${minimumKillRate}%` : ''}`]);
  if (low || !ci) for (const line of survivors) rows.push(['', `survived: ${line}`]);
}

console.log('\nmutation kill rates (reports/mutation/<group>.html):');
for (const [name, text] of rows) console.log(`  ${name.padEnd(18)} ${text}`);
process.exit(failed ? 1 : 0);
