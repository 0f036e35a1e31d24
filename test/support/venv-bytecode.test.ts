/**
 * Bytecode lent between venvs (venv-bytecode.ts), with pyenv's Python 3.13: a file two venvs
 * share (one inode, as uv's hard links make them) is imported in the new venv from the .pyc
 * the other compiled, under its own name; a file with its own copy, or changed since, is not
 * lent; a standard library module the other compiled is.
 */
import { existsSync, linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { run } from './process.js';
import { pyenvPython } from './stack.js';
import { makeTempDir, removeTempDir } from './tempdir.js';
import { lendBytecode } from './venv-bytecode.js';

const python = pyenvPython('3.13');
const interpreterPrefix = dirname(dirname(python));
let root = '';

beforeEach(() => {
  root = makeTempDir('bytecode');
});
afterEach(() => removeTempDir(root));

const site = (venv: string) => join(venv, 'lib/python3.13/site-packages');

/** Python of the "venv": its site folder on the path, its own bytecode folder. */
const importIn = (venv: string, code: string) =>
  run(python, ['-v', '-c', code], {
    env: { PATH: process.env.PATH, PYTHONPATH: site(venv), PYTHONPYCACHEPREFIX: join(venv, '.pycache') },
  });

function twoVenvs() {
  const [donor, fresh] = [join(root, 'venvs/py3.13-a'), join(root, 'venvs/py3.13-b')];
  for (const venv of [donor, fresh]) mkdirSync(site(venv), { recursive: true });
  writeFileSync(join(root, 'shared.py'), 'def answer():\n    return 42\n');
  for (const venv of [donor, fresh]) {
    linkSync(join(root, 'shared.py'), join(site(venv), 'shared.py'));
    writeFileSync(join(site(venv), 'own.py'), 'VALUE = 1\n');
  }
  return { donor, fresh };
}

/** Where the venv's Python looks for the bytecode of a source file. */
const mirrored = (venv: string, source: string) => join(venv, '.pycache', dirname(source), `${basename(source, '.py')}.cpython-313.pyc`);

test('a shared file is imported from the bytecode another venv compiled, under its own path', async () => {
  const { donor, fresh } = twoVenvs();
  expect((await importIn(donor, 'import shared, own, json')).code).toBe(0);

  const lent = lendBytecode(fresh, [donor], interpreterPrefix);

  expect(existsSync(mirrored(fresh, join(site(fresh), 'shared.py')))).toBe(true);
  expect(existsSync(mirrored(fresh, join(site(fresh), 'own.py')))).toBe(false);
  expect(existsSync(join(fresh, '.pycache', interpreterPrefix, 'lib/python3.13/json/__init__.cpython-313.pyc'))).toBe(true);
  expect(lent).toBeGreaterThanOrEqual(2);

  const imported = await importIn(fresh, 'import shared; print(shared.answer.__code__.co_filename, shared.answer())');
  expect(imported.code).toBe(0);
  expect(imported.stdout.trim()).toBe(`${join(site(fresh), 'shared.py')} 42`);
  expect(imported.stderr).toContain(`code object from '${mirrored(fresh, join(site(fresh), 'shared.py'))}'`);
});

test('a file changed since (another inode) is not lent, and a second lending adds nothing', async () => {
  const { donor, fresh } = twoVenvs();
  expect((await importIn(donor, 'import shared')).code).toBe(0);
  rmSync(join(site(fresh), 'shared.py'));
  writeFileSync(join(site(fresh), 'shared.py'), 'def answer():\n    return 7\n');

  lendBytecode(fresh, [donor], interpreterPrefix);
  expect(existsSync(mirrored(fresh, join(site(fresh), 'shared.py')))).toBe(false);
  const imported = await importIn(fresh, 'import shared; print(shared.answer())');
  expect(imported.stdout.trim()).toBe('7');
  expect(lendBytecode(fresh, [donor], interpreterPrefix)).toBe(0);
});

test('a venv without a site folder, or donors without bytecode, get nothing', () => {
  const { donor, fresh } = twoVenvs();
  expect(lendBytecode(join(root, 'missing'), [donor], interpreterPrefix)).toBe(0);
  expect(lendBytecode(fresh, [donor, join(root, 'missing')], interpreterPrefix)).toBe(0);
});
