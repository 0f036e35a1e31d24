/**
 * `djangoflow startapp` on generated projects: the files of each variant, registration
 * through the state and the reconcile (the user's edits survive), and the refusals that
 * write nothing.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { listFiles, readText } from '../support/files.js';
import { generateInProcess } from '../support/generate-in-process.js';
import { describeRun } from '../support/process.js';
import { ruffProblems } from '../support/ruff.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';

const templates: Record<string, string> = {};
const temps: string[] = [];

async function project(label: string, args: string[]): Promise<string> {
  const result = await generateInProcess(['--defaults', '--project-name', 'Acme', ...args]);
  temps.push(result.dir);
  if (result.code !== 0) throw new Error(describeRun(`generate ${label}`, result));
  return result.dir;
}

/** A fresh copy of a generated project (generation is the slow part). */
function copyOf(label: string): string {
  const dir = makeTempDir(`startapp-${label}`);
  temps.push(dir);
  cpSync(templates[label], dir, { recursive: true });
  return dir;
}

const startapp = (dir: string, ...args: string[]) => generateInProcess(['startapp', ...args], { cwd: dir });

function snapshot(dir: string): Record<string, string> {
  const files = listFiles(dir);
  return Object.fromEntries(files.map((path) => [path, createHash('sha256').update(readFileSync(join(dir, path))).digest('hex')]));
}

function recordedApps(dir: string): unknown {
  return JSON.parse(readText(dir, '.yo-rc.json'))['generator-djangoflow'].apps;
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], { cwd: dir, encoding: 'utf8' });
}

/** The python files of one app, linted and format-checked under the project's ruff settings. */
function appRuffProblems(dir: string, app: string) {
  const files = listFiles(dir).filter((path) => path.startsWith(`src/apps/${app}/`) || path === 'pyproject.toml');
  return ruffProblems(dir, files);
}

/** The python files under src/ that define a `UserFactory` class: the project has exactly one. */
const userFactoryClasses = (dir: string) =>
  listFiles(dir).filter((path) => path.startsWith('src/') && path.endsWith('.py') && /^class UserFactory\b/m.test(readText(dir, path)));

/** From the first LOCAL_APPS line to INSTALLED_APPS: every list of the project's own apps. */
const localApps = (dir: string) => /LOCAL_APPS[\s\S]*?INSTALLED_APPS = /.exec(readText(dir, 'src/config/sections/apps.py'))?.[0] ?? '';
const appFiles = (dir: string, app: string) =>
  listFiles(dir)
    .filter((path) => path.startsWith(`src/apps/${app}/`))
    .map((path) => path.slice(`src/apps/${app}/`.length));

beforeAll(async () => {
  [templates.drf, templates.plain] = await Promise.all([project('drf', ['--api', 'drf']), project('plain', ['--api', 'none'])]);
});
afterAll(() => temps.forEach(removeTempDir));

