/**
 * The mypy cache per project shape (mypy-cache.ts): a shape keeps its own folder, another
 * shape never sees it, and two runs of one shape never hold the folder at once.
 * The mypy runs here are stand-ins that write into the folder they are given.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './ports.js';
import { projectShapeKey, withMypyCache } from './mypy-cache.js';
import { makeTempDir, removeTempDir } from './tempdir.js';

let root = '';
beforeEach(() => (root = makeTempDir('mypy-cache')));
afterEach(() => removeTempDir(root));

function project(name: string, files: string[]): string {
  const dir = join(root, name);
  for (const file of files) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), `# ${name}\n`);
  }
  return dir;
}

/** A stand-in mypy: records what it found in the cache folder, then writes its own entry. */
const fakeMypy = (entry: string, seen: string[][]) => async (cache: string) => {
  seen.push(['users', 'blog'].filter((name) => existsSync(join(cache, name))));
  writeFileSync(join(cache, entry), entry);
  return { code: 0, stdout: '', stderr: '' };
};

test('the shape is the set of Python file paths: contents and other files do not change it', () => {
  const first = project('a', ['src/users/models.py', 'README.md']);
  const same = project('b', ['src/users/models.py', 'docs/index.md']);
  writeFileSync(join(same, 'src/users/models.py'), 'changed = True\n');
  const other = project('c', ['src/users/models.py', 'src/blog/models.py']);
  expect(projectShapeKey(same)).toBe(projectShapeKey(first));
  expect(projectShapeKey(other)).not.toBe(projectShapeKey(first));
});

test('a shape keeps its own cache; another shape never sees it', async () => {
  const venv = join(root, 'venv');
  const users = project('users', ['src/users/models.py']);
  const blog = project('blog', ['src/users/models.py', 'src/blog/models.py']);
  const seen: string[][] = [];
  await withMypyCache(venv, users, fakeMypy('users', seen));
  await withMypyCache(venv, blog, fakeMypy('blog', seen));
  await withMypyCache(venv, users, fakeMypy('users', seen));
  await withMypyCache(venv, blog, fakeMypy('blog', seen));
  expect(seen).toEqual([[], [], ['users'], ['blog']]);
  expect(readdirSync(join(venv, '.mypy-caches')).filter((name) => !name.endsWith('.lock'))).toHaveLength(2);
});

test('two runs of one shape take turns', async () => {
  const venv = join(root, 'venv');
  const dir = project('p', ['src/app.py']);
  let running = 0;
  let most = 0;
  const slow = async () => {
    most = Math.max(most, ++running);
    await sleep(300);
    running--;
    return { code: 0, stdout: '', stderr: '' };
  };
  await Promise.all([withMypyCache(venv, dir, slow), withMypyCache(venv, dir, slow)]);
  expect(most).toBe(1);
});
