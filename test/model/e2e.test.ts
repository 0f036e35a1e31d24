/**
 * End to end on the project's pinned stack (stack.ts) and the machine's PostgreSQL: an app
 * made (its image field brings Pillow into the install) and migrated, then grown by `djangoflow model` with every new field type and modifier
 * (a new model beside it), then shrunk by --remove-field and --remove; after each change
 * makemigrations (then --check), migrate, the app's tests and the project's quality tools
 * (ruff check, ruff format --check, django-upgrade, djlint, mypy) pass. Last, an app made by
 * hand is adopted: its files stay as they were and the project still checks.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../support/generate.js';
import { createPostgresDatabase, type TestDatabase } from '../support/machine-services.js';
import { manageEach, pytest } from '../support/python.js';
import { qualityProblems } from '../support/project-pins.js';
import { installProject, type ProjectStack } from '../support/stack.js';
import { removeTempDir } from '../support/tempdir.js';
import { expectSuccess, migrateAndTest as migrateAndTestBlog } from './blog-project.js';

let dir: string;
let stack: ProjectStack;
let database: TestDatabase;

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], { cwd: dir, encoding: 'utf8' });
const commitAll = (message: string) => {
  git('add', '-A');
  git('commit', '-qm', message);
};


const djangoflow = async (...args: string[]) => {
  const result = await generate(args, { cwd: dir, timeoutMs: 120_000 });
  expectSuccess(`djangoflow ${args.join(' ')}`, result);
  expect(result.stdout).toMatch(/makemigrations blog/);
  commitAll(args.join(' '));
};

/** makemigrations writes `migration`, nothing is left after it, migrate applies it, the tests pass. */
async function migrateAndTest(migration: RegExp): Promise<string> {
  const { made, tests } = await migrateAndTestBlog(dir, database);
  expect(made).toMatch(migration);
  return tests;
}

beforeAll(async () => {
  const generated = await generate(['--defaults', '--project-name', 'Acme Models', '--api', 'drf'], { timeoutMs: 120_000 });
  dir = generated.dir;
  expectSuccess('generate', generated);
  git('init', '-q');
  commitAll('generated');
  expectSuccess('startapp', await generate(['startapp', 'blog', '--model', 'Post', 'title:str', 'cover:image'], { cwd: dir, timeoutMs: 120_000 }));
  commitAll('blog');
  [stack, database] = await Promise.all([installProject(dir), createPostgresDatabase('acme_models')]);
}, 900_000);

afterAll(async () => {
  await database?.drop();
  removeTempDir(dir);
});

test('the first model migrates and its tests pass', async () => {
  await migrateAndTest(/0001_initial\.py[\s\S]*Create model Post/);
}, 600_000);

test('a grown model and a new one with every new type and modifier migrate, and their tests pass', async () => {
  // Fields added to a model that may hold rows are optional or have a default: makemigrations asks nothing.
  await djangoflow(
    'model', 'blog', 'Post', 'subtitle:str?:120', 'status:choice=draft,in_review,published:default=draft', 'at:time?',
    'ratio:float:default=1.5', 'wait:duration?', 'doc:file', 'addr:ip?', 'rank:int:default=0:index', 'editor:fk=users.User?',
    'hidden:bool:default=true', 'note:text:default=none',
  );
  await djangoflow(
    'model', 'blog', 'Tag', 'name:str:40:unique', 'starts:time', 'ratio:float', 'wait:duration', 'addr:ip', 'owner:o2o=users.User',
    'code:uuid', 'post:fk=Post', 'kind:choice=a,b', 'parent:o2o=Tag?',
  );
  const stdout = await migrateAndTest(/0002_[\s\S]*Create model Tag/);
  for (const test of ['test_api.py::TagApiTests::test_create', 'test_api.py::PostApiTests::test_create', 'test_models.py::TagTests']) {
    expect(stdout).toMatch(new RegExp(`PASSED src/apps/blog/tests/${test.replace(/\./g, '\\.')}`));
  }
  expect(await qualityProblems({ dir, stack })).toEqual([]);
}, 900_000);

test('fields and a model taken out migrate away, and the tests still pass', async () => {
  await djangoflow('model', 'blog', 'Post', '--remove-field', 'subtitle', '--remove-field', 'wait');
  await migrateAndTest(/0003_[\s\S]*Remove field subtitle from post/);
  await djangoflow('model', 'blog', 'Tag', '--remove');
  await migrateAndTest(/0004_[\s\S]*Delete model Tag/);
  expect(await qualityProblems({ dir, stack })).toEqual([]);
}, 900_000);

test('an app made by hand and listed in LOCAL_APPS is adopted: its files stay, the project checks and its tests pass', async () => {
  const legacy = join(dir, 'src/apps/legacy');
  const files: Record<string, string> = {
    '__init__.py': '',
    'apps.py': 'from django.apps import AppConfig\n\n\nclass LegacyConfig(AppConfig):\n    name = "legacy"\n',
    'models.py': '"""Our own models: none yet."""\n',
  };
  mkdirSync(legacy);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(legacy, file), text);
  const settings = join(dir, 'src/config/sections/apps.py');
  writeFileSync(settings, readFileSync(settings, 'utf8').replace('LOCAL_APPS = [\n', 'LOCAL_APPS = [\n    "legacy",\n'));
  commitAll('legacy by hand');
  expectSuccess('adopt-app', await generate(['adopt-app', 'legacy'], { cwd: dir, timeoutMs: 120_000 }));
  for (const [file, text] of Object.entries(files)) expect(readFileSync(join(legacy, file), 'utf8')).toBe(text);
  expect(git('status', '--porcelain').trim()).toBe('M .yo-rc.json');
  commitAll('adopted');
  const [checked, noChanges] = await manageEach(dir, [['check'], ['makemigrations', '--check', '--dry-run']]);
  expectSuccess('check', checked!);
  expectSuccess('makemigrations --check', noChanges!);
  // The test database the rounds before kept (pytest --reuse-db), migrated as the project's is.
  expectSuccess('pytest', await pytest(dir, ['-q', '--reuse-db', 'src/apps/blog'], { DATABASE_URL: database.url }));
}, 600_000);
