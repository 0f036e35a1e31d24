/**
 * End to end on the project's pinned stack (stack.ts) and the machine's PostgreSQL: a
 * generated project whose settings and URLs the user edited gets two apps (one with a
 * model of every field type and the API, one plain); then makemigrations, migrate, the
 * whole test suite (the new apps' tests included), check, the API and the app's page
 * through Django's test client, and the project's quality tools on the grown project. The
 * commands run through the bin's main in this process (generate-in-process.ts).
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readText } from '../support/files.js';
import { generateInProcess } from '../support/generate-in-process.js';
import { describeRun, type RunResult } from '../support/process.js';
import { createPostgresDatabase, type TestDatabase } from '../support/machine-services.js';
import { manage, manageEach, pytest } from '../support/python.js';
import { qualityProblems } from '../support/project-pins.js';
import { installProject, type ProjectStack } from '../support/stack.js';
import { removeTempDir } from '../support/tempdir.js';

let dir: string;
let stack: ProjectStack;
let database: TestDatabase;

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], { cwd: dir, encoding: 'utf8' });

function expectSuccess(label: string, result: RunResult): void {
  expect({ label, code: result.code, output: describeRun(label, result) }).toMatchObject({ code: 0 });
}

beforeAll(async () => {
  const generated = await generateInProcess(['--defaults', '--project-name', 'Acme Blog', '--api', 'drf']);
  dir = generated.dir;
  expectSuccess('generate', generated);
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'generated');

  // The user's own settings and URLs, committed before any startapp.
  const appsPath = join(dir, 'src/config/sections/apps.py');
  const apps = readFileSync(appsPath, 'utf8');
  const edited = apps.replace(/(CORE_APPS = \[\n)/, '$1    "django.contrib.humanize",  # for intcomma in our templates\n');
  expect(edited).not.toBe(apps);
  writeFileSync(appsPath, edited);
  appendFileSync(join(dir, 'src/config/urls.py'), '\n# Team rule: every route needs a test.\n');
  git('commit', '-qam', 'our settings');

  const blog = await generateInProcess(
    [
      'startapp', 'blog',
      '--model', 'Post', 'title:str', 'slug:slug', 'body:text', 'published:bool', 'author:fk=users.User', 'tags:m2m=Tag',
      'price:decimal', 'day:date', 'at:datetime', 'contact:email', 'site:url', 'extra:json', 'views:int', 'reply_to:fk=Post',
      '--model', 'Tag', 'name:str',
    ],
    { cwd: dir },
  );
  expectSuccess('startapp blog', blog);
  git('add', '-A');
  git('commit', '-qm', 'blog');
  const pages = await generateInProcess(['startapp', 'pages'], { cwd: dir });
  expectSuccess('startapp pages', pages);
  [stack, database] = await Promise.all([installProject(dir), createPostgresDatabase('acme_blog')]);
}, 900_000);

afterAll(async () => {
  await database?.drop();
  removeTempDir(dir);
});

test("the user's edits are still there next to the new apps", () => {
  const apps = readText(dir, 'src/config/sections/apps.py');
  expect(apps).toMatch(/"django\.contrib\.humanize", {2}# for intcomma/);
  expect(apps).toMatch(/"blog",\s*"pages",/);
  expect(readText(dir, 'src/config/urls.py')).toMatch(/# Team rule: every route needs a test\./);
});

test('makemigrations creates the blog migration, then nothing is left to migrate', async () => {
  // One Python process for both commands (Django set up once).
  const [made, noChanges] = await manageEach(dir, [['makemigrations', 'blog'], ['makemigrations', '--check', '--dry-run']]);
  expectSuccess('makemigrations blog', made!);
  expect(made!.stdout).toMatch(/blog\/migrations\/0001_initial\.py[\s\S]*Create model Tag[\s\S]*Create model Post/);
  expectSuccess('makemigrations --check', noChanges!);
});

test('migrate, check and the whole test suite pass on PostgreSQL, the new apps included', async () => {
  const [migrated, checked] = await manageEach(dir, [['migrate', '--noinput'], ['check', '--fail-level', 'WARNING']], {
    DATABASE_URL: database.url,
  });
  expectSuccess('migrate', migrated!);
  expectSuccess('check', checked!);
  // The test database is a copy of the one just migrated, not a second build of every migration.
  await database.copyToTestDatabase!();
  const tests = await pytest(dir, ['-q', '--reuse-db', '-rA'], { DATABASE_URL: database.url });
  expectSuccess('pytest', tests);
  for (const test of [
    'blog/tests/test_api.py::PostApiTests::test_create',
    // Post has an owner (author): another user's posts are out of reach.
    'blog/tests/test_api.py::PostApiTests::test_another_users_rows_can_be_neither_read_nor_changed',
    'blog/tests/test_api.py::TagApiTests::test_list',
    'blog/tests/test_models.py::PostTests::test_str_is_the_title',
    'blog/tests/test_admin.py::AdminTests::test_post_is_registered',
    // The start page lists only the signed-in user's own posts.
    'blog/tests/test_views.py::IndexViewTests::test_signed_in_users_see_their_own_post',
    'blog/tests/test_views.py::IndexViewTests::test_another_users_post_is_not_listed',
    'pages/tests/test_views.py::IndexViewTests::test_the_start_page_renders_its_template',
  ]) {
    expect(tests.stdout).toContain(`PASSED src/apps/${test}`);
  }
}, 600_000);

test('the API endpoint and the page answer through the Django test client', async () => {
  const script = `
import json
from django.contrib.auth import get_user_model
from django.test import Client

user = get_user_model().objects.create_user("e2e-reader", password="pw-e2e-123456")
client = Client(HTTP_HOST="localhost")
anonymous = client.get("/api/v1/blog/tags/")
client.force_login(user)
created = client.post("/api/v1/blog/tags/", json.dumps({"name": "django"}), content_type="application/json")
listed = client.get("/api/v1/blog/tags/")
page = client.get("/pages/")
print(json.dumps({
    "anonymous": anonymous.status_code,
    "created": created.status_code,
    "listed": listed.status_code,
    "names": [tag["name"] for tag in listed.json()["results"]],
    "page": page.status_code,
}))
`;
  const result = await manage(dir, ['shell', '-c', script], { DATABASE_URL: database.url });
  expectSuccess('shell', result);
  const lines = result.stdout.trim().split('\n');
  expect(JSON.parse(lines[lines.length - 1])).toEqual({ anonymous: 403, created: 201, listed: 200, names: ['django'], page: 200 });
});

test("ruff, django-upgrade, djlint and mypy find nothing in the grown project, at the project's pins", async () => {
  expect(await qualityProblems({ dir, stack })).toEqual([]);
}, 900_000);
