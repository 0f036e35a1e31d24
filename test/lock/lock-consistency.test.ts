/**
 * templates/lock.yaml against the real distributions, per Python it names: every locked
 * version installed together (hash-checked, no dependencies) must satisfy one another
 * (`pip check`), and each pin's recorded closure must be what the installed metadata says
 * on that Python (scripts/lock-closure.py), with no dependency that only macOS or Linux on
 * ARM needs left out. Catches a closure copied from another Python, or a version bumped
 * without its dependencies. Installs from uv's cache (the warm-up fills it) or the index,
 * into a venv cached by the locked text as a project's is (test/support/stack.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type HashTable, hashedLine } from '../../lib/requirements/locked.js';
import { chooseInstaller } from '../support/installer.js';
import { describeRun, run } from '../support/process.js';
import { ensureVenv } from '../support/stack.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';

interface LockedPython {
  versions: Record<string, string>;
  closures: Record<string, string[]>;
}

const lock = parse(readFileSync('templates/lock.yaml', 'utf8')).python as Record<string, LockedPython>;
const table = parse(readFileSync('templates/hashes.yaml', 'utf8')) as HashTable;

describe.each(Object.keys(lock))('the lock of Python %s', (version) => {
  const entry = lock[version]!;
  let dir = '';
  let python = '';
  beforeAll(async () => {
    dir = makeTempDir('lock-check');
    // Spelled as a project's locked files spell an entry (lib/requirements/locked.ts).
    const locked = Object.entries(entry.versions).map(([name, pinned]) => hashedLine(`${name}==${pinned}`, table));
    writeFileSync(join(dir, 'locked.txt'), locked.join('\n') + '\n');
    // Cached like a project's venv, by the locked text: a later run with the same lock reuses it.
    const venv = await ensureVenv(version, dir, ['locked.txt'], chooseInstaller(), ['--no-deps', '--require-hashes']);
    python = join(venv, 'bin/python');
  }, 20 * 60_000);
  afterAll(() => removeTempDir(dir));

  test('its versions satisfy one another (pip check)', async () => {
    const checked = await run(python, ['-m', 'pip', 'check'], { timeoutMs: 120_000 });
    expect(checked.stdout.trim()).toBe('No broken requirements found.');
    expect(checked.code).toBe(0);
  });

  test("each pin's closure is what that Python's metadata says, and nothing is left for macOS or ARM", async () => {
    const resolved = await run(python, ['scripts/lock-closure.py', ...Object.keys(entry.closures)], { timeoutMs: 120_000 });
    if (resolved.code !== 0) throw new Error(describeRun('lock-closure.py', resolved));
    const { closures, gaps } = JSON.parse(resolved.stdout) as { closures: Record<string, string[]>; gaps: string[] };
    expect(gaps).toEqual([]);
    expect(closures).toEqual(entry.closures);
  });
});
