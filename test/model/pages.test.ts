/**
 * `djangoflow model --pages` on a generated project: the record keeps `pages: true`, the app
 * gets a form, five views, five URLs, four templates and a test module per model with pages
 * (owner-scoped where the model has an owner), a re-run keeps them and the user's edits,
 * `--no-pages` takes unedited page files out; `pages: true` in a schema file and
 * `startapp --pages` take the same path. The pages' behaviour on the real stack is in
 * pages-e2e.test.ts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles, readText } from '../support/files.js';
import { generateInProcess } from '../support/generate-in-process.js';
import { describeRun } from '../support/process.js';
import { ruffProblems } from '../support/ruff.js';
import { blogProject, commitAll, git, recordedModels } from './blog-project.js';

const { base: baseDir, copy } = blogProject('pages');

async function djangoflow(dir: string, ...args: string[]) {
  const result = await generateInProcess(args, { cwd: dir });
  expect(describeRun(`djangoflow ${args.join(' ')}`, result)).toMatch(/exited with 0/);
  return result;
}
const blogRuffProblems = (dir: string) =>
  ruffProblems(dir, listFiles(dir).filter((path) => path.startsWith('src/apps/blog/') || path === 'pyproject.toml'));

/** The files a model's pages add besides views.py, urls.py and the index page. */
const pageFiles = (model: string) => [
  `src/apps/blog/templates/blog/${model}_list.html`,
  `src/apps/blog/templates/blog/${model}_detail.html`,
  `src/apps/blog/templates/blog/${model}_form.html`,
  `src/apps/blog/templates/blog/${model}_confirm_delete.html`,
  `src/apps/blog/tests/test_${model}_pages.py`,
];


test('without --pages an app has no page files, no forms and no page URLs', () => {
  const base = baseDir();
  for (const path of [...pageFiles('post'), 'src/apps/blog/forms.py']) expect(existsSync(join(base, path))).toBe(false);
  expect(readText(base, 'src/apps/blog/urls.py')).not.toMatch(/post-list/);
  expect(recordedModels(base, 'blog')).toEqual([{ name: 'Post', fields: [{ name: 'title', type: 'str' }] }]);
});

test('--pages on a shared model: pages, a form, URLs in the app namespace, sign-in required, no owner filter', async () => {
  const dir = copy('shared');
  await djangoflow(dir, 'model', 'blog', 'Post', 'body:text', 'uid:uuid', '--pages');
  expect(recordedModels(dir, 'blog')).toEqual([
    { name: 'Post', fields: [{ name: 'title', type: 'str' }, { name: 'body', type: 'text' }, { name: 'uid', type: 'uuid' }], pages: true },
  ]);
  for (const path of pageFiles('post')) expect(existsSync(join(dir, path))).toBe(true);
  // Generated fields are never form fields.
  expect(readText(dir, 'src/apps/blog/forms.py')).toMatch(/class PostForm\(forms\.ModelForm\):[\s\S]*fields = \["title", "body"\]/);
  const views = readText(dir, 'src/apps/blog/views.py');
  for (const view of ['ListView', 'DetailView', 'CreateView', 'UpdateView', 'DeleteView']) {
    expect(views).toMatch(new RegExp(`class Post${view}\\(LoginRequiredMixin, ${view}\\):`));
  }
  expect(views).not.toMatch(/get_queryset/);
  const urls = readText(dir, 'src/apps/blog/urls.py');
  const routes = { list: 'posts/', create: 'posts/new/', detail: 'posts/<int:pk>/', update: 'posts/<int:pk>/edit/', delete: 'posts/<int:pk>/delete/' };
  for (const [name, route] of Object.entries(routes)) {
    const view = `Post${name[0]!.toUpperCase()}${name.slice(1)}View`;
    expect(urls).toContain(`path("${route}", ${view}.as_view(), name="post-${name}")`);
  }
  expect(readText(dir, 'src/apps/blog/models.py')).toMatch(/def get_absolute_url\(self\):\n\s+return reverse\("blog:post-detail", args=\[self\.pk\]\)/);
  expect(readText(dir, 'src/apps/blog/templates/blog/post_list.html')).toMatch(/^\{% extends "base\.html" %\}/);
  expect(readText(dir, 'src/apps/blog/templates/blog/index.html')).toContain(`{% url 'blog:post-list' %}`);
  const tests = readText(dir, 'src/apps/blog/tests/test_post_pages.py');
  expect(tests).toMatch(/def test_every_signed_in_user_sees_every_post/);
  expect(tests).toMatch(/payload = \{\*\*self\.payload\(\), "title": ""\}/);
  expect(blogRuffProblems(dir)).toEqual({ config: [], format: [], lint: [] });
});

test('--pages on a model with an owner: every view but create filters by it, create sets it, the form leaves it out', async () => {
  const dir = copy('owned');
  await djangoflow(dir, 'model', 'blog', 'Note', 'text:text', 'author:fk=users.User', 'cover:file', '--pages');
  const views = readText(dir, 'src/apps/blog/views.py');
  expect(views.match(/return super\(\)\.get_queryset\(\)\.filter\(author=self\.request\.user\)/g)).toHaveLength(4);
  expect(views).toMatch(/form\.instance\.author = self\.request\.user/);
  expect(readText(dir, 'src/apps/blog/forms.py')).toMatch(/fields = \["text", "cover"\]/);
  // An upload field: the form posts multipart.
  expect(readText(dir, 'src/apps/blog/templates/blog/note_form.html')).toContain('<form method="post" enctype="multipart/form-data">');
  expect(readText(dir, 'src/apps/blog/tests/test_note_pages.py')).toMatch(/def test_another_users_note_is_not_found/);
  // Post has no pages: none of its files.
  for (const path of pageFiles('post')) expect(existsSync(join(dir, path))).toBe(false);
  expect(blogRuffProblems(dir)).toEqual({ config: [], format: [], lint: [] });
});

