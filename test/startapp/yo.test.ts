/** `yo djangoflow:startapp`: the same command through Yeoman's environment. */
import { readText } from '../support/files.js';
import { generate } from '../support/generate.js';
import { describeRun } from '../support/process.js';
import { removeTempDir } from '../support/tempdir.js';
import { installedPackage, yeomanEnv } from '../support/yeoman.js';

let dir: string;
let modules: string;
beforeAll(async () => {
  modules = installedPackage('startapp-yo-modules');
  const generated = await generate(['--defaults', '--project-name', 'Yo Blog']);
  dir = generated.dir;
  expect(describeRun('generate', generated)).toMatch(/exited with 0/);
});
afterAll(() => {
  removeTempDir(dir);
  removeTempDir(modules);
});

test('yo djangoflow:startapp adds the app with its models (one quoted --model per model)', async () => {
  const { env, namespaces } = await yeomanEnv(dir, modules);
  expect(namespaces).toContain('djangoflow:startapp');
  await env.run(['djangoflow:startapp', 'blog', '--model', 'Post title:str tags:m2m=Tag', '--model', 'Tag name:slug']);
  const record = JSON.parse(readText(dir, '.yo-rc.json'))['generator-djangoflow'];
  expect(record.apps).toEqual([
    {
      name: 'blog',
      models: [
        { name: 'Post', fields: [{ name: 'title', type: 'str' }, { name: 'tags', type: 'm2m', target: 'blog.Tag' }] },
        { name: 'Tag', fields: [{ name: 'name', type: 'slug' }] },
      ],
    },
  ]);
  expect(readText(dir, 'src/apps/blog/models.py')).toMatch(/class Tag\(TimeStampedModel\)/);
  expect(readText(dir, 'src/config/sections/apps.py')).toMatch(/"blog",/);
});
