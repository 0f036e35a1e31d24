/**
 * scripts/test.mjs, `npm test` after the build: the type check runs beside jest, its output
 * comes after jest's, and a failing check fails the run even when jest passes. The check is
 * a stand-in `npm` on PATH (what the script runs for `npm run typecheck`); jest is the real
 * one, listing a test file or finding none.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';
import { run } from './process.js';
import { makeTempDir, removeTempDir } from './tempdir.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTempDir));

/** Runs scripts/test.mjs with an `npm` that prints `said` and exits with `code`. */
async function testRun(code: number, said: string, jestArgs: string[]) {
  const bin = makeTempDir('fake-npm');
  dirs.push(bin);
  const npm = join(bin, 'npm');
  writeFileSync(npm, `#!/bin/sh\n[ "$*" = "run --silent typecheck" ] || { echo "unexpected npm $*"; exit 9; }\nsleep 1\necho '${said}'\nexit ${code}\n`);
  chmodSync(npm, 0o755);
  return run(process.execPath, [join(repoRoot, 'scripts/test.mjs'), ...jestArgs], {
    cwd: repoRoot,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
  });
}

const listed = ['--listTests', 'test/unit/text.test.ts'];

test('jest passing and the check passing: exit 0, the check reported after jest', async () => {
  const result = await testRun(0, 'checked clean', listed);
  expect(result.code).toBe(0);
  const output = result.stdout;
  expect(output.indexOf('checked clean')).toBeGreaterThan(output.indexOf('test/unit/text.test.ts'));
  expect(output).toMatch(/type check passed \(\d+s, beside jest\)\n$/);
});

test("a failing check fails the run with its exit code and its output, jest's passing", async () => {
  const result = await testRun(2, 'lib/x.ts(1,7): error TS2322', listed);
  expect(result.code).toBe(2);
  expect(result.stdout).toContain('lib/x.ts(1,7): error TS2322');
  expect(result.stdout).toMatch(/type check FAILED \(exit 2; output above\)\n$/);
});

test("jest failing gives jest's exit code, whatever the check says", async () => {
  const result = await testRun(0, 'checked clean', ['--testPathPatterns', 'no-such-test-file-anywhere']);
  expect(result.code).toBe(1);
  expect(`${result.stdout}${result.stderr}`).toMatch(/No tests found/);
});