describe('an app without models', () => {
  test('without an API: the Django app, its page and its test; no API layer', async () => {
    const dir = copyOf('plain');
    const result = await startapp(dir, 'blog');
    expect(describeRun('startapp', result)).toMatch(/exited with 0/);

    expect(appFiles(dir, 'blog')).toEqual([
      '__init__.py',
      'admin.py',
      'apps.py',
      'factories.py',
      'migrations/__init__.py',
      'models.py',
      'templates/blog/index.html',
      'tests/__init__.py',
      'tests/test_views.py',
      'urls.py',
      'views.py',
    ]);
    expect(readText(dir, 'src/apps/blog/apps.py')).toMatch(/class BlogConfig\(AppConfig\):\n {4}name = "blog"/);
    expect(readText(dir, 'src/apps/blog/apps.py')).not.toMatch(/DFMeta/);
    expect(readText(dir, 'src/apps/blog/urls.py')).toMatch(/app_name = "blog"[\s\S]*path\("", IndexView\.as_view\(\), name="index"\)/);
    expect(readText(dir, 'src/apps/blog/views.py')).toMatch(/class IndexView\(TemplateView\)/);
    expect(readText(dir, 'src/apps/blog/templates/blog/index.html')).toMatch(/{% extends "base.html" %}/);
    expect(localApps(dir)).toMatch(/"blog"/);
    expect(readText(dir, 'src/config/web/urls.py')).toMatch(/path\("blog\/", include\("blog\.urls"\)\)/);
    expect(readText(dir, 'pyproject.toml')).toMatch(/known-first-party = \[[^\]]*"blog"/);
    expect(recordedApps(dir)).toEqual([{ name: 'blog', models: [] }]);
    expect(appRuffProblems(dir, 'blog')).toEqual({ lint: [], format: [], config: [] });
  });

  test('with DRF: DFMeta.api_path and an (empty) API router', async () => {
    const dir = copyOf('drf');
    expect((await startapp(dir, 'order_items')).code).toBe(0);
    expect(appFiles(dir, 'order_items')).toEqual(
      expect.arrayContaining(['drf/__init__.py', 'drf/serializers.py', 'drf/urls.py', 'drf/viewsets.py']),
    );
    expect(appFiles(dir, 'order_items')).not.toContain('tests/test_api.py');
    expect(readText(dir, 'src/apps/order_items/apps.py')).toMatch(
      /class OrderItemsConfig\(AppConfig\):[\s\S]*class DFMeta:[\s\S]*api_path = "order-items\/"/,
    );
    expect(readText(dir, 'src/config/web/urls.py')).toMatch(/path\("order-items\/", include\("order_items\.urls"\)\)/);
    expect(readText(dir, 'src/apps/order_items/drf/urls.py')).toMatch(/app_name = "order_items"[\s\S]*urlpatterns: list\[URLPattern \| URLResolver\] = \[\]/);
    expect(appRuffProblems(dir, 'order_items')).toEqual({ lint: [], format: [], config: [] });

    // The app follows the project's answers: without the API its API layer goes.
    const apiOff = await generateInProcess(['--api', 'none'], { cwd: dir });
    expect(describeRun('djangoflow --api none', apiOff)).toMatch(/exited with 0/);
    expect(appFiles(dir, 'order_items').filter((path) => path.startsWith('drf/'))).toEqual([]);
    expect(readText(dir, 'src/apps/order_items/apps.py')).not.toMatch(/DFMeta/);
    expect(localApps(dir)).toMatch(/"order_items"/);
  });
});

