/**
 * `djangoflow model` on a generated project: a model grows, a new one joins, fields and
 * models are taken out, many come from a schema file; everything goes through the record
 * and the 3-way reconcile, so the user's own edits of each generated module stay. Bad specs
 * are refused with one line and nothing written.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fieldTypes } from '../../lib/render/field-types.js';
import { listFiles, readText } from '../support/files.js';
import { generateInProcess } from '../support/generate-in-process.js';
import { describeRun } from '../support/process.js';
import { ruffProblems } from '../support/ruff.js';
import { blogProject, commitAll, recordedModels } from './blog-project.js';

const { copy, removeLater } = blogProject('model');
const model = (dir: string, ...args: string[]) => generateInProcess(['model', ...args], { cwd: dir });
const snapshot = (dir: string) =>
  Object.fromEntries(listFiles(dir).map((path) => [path, createHash('sha256').update(readFileSync(join(dir, path))).digest('hex')]));
const blogRuffProblems = (dir: string) =>
  ruffProblems(dir, listFiles(dir).filter((path) => path.startsWith('src/apps/blog/') || path === 'pyproject.toml'));

const adminNote = '"""Staff pages of the blog."""';

/** The user's own code at the end of each generated module of the blog app. */
const edits: Record<string, string> = {
  'models.py': '\n    def teaser(self):\n        return self.title[:20]\n',
  'drf/serializers.py': '\n    def validate_title(self, value):\n        return value.strip()\n',
  'drf/viewsets.py': '\n    def get_queryset(self):\n        return super().get_queryset().order_by("title")\n',
  'views.py': '\n    def get_queryset(self):\n        return super().get_queryset().order_by("title")\n',
  'tests/test_models.py': '\n    def test_teaser_is_short(self):\n        self.assertEqual(len(PostFactory(title="x" * 50).teaser()), 20)\n',
};

test("a model grows by a field; the user's edits of models, admin, serializers, viewsets, views and tests stay", async () => {
  const dir = copy('grow');
  for (const [file, text] of Object.entries(edits)) appendFileSync(join(dir, 'src/apps/blog', file), text);
  // The end of PostAdmin is where new options go: the user's note sits at the top instead.
  const adminPath = join(dir, 'src/apps/blog/admin.py');
  writeFileSync(adminPath, `${adminNote}\n\n${readFileSync(adminPath, 'utf8')}`);
  commitAll(dir, 'our code');

  const result = await model(dir, 'blog', 'Post', 'subtitle:str?:120', 'status:choice=draft,published:default=draft');
  expect(describeRun('model', result)).toMatch(/exited with 0/);
  expect(result.stdout).not.toMatch(/conflict/);
  expect(result.stdout).toMatch(/python src\/manage\.py makemigrations blog\n {2}python src\/manage\.py migrate/);

  for (const [file, text] of Object.entries(edits)) expect(readText(dir, `src/apps/blog/${file}`)).toContain(text.trim());
  expect(readText(dir, 'src/apps/blog/admin.py').startsWith(adminNote)).toBe(true);
  const models = readText(dir, 'src/apps/blog/models.py');
  expect(models).toMatch(/subtitle = models\.CharField\(_\("subtitle"\), max_length=120, blank=True\)/);
  expect(models).toMatch(/choices=\[\("draft", _\("Draft"\)\), \("published", _\("Published"\)\)\]/);
  expect(readText(dir, 'src/apps/blog/drf/serializers.py')).toMatch(/fields = \["id", "title", "subtitle", "status"\]/);
  expect(readText(dir, 'src/apps/blog/admin.py')).toMatch(/list_filter = \["status"\]/);
  expect(recordedModels(dir, 'blog')).toEqual([
    {
      name: 'Post',
      fields: [
        { name: 'title', type: 'str' },
        { name: 'subtitle', type: 'str', optional: true, maxLength: 120 },
        { name: 'status', type: 'choice', choices: ['draft', 'published'], default: 'draft' },
      ],
    },
  ]);
  expect(blogRuffProblems(dir)).toEqual({ config: [], format: [], lint: [] });

  // And out again: the field goes from every module, the user's code stays.
  commitAll(dir, 'grown');
  const removed = await model(dir, 'blog', 'Post', '--remove-field', 'subtitle');
  expect(describeRun('model --remove-field', removed)).toMatch(/exited with 0/);
  expect(readText(dir, 'src/apps/blog/models.py')).not.toMatch(/subtitle/);
  expect(readText(dir, 'src/apps/blog/drf/serializers.py')).toMatch(/fields = \["id", "title", "status"\]/);
  for (const [file, text] of Object.entries(edits)) expect(readText(dir, `src/apps/blog/${file}`)).toContain(text.trim());
});

