/**
 * scripts/lock-closure.py's platform check: the locked files carry no markers, so a
 * dependency that only macOS or Linux on ARM needs must stop the lock instead of leaving
 * those machines a hash-checked install that lacks it. Fake distributions on a temporary
 * path stand in for the index's.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes an installed distribution's metadata (only what importlib.metadata reads). */
function fakeDistribution(site: string, name: string, requires: string[]): void {
  const info = join(site, `${name.replace(/-/g, '_')}-1.0.dist-info`);
  mkdirSync(info, { recursive: true });
  writeFileSync(join(info, 'METADATA'), ['Metadata-Version: 2.1', `Name: ${name}`, 'Version: 1.0', ...requires.map((line) => `Requires-Dist: ${line}`), ''].join('\n'));
}

function closure(site: string, requirements: string[]): { versions: Record<string, string>; closures: Record<string, string[]>; gaps: string[] } {
  // The machine's python3 has pip, whose vendored packaging the script uses.
  const result = spawnSync('python3', ['scripts/lock-closure.py', ...requirements], { env: { ...process.env, PYTHONPATH: site }, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

describe('the lock serves Linux images and macOS laptops', () => {
  let site: string;
  beforeEach(() => {
    site = mkdtempSync(join(tmpdir(), 'djangoflow-closure-'));
  });
  afterEach(() => rmSync(site, { recursive: true, force: true }));

  test('a dependency of macOS alone that the lock lacks is a gap naming the platforms', () => {
    fakeDistribution(site, 'shell-kit', ['appnope; sys_platform == "darwin"', 'helper-lib']);
    fakeDistribution(site, 'helper-lib', []);
    const resolved = closure(site, ['shell-kit']);
    expect(resolved.closures['shell-kit']).toEqual(['helper-lib']);
    expect(resolved.gaps).toEqual(['shell-kit needs appnope; sys_platform == "darwin" on macOS arm64, macOS x86_64']);
  });

  test('a dependency of Linux on ARM alone is a gap too', () => {
    fakeDistribution(site, 'fast-io', ['arm-accel; platform_machine == "aarch64"']);
    expect(closure(site, ['fast-io']).gaps).toEqual(['fast-io needs arm-accel; platform_machine == "aarch64" on Linux aarch64']);
  });

  test('Windows-only dependencies, and platform dependencies the lock has anyway, are no gap', () => {
    fakeDistribution(site, 'cli-tool', ['colorama; sys_platform == "win32"', 'shared-dep; sys_platform == "darwin"']);
    fakeDistribution(site, 'shared-dep', []);
    fakeDistribution(site, 'other', ['shared-dep']);
    expect(closure(site, ['cli-tool', 'other']).gaps).toEqual([]);
  });

  test('a gap reached only through an extra counts when the extra is asked for', () => {
    fakeDistribution(site, 'db-driver', ['mac-binary; sys_platform == "darwin" and extra == "c"']);
    expect(closure(site, ['db-driver']).gaps).toEqual([]);
    expect(closure(site, ['db-driver[c]']).gaps).toEqual(['db-driver needs mac-binary; sys_platform == "darwin" and extra == "c" on macOS arm64, macOS x86_64']);
  });
});
