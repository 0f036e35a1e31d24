/**
 * `yo djangoflow` path: Yeoman's environment finds the built generator the way yo does
 * (a package named generator-djangoflow) and runs it with options from the question table.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from './support/tempdir.js';
import { installedPackage, yeomanEnv } from './support/yeoman.js';

let dir: string;
let modules: string;
beforeAll(() => {
  dir = makeTempDir('yo');
  modules = installedPackage('yo-modules');
});
afterAll(() => {
  removeTempDir(dir);
  removeTempDir(modules);
});

test('yo djangoflow generates the project with options mirrored from the questions', async () => {
  const { env, namespaces } = await yeomanEnv(dir, modules);
  expect(namespaces).toContain('djangoflow:app');
  const options = { defaults: true, projectName: 'Yo Shop', ci: 'gitlab', skipInstall: true };
  await env.run(['djangoflow'], options as never);
  const record = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-djangoflow'];
  expect(record.answers).toMatchObject({ projectName: 'Yo Shop', projectSlug: 'yo_shop', ci: 'gitlab' });
  expect(existsSync(join(dir, 'src/manage.py'))).toBe(true);
  expect(existsSync(join(dir, '.gitlab-ci.yml'))).toBe(true);
  expect(existsSync(join(dir, '.github'))).toBe(false);
});