test("a re-run keeps the pages and the user's edits of a view and a template; --no-pages takes out the unedited page files only", async () => {
  const dir = copy('edits');
  await djangoflow(dir, 'model', 'blog', 'Post', 'body:text', '--pages');
  commitAll(dir, 'pages');
  // At the top: the pages' views come and go at the end of the file.
  const viewEdit = '"""Our own views of the blog."""\n\n';
  const viewsPath = join(dir, 'src/apps/blog/views.py');
  writeFileSync(viewsPath, viewEdit + readFileSync(viewsPath, 'utf8'));
  const listPath = join(dir, 'src/apps/blog/templates/blog/post_list.html');
  writeFileSync(listPath, readFileSync(listPath, 'utf8').replace('<ul class="post-list">', '<ul class="post-list our-list">'));
  commitAll(dir, 'our edits');

  const grown = await djangoflow(dir, 'model', 'blog', 'Post', 'extra:int?');
  expect(grown.stdout).not.toMatch(/conflict/);
  expect(recordedModels(dir, 'blog')[0].pages).toBe(true);
  expect(readText(dir, 'src/apps/blog/views.py')).toContain(viewEdit.trim());
  expect(readText(dir, 'src/apps/blog/forms.py')).toMatch(/fields = \["title", "body", "extra"\]/);
  expect(readText(dir, 'src/apps/blog/templates/blog/post_list.html')).toContain('our-list');
  expect(readText(dir, 'src/apps/blog/templates/blog/post_detail.html')).toMatch(/object\.extra/);
  commitAll(dir, 'grown');

  await djangoflow(dir, 'model', 'blog', 'Post', '--no-pages');
  expect(recordedModels(dir, 'blog')[0].pages).toBeUndefined();
  // The edited list page stays the user's; the others go, and so do forms and the page URLs.
  expect(readText(dir, 'src/apps/blog/templates/blog/post_list.html')).toContain('our-list');
  for (const path of pageFiles('post').filter((p) => !p.endsWith('_list.html'))) expect(existsSync(join(dir, path))).toBe(false);
  expect(existsSync(join(dir, 'src/apps/blog/forms.py'))).toBe(false);
  expect(readText(dir, 'src/apps/blog/urls.py')).not.toMatch(/post-list/);
  expect(readText(dir, 'src/apps/blog/views.py')).toContain(viewEdit.trim());
  expect(readText(dir, 'src/apps/blog/views.py')).not.toMatch(/PostListView/);
});

test('pages: true in a schema file and startapp --pages record the same pages', async () => {
  const dir = copy('schema');
  writeFileSync(join(dir, 'schema.yaml'), ['blog:', '  Post:', '    pages: true', '  Comment:', '    text: text', '    pages: true', ''].join('\n'));
  commitAll(dir, 'schema');
  await djangoflow(dir, 'model', '--from', 'schema.yaml');
  expect(recordedModels(dir, 'blog')).toEqual([
    { name: 'Post', fields: [{ name: 'title', type: 'str' }], pages: true },
    { name: 'Comment', fields: [{ name: 'text', type: 'text' }], pages: true },
  ]);
  for (const path of [...pageFiles('post'), ...pageFiles('comment')]) expect(existsSync(join(dir, path))).toBe(true);
  commitAll(dir, 'comments');

  await djangoflow(dir, 'startapp', 'shop', '--model', 'Order', 'code:str', '--pages');
  expect(recordedModels(dir, 'shop')).toEqual([{ name: 'Order', fields: [{ name: 'code', type: 'str' }], pages: true }]);
  expect(existsSync(join(dir, 'src/apps/shop/templates/shop/order_detail.html'))).toBe(true);
});

describe('refusals: one line, exit 1, nothing written', () => {
  test.each([
    [['model', 'blog', 'Post', '--remove', '--pages'], /--remove takes the whole model out: give no fields or --pages with it/],
    [['model', '--from', 'schema.yaml', '--pages'], /--from takes the models from the file/],
    [['startapp', 'shop', '--pages'], /--pages gives pages to the app's models: give them with --model/],
    // Post's pages would define PostForm and PostListView: models of those names are refused, pages or not.
    [['model', 'blog', 'PostForm', 'name:str'], /model name "PostForm" clashes with a class the app's generated code defines or imports/],
    [['model', 'blog', 'DetailView', 'name:str', '--pages'], /model name "DetailView" clashes with a class/],
  ])('%j', async (args, message) => {
    const dir = copy('refused');
    const before = git(dir, 'status', '--porcelain');
    const result = await generateInProcess(args, { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(git(dir, 'status', '--porcelain')).toBe(before);
  });

  test('a recorded pages value that is not true is refused by the record check', async () => {
    const dir = copy('record');
    const rc = JSON.parse(readText(dir, '.yo-rc.json'));
    rc['generator-djangoflow'].apps[0].models[0].pages = 'yes';
    writeFileSync(join(dir, '.yo-rc.json'), `${JSON.stringify(rc, null, 2)}\n`);
    commitAll(dir, 'hand-edited record');
    const result = await generateInProcess(['model', 'blog', 'Post', 'body:text'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'djangoflow: .yo-rc.json: apps[0].models[0].pages: must be true, or left out for no pages; fix it or restore the file from git',
    );
  });
});
