/**
 * `yo djangoflow:plugin`: Yeoman finds the plugin generator next to the main one and runs
 * the same command, its options registered from the catalog.
 */
import { readFileSync } from 'node:fs';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createEnv } from 'yeoman-environment';
import { repoRoot } from '../support/paths.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { generatedProject } from './helpers.js';

let dir: string;
let modules: string;
beforeAll(async () => {
  dir = await generatedProject();
  modules = makeTempDir('yo-plugin-modules');
  mkdirSync(join(modules, 'node_modules'));
  symlinkSync(repoRoot, join(modules, 'node_modules', 'generator-djangoflow'));
}, 120_000);
afterAll(() => {
  removeTempDir(dir);
  removeTempDir(modules);
});

test('yo djangoflow:plugin storages --storage gcs adds the plugin with the chosen provider', async () => {
  const env = createEnv({ cwd: dir });
  const found = await env.lookup({ packagePaths: [join(modules, 'node_modules', 'generator-djangoflow')] });
  expect(found.map((g) => g.namespace)).toContain('djangoflow:plugin');
  await env.run(['djangoflow:plugin', 'storages'], { storage: 'gcs', defaults: true, skipInstall: true } as never);
  const record = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-djangoflow'];
  expect(record.answers.storage).toBe('gcs');
  expect(readFileSync(join(dir, 'src/config/settings/base.py'), 'utf8')).toContain('from config.sections.storages import *');
}, 300_000);
