/**
 * `yo djangoflow:plugin`: Yeoman finds the plugin generator next to the main one and runs
 * the same command, its options registered from the catalog.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeTempDir } from '../support/tempdir.js';
import { installedPackage, yeomanEnv } from '../support/yeoman.js';
import { generatedProject } from './helpers.js';

let dir: string;
let modules: string;
beforeAll(async () => {
  dir = await generatedProject();
  modules = installedPackage('yo-plugin-modules');
}, 120_000);
afterAll(() => {
  removeTempDir(dir);
  removeTempDir(modules);
});

test('yo djangoflow:plugin storages --storage gcs adds the plugin with the chosen provider', async () => {
  const { env, namespaces } = await yeomanEnv(dir, modules);
  expect(namespaces).toContain('djangoflow:plugin');
  await env.run(['djangoflow:plugin', 'storages'], { storage: 'gcs', defaults: true, skipInstall: true } as never);
  const record = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-djangoflow'];
  expect(record.answers.storage).toBe('gcs');
  expect(readFileSync(join(dir, 'src/config/settings/base.py'), 'utf8')).toContain('from config.sections.storages import *');
}, 300_000);
