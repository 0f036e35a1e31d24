/**
 * `model --pages` end to end on the project's pinned stack (stack.ts) and the machine's
 * PostgreSQL, with and without the API: a shared model and one with an owner get their pages,
 * then makemigrations (then --check), migrate, the project's tests (the generated page tests
 * among them) and its quality tools (ruff, django-upgrade, djlint, mypy) pass; a signed-in
 * user creates a row through the form and sees it on the list and detail pages, another user
 * gets 404. A re-run keeps the user's edits of a view and a template, `--no-pages` takes the
 * pages out and the project still checks.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../support/generate.js';
import { createPostgresDatabase, type TestDatabase } from '../support/machine-services.js';
import { manage } from '../support/python.js';
import { qualityProblems } from '../support/project-pins.js';
import { installProject, type ProjectStack } from '../support/stack.js';
import { removeTempDir } from '../support/tempdir.js';
import { expectSuccess, migrateAndTest as migrateAndTestBlog } from './blog-project.js';

/** Fetches the pages as the Django test client does, signed in, against the project's database. */
const fetchPages = `
import json
from django.contrib.auth import get_user_model
from django.test import Client

users = get_user_model().objects
ada = users.create_user("pages-ada", password="pw-pages-123456")
bob = users.create_user("pages-bob", password="pw-pages-123456")
client = Client(HTTP_HOST="localhost")
anonymous = client.get("/blog/notes/")
client.force_login(ada)
created = client.post("/blog/notes/new/", {"text": "Ada's first note"})
invalid = client.post("/blog/notes/new/", {"text": ""})
listed = client.get("/blog/notes/")
detail = client.get(created["Location"])
post = client.post("/blog/posts/new/", {"title": "Shared post", "body": "For everyone."})
client.force_login(bob)
print(json.dumps({
    "anonymous": [anonymous.status_code, anonymous["Location"]],
    "created": created.status_code,
    "invalid": [invalid.status_code, "errorlist" in invalid.content.decode()],
    "listed": "Ada&#x27;s first note" in listed.content.decode(),
    "detail": [detail.status_code, "Ada&#x27;s first note" in detail.content.decode()],
    "bob_detail": client.get(created["Location"]).status_code,
    "bob_list": "first note" in client.get("/blog/notes/").content.decode(),
    "bob_sees_shared": "Shared post" in client.get(post["Location"]).content.decode(),
}))
`;

describe.each([
  ['with the API (DRF)', ['--api', 'drf']],
  ['without an API', []],
])('model --pages %s', (_label, apiArgs) => {
  let dir: string;
  let stack: ProjectStack;
  let database: TestDatabase;

  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], { cwd: dir, encoding: 'utf8' });
  const commitAll = (message: string) => {
    git('add', '-A');
    // Taking pages out needs no migration: then there is nothing to commit.
    if (git('status', '--porcelain').trim()) git('commit', '-qm', message);
  };
  const djangoflow = async (...args: string[]) => {
    const result = await generate(args, { cwd: dir, timeoutMs: 120_000 });
    expectSuccess(`djangoflow ${args.join(' ')}`, result);
    expect(result.stdout).not.toMatch(/conflict/);
    commitAll(args.join(' '));
  };
  const migrateAndTest = async () => (await migrateAndTestBlog(dir, database)).tests;

  beforeAll(async () => {
    const generated = await generate(['--defaults', '--project-name', 'Acme Pages', ...apiArgs], { timeoutMs: 120_000 });
    dir = generated.dir;
    expectSuccess('generate', generated);
    git('init', '-q');
    commitAll('generated');
    await djangoflow('startapp', 'blog');
    await djangoflow('model', 'blog', 'Post', 'title:str', 'body:text', '--pages');
    await djangoflow('model', 'blog', 'Note', 'text:str', 'author:fk=users.User', 'done:bool', 'due:date?', '--pages');
    // Nothing a user edits (the owner comes from the request): an empty form, typed for mypy.
    await djangoflow('model', 'blog', 'Mark', 'owner:fk=users.User', '--pages');
    [stack, database] = await Promise.all([installProject(dir), createPostgresDatabase('acme_pages')]);
  }, 900_000);

  afterAll(async () => {
    await database?.drop();
    removeTempDir(dir);
  });

  test('the pages migrate, their generated tests pass, and the quality tools find nothing', async () => {
    const stdout = await migrateAndTest();
    const passed = [
      'test_post_pages.py::PostPagesTests::test_create',
      'test_note_pages.py::NotePagesTests::test_another_users_note_is_not_found',
      'test_mark_pages.py::MarkPagesTests::test_create',
    ];
    for (const test of passed) {
      expect(stdout).toMatch(new RegExp(`PASSED src/apps/blog/tests/${test.replace(/\./g, '\\.')}`));
    }
    expect(stdout).toMatch(/PASSED src\/apps\/blog\/tests\/test_note_pages\.py::NotePagesTests::test_an_invalid_form_shows_its_errors_and_saves_nothing/);
    expect(await qualityProblems({ dir, stack })).toEqual([]);
  }, 900_000);

  test('a signed-in user creates a note through the form and sees it; another user gets 404; shared posts show to all', async () => {
    const result = await manage(dir, ['shell', '-c', fetchPages], { DATABASE_URL: database.url });
    expectSuccess('shell', result);
    const lines = result.stdout.trim().split('\n');
    expect(JSON.parse(lines[lines.length - 1]!)).toEqual({
      anonymous: [302, '/accounts/login/?next=/blog/notes/'],
      created: 302,
      invalid: [200, true],
      listed: true,
      detail: [200, true],
      bob_detail: 404,
      bob_list: false,
      bob_sees_shared: true,
    });
  }, 300_000);

  test("a re-run keeps the user's edits of a view and a template; --no-pages takes the pages out and the project still checks", async () => {
    const viewsPath = join(dir, 'src/apps/blog/views.py');
    writeFileSync(viewsPath, `"""Views of our blog."""\n\n${readFileSync(viewsPath, 'utf8')}`);
    const detailPath = join(dir, 'src/apps/blog/templates/blog/post_detail.html');
    writeFileSync(detailPath, readFileSync(detailPath, 'utf8').replace('<h1>{{ object }}</h1>', '<h1 class="post-title">{{ object }}</h1>'));
    commitAll('our edits');

    await djangoflow('model', 'blog', 'Post', 'extra:int?');
    expect(readFileSync(viewsPath, 'utf8')).toMatch(/^"""Views of our blog\."""/);
    expect(readFileSync(detailPath, 'utf8')).toContain('<h1 class="post-title">');
    expect(readFileSync(detailPath, 'utf8')).toContain('object.extra');
    await migrateAndTest();

    await djangoflow('model', 'blog', 'Note', '--no-pages');
    expect(git('ls-files', 'src/apps/blog/templates/blog')).not.toMatch(/note_/);
    expect(readFileSync(viewsPath, 'utf8')).not.toMatch(/NoteListView/);
    await migrateAndTest();
    expect(await qualityProblems({ dir, stack })).toEqual([]);
  }, 900_000);
});
