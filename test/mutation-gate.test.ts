/**
 * The mutation gate (`npm run mutate:ci`, scripts/mutate.mjs --ci): a group whose modules and
 * tests are as its committed incremental file recorded them is not re-run, its recorded kill
 * rate is printed, and the run fails when a gated group is below 90%. Driven on recorded
 * results in a scratch folder, so no Stryker run is needed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './support/paths.js';
import { makeTempDir, removeTempDir } from './support/tempdir.js';

type Status = 'Killed' | 'Timeout' | 'Survived' | 'NoCoverage' | 'CompileError' | 'Ignored';

/** A scratch project holding `module` with this source and an incremental file recording these statuses for it. */
function recorded(dir: string, group: string, module: string, statuses: Status[], source = `export const x = 1; // ${group}\n`): void {
  mkdirSync(join(dir, module, '..'), { recursive: true });
  writeFileSync(join(dir, module), source);
  const mutants = statuses.map((status, i) => ({
    id: String(i),
    mutatorName: 'StringLiteral',
    replacement: '""',
    status,
    location: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
  }));
  mkdirSync(join(dir, 'reports/mutation'), { recursive: true });
  writeFileSync(
    join(dir, `reports/mutation/${group}.incremental.json`),
    JSON.stringify({ schemaVersion: '2', thresholds: {}, files: { [module]: { language: 'typescript', source, mutants } }, testFiles: {} }),
  );
}

function gate(dir: string, ...groups: string[]) {
  const run = spawnSync(process.execPath, [join(repoRoot, 'scripts/mutate.mjs'), '--ci', ...groups], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, out: run.stdout + run.stderr };
}

const many = (status: Status, n: number): Status[] => Array.from({ length: n }, () => status);

describe('npm run mutate:ci on unchanged groups', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir('mutation-gate');
  });
  afterEach(() => removeTempDir(dir));

  test('prints each recorded kill rate and passes at 90% or more, without running Stryker', () => {
    // 9 killed + 1 timed out of 11 that compiled (compile errors and ignored ones do not count): 90.9%.
    recorded(dir, 'escape', 'lib/render/escape.ts', [...many('Killed', 9), 'Timeout', 'Survived', 'CompileError', 'Ignored']);
    recorded(dir, 'args', 'cli/args.ts', many('Killed', 4));
    const { status, out } = gate(dir, 'escape', 'args');
    expect(out).toMatch(/escape +90\.9% of 11 mutants killed \(unchanged\)/);
    expect(out).toMatch(/args +100\.0% of 4 mutants killed \(unchanged\)/);
    expect(out).not.toMatch(/stryker/i);
    expect(status).toBe(0);
  });

  test('fails below 90% and names the survivors', () => {
    recorded(dir, 'escape', 'lib/render/escape.ts', [...many('Killed', 8), 'Survived', 'NoCoverage']);
    recorded(dir, 'args', 'cli/args.ts', many('Killed', 4));
    const { status, out } = gate(dir, 'escape', 'args');
    expect(out).toMatch(/escape +80\.0% of 10 mutants killed \(unchanged\): below 90%/);
    expect(out).toMatch(/survived: lib\/render\/escape\.ts:1 StringLiteral/);
    expect(status).toBe(1);
  });

  test('a group without an incremental file is listed as not gated', () => {
    recorded(dir, 'args', 'cli/args.ts', many('Killed', 4));
    const { status, out } = gate(dir, 'args', 'reconcile-plan');
    expect(out).toMatch(/reconcile-plan +NOT GATED: no incremental file yet/);
    expect(status).toBe(0);
  });
});
