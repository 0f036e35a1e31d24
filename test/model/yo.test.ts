/** `yo djangoflow:model` and `yo djangoflow:adopt-app`: the same commands through Yeoman's environment. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readText } from '../support/files.js';
import { generate } from '../support/generate.js';
import { describeRun } from '../support/process.js';
import { removeTempDir } from '../support/tempdir.js';
import { installedPackage, yeomanEnv } from '../support/yeoman.js';

let dir: string;
let modules: string;
beforeAll(async () => {
  modules = installedPackage('model-yo-modules');
  const generated = await generate(['--defaults', '--project-name', 'Yo Models']);
  dir = generated.dir;
  expect(describeRun('generate', generated)).toMatch(/exited with 0/);
  const blog = await generate(['startapp', 'blog', '--model', 'Post', 'title:str'], { cwd: dir });
  expect(describeRun('startapp', blog)).toMatch(/exited with 0/);
});
afterAll(() => {
  removeTempDir(dir);
  removeTempDir(modules);
});

test('yo djangoflow:model grows a model, then takes a field out', async () => {
  const { env, namespaces } = await yeomanEnv(dir, modules);
  expect(namespaces).toContain('djangoflow:model');
  await env.run(['djangoflow:model', 'blog', 'Post', 'subtitle:str?', 'status:choice=draft,published', '--force']);
  const models = () => JSON.parse(readText(dir, '.yo-rc.json'))['generator-djangoflow'].apps[0].models;
  expect(models()).toEqual([
    {
      name: 'Post',
      fields: [
        { name: 'title', type: 'str' },
        { name: 'subtitle', type: 'str', optional: true },
        { name: 'status', type: 'choice', choices: ['draft', 'published'] },
      ],
    },
  ]);
  expect(readText(dir, 'src/apps/blog/models.py')).toMatch(/subtitle = models\.CharField\(_\("subtitle"\), max_length=255, blank=True\)/);
  await env.run(['djangoflow:model', 'blog', 'Post', '--remove-field', 'subtitle', '--force']);
  expect(models()[0].fields.map((f: { name: string }) => f.name)).toEqual(['title', 'status']);
});

test('yo djangoflow:model --pages and --no-pages give the model its pages and take them out', async () => {
  const { env } = await yeomanEnv(dir, modules);
  const listPage = join(dir, 'src/apps/blog/templates/blog/post_list.html');
  await env.run(['djangoflow:model', 'blog', 'Post', '--pages', '--force']);
  expect(JSON.parse(readText(dir, '.yo-rc.json'))['generator-djangoflow'].apps[0].models[0].pages).toBe(true);
  expect(existsSync(listPage)).toBe(true);
  await env.run(['djangoflow:model', 'blog', 'Post', '--no-pages', '--force']);
  expect(JSON.parse(readText(dir, '.yo-rc.json'))['generator-djangoflow'].apps[0].models[0].pages).toBeUndefined();
  expect(existsSync(listPage)).toBe(false);
});

test('yo djangoflow:adopt-app records an app made by hand and leaves its files as they are', async () => {
  const { env, namespaces } = await yeomanEnv(dir, modules);
  expect(namespaces).toContain('djangoflow:adopt-app');
  const appsPy = 'from django.apps import AppConfig\n\n\nclass LegacyConfig(AppConfig):\n    name = "legacy"\n';
  mkdirSync(join(dir, 'src/apps/legacy'));
  writeFileSync(join(dir, 'src/apps/legacy/apps.py'), appsPy);
  await env.run(['djangoflow:adopt-app', 'legacy', '--force']);
  const apps = JSON.parse(readText(dir, '.yo-rc.json'))['generator-djangoflow'].apps;
  expect(apps.find((app: { name: string }) => app.name === 'legacy')).toEqual({ name: 'legacy', models: [], adopted: true });
  expect(readText(dir, 'src/apps/legacy/apps.py')).toBe(appsPy);
});