describe('an app with models', () => {
  const models = [
    '--model', 'Post', 'title:str', 'body:text', 'published:bool', 'author:fk=users.User', 'tags:m2m=Tag',
    '--model', 'Tag', 'name:slug',
    '--model', 'Event', 'parent:fk=Event', 'price:decimal', 'day:date', 'starts:datetime', 'contact:email',
    'site:url', 'extra:json', 'seats:int',
  ];

  test('with DRF: models, admin, factories, serializers, viewsets, router and tests for each', async () => {
    const dir = copyOf('drf');
    const result = await startapp(dir, 'blog', ...models);
    expect(describeRun('startapp', result)).toMatch(/exited with 0/);
    expect(result.stdout).toMatch(/makemigrations blog/);

    expect(appFiles(dir, 'blog')).toEqual(
      expect.arrayContaining(['tests/test_models.py', 'tests/test_admin.py', 'tests/test_api.py', 'tests/test_views.py', 'drf/viewsets.py']),
    );
    const modelsPy = readText(dir, 'src/apps/blog/models.py');
    for (const declaration of [
      /title = models\.CharField\(_\("title"\), max_length=255\)/,
      /body = models\.TextField\(_\("body"\)\)/,
      /published = models\.BooleanField\(_\("published"\), default=False\)/,
      /author = models\.ForeignKey\(\s*settings\.AUTH_USER_MODEL,\s*verbose_name=_\("author"\),\s*on_delete=models\.CASCADE,\s*related_name="blog_posts",?\s*\)/,
      /tags = models\.ManyToManyField\(\s*"blog\.Tag",[^\n]*related_name="blog_posts", blank=True\s*\)/,
      /name = models\.SlugField\(_\("name"\), max_length=255, unique=True\)/,
      /price = models\.DecimalField\(_\("price"\), max_digits=12, decimal_places=2\)/,
      /extra = models\.JSONField\(_\("extra"\), default=dict, blank=True\)/,
      /parent = models\.ForeignKey\(\s*"blog\.Event",[\s\S]{0,120}?null=True,\s*blank=True,\s*\)/,
    ]) {
      expect(modelsPy).toMatch(declaration);
    }
    expect(modelsPy.match(/def __str__\(self\):/g)).toHaveLength(3);
    expect(modelsPy).toMatch(/return self\.title/);
    expect(readText(dir, 'src/apps/blog/admin.py')).toMatch(/@admin\.register\(Post\)[\s\S]*@admin\.register\(Tag\)[\s\S]*@admin\.register\(Event\)/);
    expect(readText(dir, 'src/apps/blog/drf/urls.py')).toMatch(/router\.register\("posts", PostViewSet, basename="post"\)/);
    expect(readText(dir, 'src/apps/blog/drf/viewsets.py')).toMatch(/Post\.objects\.select_related\("author"\)\.prefetch_related\("tags"\)/);
    expect(readText(dir, 'src/apps/blog/tests/test_api.py')).toMatch(/"author": UserFactory\.create\(\)\.pk/);
    const factoriesPy = readText(dir, 'src/apps/blog/factories.py');
    expect(factoriesPy).toMatch(/class PostFactory\(DjangoModelFactory\[Post\]\)[\s\S]*author = SubFactory\(UserFactory\)/);
    // The app reuses the project's one user factory instead of defining its own.
    expect(factoriesPy).toMatch(/^from users\.tests\.factories import UserFactory$/m);
    expect(factoriesPy).not.toMatch(/class UserFactory\b|from django\.conf import settings/);
    for (const test of ['test_admin.py', 'test_api.py', 'test_views.py']) {
      expect(readText(dir, `src/apps/blog/tests/${test}`)).toMatch(/^from users\.tests\.factories import UserFactory$/m);
    }
    expect(existsSync(join(dir, 'src/apps/blog/migrations/0001_initial.py'))).toBe(false);
    expect(recordedApps(dir)).toEqual([
      {
        name: 'blog',
        models: [
          {
            name: 'Post',
            fields: [
              { name: 'title', type: 'str' },
              { name: 'body', type: 'text' },
              { name: 'published', type: 'bool' },
              { name: 'author', type: 'fk', target: 'users.User' },
              { name: 'tags', type: 'm2m', target: 'blog.Tag' },
            ],
          },
          { name: 'Tag', fields: [{ name: 'name', type: 'slug' }] },
          expect.objectContaining({ name: 'Event' }),
        ],
      },
    ]);
    expect(appRuffProblems(dir, 'blog')).toEqual({ lint: [], format: [], config: [] });

    // A second app may relate to the first one's models.
    const second = await startapp(dir, 'shop', '--model', 'Product', 'name:str', 'post:fk=blog.Post');
    expect(describeRun('startapp shop', second)).toMatch(/exited with 0/);
    const shopFactories = readText(dir, 'src/apps/shop/factories.py');
    expect(shopFactories).toMatch(/post = SubFactory\("blog\.factories\.PostFactory"\)/);
    // No relation to the user model: no user factory import (ruff below finds any unused name).
    expect(shopFactories).not.toMatch(/UserFactory|settings/);
    expect(userFactoryClasses(dir)).toEqual(['src/apps/users/tests/factories.py']);
    expect(localApps(dir)).toMatch(/"blog",[\s\S]*"shop",/);
    expect(appRuffProblems(dir, 'shop')).toEqual({ lint: [], format: [], config: [] });
  });

  test('without an API: no drf/ and no API tests', async () => {
    const dir = copyOf('plain');
    expect((await startapp(dir, 'blog', '--model', 'Post', 'title:str')).code).toBe(0);
    expect(appFiles(dir, 'blog').filter((path) => path.startsWith('drf/') || path === 'tests/test_api.py')).toEqual([]);
    expect(readText(dir, 'src/apps/blog/views.py')).toMatch(/class IndexView\(LoginRequiredMixin, ListView\)/);
    expect(appRuffProblems(dir, 'blog')).toEqual({ lint: [], format: [], config: [] });
  });
});

