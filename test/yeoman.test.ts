/**
 * `yo djangoflow` path: Yeoman's environment finds the built generator the way yo does
 * (a package named generator-djangoflow) and runs it with options from the question table.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createEnv } from 'yeoman-environment';
import { repoRoot } from './support/paths.js';
import { makeTempDir, removeTempDir } from './support/tempdir.js';

let dir: string;
let modules: string;
beforeAll(() => {
  dir = makeTempDir('yo');
  modules = makeTempDir('yo-modules');
  mkdirSync(join(modules, 'node_modules'));
  symlinkSync(repoRoot, join(modules, 'node_modules', 'generator-djangoflow'));
});
afterAll(() => {
  removeTempDir(dir);
  removeTempDir(modules);
});

test('yo djangoflow generates the project with options mirrored from the questions', async () => {
  const env = createEnv({ cwd: dir });
  const found = await env.lookup({ packagePaths: [join(modules, 'node_modules', 'generator-djangoflow')] });
  expect(found.map((g) => g.namespace)).toContain('djangoflow:app');
  const options = { defaults: true, projectName: 'Yo Shop', ci: 'gitlab', skipInstall: true };
  await env.run(['djangoflow'], options as never);
  const record = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-djangoflow'];
  expect(record.answers).toMatchObject({ projectName: 'Yo Shop', projectSlug: 'yo_shop', ci: 'gitlab' });
  expect(existsSync(join(dir, 'src/manage.py'))).toBe(true);
  expect(existsSync(join(dir, '.gitlab-ci.yml'))).toBe(true);
  expect(existsSync(join(dir, '.github'))).toBe(false);
});