test("options the template adds after the user's own method are merged formatted, as the project's ruff format wants", async () => {
  const dir = copy('after-method');
  const adminPath = join(dir, 'src/apps/blog/admin.py');
  const method = '\n    def has_delete_permission(self, request, obj=None):\n        return False\n';
  appendFileSync(adminPath, method);
  commitAll(dir, 'our admin method');

  // A relation brings raw_id_fields, which the merge places after the method.
  const result = await model(dir, 'blog', 'Post', 'editor:fk=users.User?');
  expect(describeRun('model', result)).toMatch(/exited with 0/);
  expect(result.stdout).toMatch(/merge +src\/apps\/blog\/admin\.py: you and the template both changed it; merged\n/);
  const admin = readText(dir, 'src/apps/blog/admin.py');
  expect(admin).toContain(method.trim());
  expect(admin).toMatch(/raw_id_fields = \["editor"\]/);
  expect(blogRuffProblems(dir)).toEqual({ config: [], format: [], lint: [] });
});

test('a new model joins the app, relates to the first, and goes again with --remove once nothing points at it', async () => {
  const dir = copy('add');
  // An edit inside the file: the new model is appended after it.
  const modelsPath = join(dir, 'src/apps/blog/models.py');
  writeFileSync(modelsPath, readFileSync(modelsPath, 'utf8').replace('ordering = ["-pk"]', 'ordering = ["title"]'));
  commitAll(dir, 'our ordering');

  expect((await model(dir, 'blog', 'Tag', 'name:slug')).code).toBe(0);
  commitAll(dir, 'tag');
  const grown = await model(dir, 'blog', 'Post', 'tags:m2m=Tag', 'editor:fk=users.User?', 'profile:o2o=users.User');
  expect(describeRun('model', grown)).toMatch(/exited with 0/);
  const models = readText(dir, 'src/apps/blog/models.py');
  expect(models).toContain('ordering = ["title"]');
  expect(models).toMatch(/class Tag\(TimeStampedModel\):/);
  expect(models).toMatch(/related_name="blog_posts_editor",\s+null=True,\s+blank=True,/);
  expect(models).toMatch(/related_name="blog_post_profile"/);
  expect(readText(dir, 'src/apps/blog/drf/urls.py')).toMatch(/TagViewSet/);
  expect(blogRuffProblems(dir)).toEqual({ config: [], format: [], lint: [] });
  commitAll(dir, 'relations');

  const refused = await model(dir, 'blog', 'Tag', '--remove');
  expect(refused.code).toBe(1);
  expect(refused.stderr.trim()).toBe('djangoflow: blog.Tag is the target of blog.Post.tags; take those fields out first (--remove-field)');
  expect((await model(dir, 'blog', 'Post', '--remove-field', 'tags')).code).toBe(0);
  commitAll(dir, 'no tags');
  expect((await model(dir, 'blog', 'Tag', '--remove')).code).toBe(0);
  expect(readText(dir, 'src/apps/blog/models.py')).not.toMatch(/class Tag/);
  expect(readText(dir, 'src/apps/blog/models.py')).toContain('ordering = ["title"]');
});

test('--from schema.yaml adds many models at once; a bad field is named by file and line', async () => {
  const dir = copy('schema');
  writeFileSync(
    join(dir, 'schema.yaml'),
    ['blog:', '  Post:', '    title: str', '    body: text?', '  Comment:', '    post: fk=Post', '    text: text', '    at: datetime', ''].join('\n'),
  );
  commitAll(dir, 'schema');
  const result = await model(dir, '--from', 'schema.yaml');
  expect(describeRun('model --from', result)).toMatch(/exited with 0/);
  expect(recordedModels(dir, 'blog').map((m: { name: string }) => m.name)).toEqual(['Post', 'Comment']);
  expect(readText(dir, 'src/apps/blog/models.py')).toMatch(/body = models\.TextField\(_\("body"\), blank=True\)/);
  expect(blogRuffProblems(dir)).toEqual({ config: [], format: [], lint: [] });

  commitAll(dir, 'comments');
  writeFileSync(join(dir, 'bad.yaml'), ['blog:', '  Tag:', '    name: str', '    size: huge', ''].join('\n'));
  commitAll(dir, 'bad schema');
  const before = snapshot(dir);
  const bad = await model(dir, '--from', 'bad.yaml');
  expect(bad.code).toBe(1);
  expect(bad.stderr.trim()).toMatch(/^djangoflow: bad\.yaml:4: field "size:huge" of Tag: unknown type "huge"/);
  expect(snapshot(dir)).toEqual(before);
});