describe('refusals write nothing', () => {
  let dir: string;
  let before: Record<string, string>;
  beforeAll(async () => {
    dir = copyOf('drf');
    mkdirSync(join(dir, 'src/apps/legacy'));
    writeFileSync(join(dir, 'src/apps/legacy/__init__.py'), '');
    expect((await startapp(dir, 'blog', '--model', 'Post', 'title:str')).code).toBe(0);
    before = snapshot(dir);
  });

  test.each([
    [[], /startapp needs the app name/],
    [['Blog'], /app name "Blog" must be a lowercase python identifier/],
    [['2fast'], /must be a lowercase python identifier/],
    [['class'], /app name "class" is a python keyword/],
    [['json'], /would shadow the python module "json"/],
    [['django'], /would shadow the python module "django"/],
    [['rest_framework'], /would shadow the python module "rest_framework"/],
    [['users'], /the project already has an app "users"/],
    [['blog'], /the project already has an app "blog"/],
    [['legacy'], /src\/apps\/legacy already exists/],
    [['shop', 'extra'], /unexpected argument "extra"/],
    [['shop', '--model', 'Product', 'name:string'], /unknown type "string"/],
    [['shop', '--model', 'Product', 'owner:fk'], /fk needs a target model/],
    [['shop', '--model', 'Product', 'owner:fk=accounts.User'], /the project has no app "accounts"/],
    [['shop', '--model', 'Product', 'post:fk=blog.Article'], /app "blog" has no model "Article"/],
    [['shop', '--model', 'Product', 'id:int'], /field name "id" clashes with the Django model attribute/],
    [['shop', '--model', 'Product', 'name:str', 'name:text'], /field "name" is given twice/],
    [['shop', '--model', 'product', 'name:str'], /model name "product" must be a CapWords/],
    [['shop', '--model', 'Product', '--model', 'Product'], /model "Product" is given twice/],
    [['shop', '--model'], /--model needs a value/],
  ])('startapp %j', async (args, message) => {
    const result = await startapp(dir, ...args);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(snapshot(dir)).toEqual(before);
  });

  test('outside a djangoflow project', async () => {
    const empty = makeTempDir('startapp-empty');
    temps.push(empty);
    const result = await startapp(empty, 'blog');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^djangoflow: not a djangoflow project/);
    expect(listFiles(empty)).toEqual([]);
  });

  test('--dry-run lists the new files and writes nothing', async () => {
    const result = await startapp(dir, 'shop', '--dry-run', '--verbose');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/create +src\/apps\/shop\/apps\.py/);
    expect(result.stdout).toMatch(/dry run: nothing written/);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('registration goes through the reconcile', () => {
  test("the user's edits of the settings and URLs survive, and the app is registered", async () => {
    const dir = copyOf('drf');
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'generated');
    const appsPath = join(dir, 'src/config/sections/apps.py');
    const appsBefore = readFileSync(appsPath, 'utf8');
    // A hand-made app appended to LOCAL_APPS, a third-party app, and a note at the end.
    const edited = appsBefore
      .replace(/(LOCAL_APPS = \[\n(?: {4}".*",\n)*)/, '$1    "legacy",  # made by hand\n')
      .replace(/(CORE_APPS = \[\n)/, '$1    "django.contrib.humanize",\n');
    expect(edited).not.toBe(appsBefore);
    writeFileSync(appsPath, `${edited}\n# Keep this list short: every app slows the start-up.\n`);
    appendFileSync(join(dir, 'src/config/urls.py'), '\n# Our own routes go above this line.\n');
    git(dir, 'commit', '-qam', 'my settings');

    const result = await startapp(dir, 'blog', '--model', 'Post', 'title:str');
    expect(describeRun('startapp', result)).toMatch(/exited with 0/);

    const apps = readFileSync(appsPath, 'utf8');
    expect(apps).not.toMatch(/<<<<<<<|>>>>>>>/);
    expect(apps).toMatch(/"legacy", {2}# made by hand/);
    expect(apps).toMatch(/"django\.contrib\.humanize",/);
    expect(apps).toMatch(/# Keep this list short/);
    expect(apps).toMatch(/"blog",/);
    expect(readText(dir, 'src/config/urls.py')).toMatch(/# Our own routes go above this line\./);
    expect(git(dir, 'status', '--porcelain')).toMatch(/src\/apps\/blog\//);

    // And a second app after the first was committed: both stay registered.
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'blog');
    expect((await startapp(dir, 'shop')).code).toBe(0);
    const again = readFileSync(appsPath, 'utf8');
    expect(again).toMatch(/"legacy"[\s\S]*/);
    expect(again).toMatch(/"blog",\s*"shop",/);
  });
});
