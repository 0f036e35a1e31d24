/**
 * A model deleted by hand while the record keeps it: the next command keeps the deletion (the
 * user's edit) and says, after the run, that the model is still on record and how to take it
 * out; `model <app> <Model> --remove` then does, and the note is gone. A model moved into a
 * models/ package, and an adopted app, are not mistaken for deleted ones.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelsGoneByHand } from '../../lib/model/gone-by-hand.js';
import { generateInProcess } from '../support/generate-in-process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { writeFiles } from '../reconcile/helpers.js';
import { blogProject, commitAll, recordedModels } from './blog-project.js';

const { copy } = blogProject('gone-by-hand');
const model = (dir: string, ...args: string[]) => generateInProcess(['model', ...args], { cwd: dir });
const note = (name: string) =>
  `Note: blog.${name} is on record, but no module of src/apps/blog/ defines class ${name}; take it out with djangoflow model blog ${name} --remove (its admin, API and tests still name it)`;

test('a model deleted from models.py by hand: the run keeps the deletion and names the fix, which clears it', async () => {
  const dir = copy('deleted');
  expect((await model(dir, 'blog', 'Tag', 'name:slug')).code).toBe(0);
  commitAll(dir, 'tag');
  const path = join(dir, 'src/apps/blog/models.py');
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf('class Tag(');
  expect(start).toBeGreaterThan(0);
  writeFileSync(path, text.slice(0, start).trimEnd() + '\n');
  commitAll(dir, 'Tag deleted by hand');

  const grown = await model(dir, 'blog', 'Post', 'subtitle:str');
  expect(grown.code).toBe(0);
  expect(grown.stdout.split('\n')).toContain(note('Tag'));
  expect(grown.stdout).not.toContain(note('Post'));
  expect(readFileSync(path, 'utf8')).not.toMatch(/class Tag\b/);
  commitAll(dir, 'subtitle');

  const removed = await model(dir, 'blog', 'Tag', '--remove');
  expect(removed.code).toBe(0);
  expect(removed.stdout).not.toContain('Note: blog.Tag');
  expect(recordedModels(dir, 'blog').map((m: { name: string }) => m.name)).toEqual(['Post']);
});

test('a models.py the merge leaves in conflict (bytes that are not UTF-8: a sidecar holds the new models) gets no note', async () => {
  const dir = copy('conflicted');
  const path = join(dir, 'src/apps/blog/models.py');
  writeFileSync(path, Buffer.concat([readFileSync(path), Buffer.from('\n# caf\xe9\n', 'latin1')]));
  commitAll(dir, 'a Latin-1 comment');
  const run = await model(dir, 'blog', 'Tag', 'name:slug');
  expect(run.code).toBe(3);
  expect(run.stdout).toMatch(/conflict\s+src\/apps\/blog\/models\.py/);
  expect(readFileSync(`${path}.djangoflow-new`, 'utf8')).toMatch(/^class Tag\(/m);
  expect(run.stdout).not.toContain('Note: blog.');
});

describe('modelsGoneByHand reads the app, never writes it', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeTempDir));
  const project = (files: Record<string, string>) => {
    const dir = makeTempDir('gone-by-hand-unit');
    dirs.push(dir);
    writeFiles(dir, files);
    return dir;
  };
  const apps = [{ name: 'blog', models: [{ name: 'Post', fields: [] }, { name: 'Tag', fields: [] }] }];

  test('a class in models.py or anywhere in a models/ package counts; migrations and tests do not', () => {
    const dir = project({
      'src/apps/blog/models/__init__.py': 'from .post import Post\n',
      'src/apps/blog/models/post.py': 'class Post(TimeStampedModel):\n    pass\n',
      'src/apps/blog/migrations/0001_initial.py': 'class Tag:\n    pass\n',
      'src/apps/blog/tests/test_models.py': 'class Tag:\n    pass\n',
      'src/apps/blog/admin.py': 'class TagAdmin(admin.ModelAdmin):\n    pass\n',
    });
    expect(modelsGoneByHand(dir, { apps })).toEqual([note('Tag')]);
    expect(modelsGoneByHand(dir, { apps }, ['src/apps/blog/models.py'])).toEqual([]);
    expect(modelsGoneByHand(dir, { apps }, ['src/apps/blogs/models.py'])).toEqual([note('Tag')]);
    writeFileSync(join(dir, 'src/apps/blog/models/tag.py'), 'if True:\n    class Tag(TimeStampedModel):\n        pass\n');
    expect(modelsGoneByHand(dir, { apps })).toEqual([]);
  });

  test('an adopted app, an app without models and a missing folder', () => {
    const dir = project({ 'src/apps/legacy/models.py': '' });
    expect(modelsGoneByHand(dir, { apps: [{ ...apps[0]!, name: 'legacy', adopted: true }] })).toEqual([]);
    expect(modelsGoneByHand(dir, { apps: [{ name: 'legacy', models: [] }] })).toEqual([]);
    rmSync(join(dir, 'src/apps/legacy'), { recursive: true });
    expect(modelsGoneByHand(dir, { apps: [{ name: 'legacy', models: [{ name: 'Thing', fields: [] }] }] })).toEqual([
      'Note: legacy.Thing is on record, but no module of src/apps/legacy/ defines class Thing; take it out with djangoflow model legacy Thing --remove (its admin, API and tests still name it)',
    ]);
  });
});
