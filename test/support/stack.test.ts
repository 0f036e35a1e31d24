/**
 * The stack harness itself: which requirement files make a venv's key, that another pin
 * gets another venv, the lock, and the one-line failure when pyenv lacks a Python.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './ports.js';
import { withDirLock } from './dir-lock.js';
import { pyenvPython, requirementFiles, stackFor, stackKey } from './stack.js';
import { makeTempDir, removeTempDir } from './tempdir.js';

let dir = '';
beforeEach(() => {
  dir = makeTempDir('stack');
  mkdirSync(join(dir, 'base/requirements'), { recursive: true });
});
afterEach(() => removeTempDir(dir));

function writeTiers(djangoPin: string): void {
  const requirements = join(dir, 'base/requirements');
  writeFileSync(join(requirements, 'constraints.txt'), `asgiref==3.9.1\nsqlparse==0.5.3\n`);
  writeFileSync(join(requirements, 'base.txt'), `-c constraints.txt\ndjango==${djangoPin}\n`);
  writeFileSync(join(requirements, 'local.txt'), `-r base.txt\npytest==9.1.1\n`);
  writeFileSync(join(requirements, 'production.txt'), `--requirement=base.txt\ngunicorn==26.1.0\n`);
}

test('a tier reads its includes and constraints, each once', () => {
  writeTiers('6.0.8');
  expect(requirementFiles(dir, 'base/requirements/local.txt').map((file) => file.path)).toEqual([
    'base/requirements/local.txt',
    'base/requirements/base.txt',
    'base/requirements/constraints.txt',
  ]);
  expect(requirementFiles(dir, 'base/requirements/production.txt').map((file) => file.path)).toContain(
    'base/requirements/constraints.txt',
  );
});

test('the key changes with a pin, a constraint, the Python version or interpreter, and only then', () => {
  writeTiers('6.0.8');
  const files = () => requirementFiles(dir, 'base/requirements/local.txt');
  const first = stackKey('3.13', files());
  expect(stackKey('3.13', files())).toBe(first);
  expect(stackKey('3.12', files())).not.toBe(first);
  expect(stackKey('3.13', files(), '/pyenv/versions/3.13.1/bin/python')).not.toBe(first);
  writeTiers('6.0.7');
  expect(stackKey('3.13', files())).not.toBe(first);
  writeTiers('6.0.8');
  writeFileSync(join(dir, 'base/requirements/constraints.txt'), 'asgiref==3.9.2\nsqlparse==0.5.3\n');
  expect(stackKey('3.13', files())).not.toBe(first);
});

test('a missing include is one line naming it', () => {
  writeFileSync(join(dir, 'base/requirements/local.txt'), '-r base.txt\n');
  expect(() => requirementFiles(dir, 'base/requirements/local.txt')).toThrow(
    /^requirement file base\/requirements\/base\.txt does not exist$/,
  );
});

test('a Python pyenv lacks fails with one line, no fallback', () => {
  expect(() => pyenvPython('3.99')).toThrow(/^Python 3\.99 is not installed under pyenv .*no fallback/);
  expect(existsSync(pyenvPython('3.13'))).toBe(true);
});

test('a project that was not installed is one clear line', () => {
  expect(() => stackFor(dir)).toThrow(/is not installed: call installProject\(\)/);
});

test('the lock lets one holder in at a time and takes over a dead owner', async () => {
  const lock = join(dir, 'venv.lock');
  const order: string[] = [];
  const hold = (name: string) =>
    withDirLock(lock, async () => {
      order.push(`${name} in`);
      await sleep(300);
      order.push(`${name} out`);
    });
  await Promise.all([hold('a'), sleep(50).then(() => hold('b'))]);
  expect(order).toEqual(['a in', 'a out', 'b in', 'b out']);

  mkdirSync(lock);
  writeFileSync(join(lock, 'pid'), '999999999'); // no such process: a killed run's lock
  await expect(withDirLock(lock, async () => 'taken over')).resolves.toBe('taken over');
  expect(existsSync(lock)).toBe(false);
});