describe('refusals: one line, exit 1, nothing written', () => {
  let dir: string;
  let before: Record<string, string>;
  beforeAll(() => {
    dir = copy('refusals');
    mkdirSync(join(dir, 'src/apps/legacy'));
    writeFileSync(join(dir, 'src/apps/legacy/__init__.py'), '');
    commitAll(dir, 'a hand-made app');
    before = snapshot(dir);
  });

  test.each([
    [['blog', 'Post', 'size:huge'], /unknown type "huge"/],
    [['blog', 'Post', 'title:text'], /blog\.Post has a field "title" already; take it out first: --remove-field title/],
    [['blog', 'Tag', 'name:str', 'name:slug'], /field "name" is given twice/],
    [['blog', 'Post', 'save:str'], /clashes with the Django model attribute "save"/],
    [['blog', 'Post', 'shop:fk=shop.Order'], /the project has no app "shop"/],
    [['blog', 'Post', 'next:fk=Comment'], /app "blog" has no model "Comment"/],
    [['blog', 'Post', '--remove-field', 'body'], /blog\.Post has no field "body" \(fields: title\)/],
    [['blog', 'Tag', '--remove'], /app blog has no model "Tag" \(models: Post\)/],
    [['blog', 'Post'], /blog\.Post exists; give fields to add/],
    [['blog', 'PostFactory', 'a:str'], /clashes with a class the app's generated code defines/],
    [['legacy', 'Thing', 'name:str'], /app "legacy" was made by hand and djangoflow has no record of it/],
    [['shop', 'Order', 'name:str'], /the project has no app "shop"; create it first: djangoflow startapp shop/],
    [['users', 'Profile', 'bio:text'], /"users" is a starter app/],
    [['blog'], /model needs an app and a model/],
  ])('model %j', async (args, message) => {
    const result = await model(dir, ...args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(snapshot(dir)).toEqual(before);
  });
});

test('model --help names every type of the field-type table, with its arguments', async () => {
  const result = await generateInProcess(['model', '--help']);
  removeLater(result.dir);
  expect(result.code).toBe(0);
  const fieldsLine = result.stdout.split('\n').find((line) => line.trimStart().startsWith('fields '))!;
  const named = fieldsLine.slice(fieldsLine.indexOf('types: ') + 'types: '.length).split(' ').map((word) => word.split('=')[0]);
  expect(named).toEqual(Object.keys(fieldTypes));
  expect(result.stdout).toMatch(/--remove-field <NAME>/);
});

test('a required field without a default on a model that may have rows is added, with a note on what makemigrations will ask', async () => {
  const dir = copy('note');
  const result = await model(dir, 'blog', 'Post', 'body:text', 'summary:text?', 'views:int:default=0');
  expect(describeRun('model', result)).toMatch(/exited with 0/);
  const notes = result.stdout.split('\n').filter((line) => line.startsWith('Note:'));
  expect(notes).toEqual(['Note: blog.Post.body is required and has no default: makemigrations asks for a value for the rows that exist.']);
});

test('an image field declares an ImageField and puts Pillow in the base requirements; removing it takes Pillow out', async () => {
  const dir = copy('image');
  const pillow = /^Pillow==\d+\.\d+\.\d+$/m;
  expect(readText(dir, 'base/requirements/base.txt')).not.toMatch(pillow);
  const added = await model(dir, 'blog', 'Post', 'cover:image');
  expect(describeRun('model', added)).toMatch(/exited with 0/);
  expect(readText(dir, 'src/apps/blog/models.py')).toMatch(/cover = models\.ImageField\(_\("cover"\), upload_to="blog\/posts\/", blank=True\)/);
  expect(readText(dir, 'base/requirements/base.txt')).toMatch(pillow);
  expect(blogRuffProblems(dir)).toEqual({ config: [], format: [], lint: [] });
  commitAll(dir, 'cover');
  const removed = await model(dir, 'blog', 'Post', '--remove-field', 'cover');
  expect(describeRun('model', removed)).toMatch(/exited with 0/);
  expect(readText(dir, 'base/requirements/base.txt')).not.toMatch(pillow);
});
