/**
 * The Python harness and the machine's services, proven on a tiny hand-written Django
 * project (fixtures/mini-django, with pinned requirement tiers like a generated project's)
 * installed by stack.ts, including that each check can fail.
 */
import { cpSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from './paths.js';
import { describeRun } from './process.js';
import { manage, productionEnv, pytest, startGunicorn } from './python.js';
import { claimRedisDb, createPostgresDatabase, type TestDatabase } from './machine-services.js';
import { redisPing } from './services.js';
import { installProject } from './stack.js';
import { makeTempDir, removeTempDir } from './tempdir.js';

let project: string;

beforeAll(async () => {
  project = makeTempDir('mini');
  cpSync(join(fixturesDir, 'mini-django'), project, { recursive: true });
  await installProject(project);
}, 900_000);
afterAll(() => removeTempDir(project));

test('manage.py check, makemigrations --check and migrate pass on SQLite', async () => {
  for (const args of [['check'], ['makemigrations', '--check', '--dry-run'], ['migrate', '--noinput']]) {
    const result = await manage(project, args);
    expect({ code: result.code, output: describeRun(args.join(' '), result) }).toMatchObject({ code: 0 });
  }
});

test('python -m pytest runs the project tests from the root', async () => {
  const result = await pytest(project, ['-q']);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/2 passed/);
});

test('check --deploy passes on production settings and fails on local ones', async () => {
  const deploy = ['check', '--deploy', '--fail-level', 'WARNING'];
  const production = await manage(project, deploy, productionEnv(project));
  expect(production.code).toBe(0);
  const local = await manage(project, deploy, {
    ...productionEnv(project),
    DJANGO_SETTINGS_MODULE: 'config.settings.local',
  });
  expect(local.code).not.toBe(0);
  expect(local.stderr).toMatch(/security\.W004/);
});

describe("with the machine's PostgreSQL", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createPostgresDatabase('mini');
  });
  afterAll(async () => {
    await database?.drop();
  });

  test('migrate runs against a fresh database', async () => {
    expect(database.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:5432\/mini_\d+_[0-9a-f]{6}$/);
    const result = await manage(project, ['migrate', '--noinput'], { DATABASE_URL: database.url });
    expect(describeRun('migrate', result)).toMatch(/Applying notes\.0001_initial\.\.\. OK/);
    expect(result.code).toBe(0);
  });

  test('gunicorn answers /healthz/ with 200 on production settings', async () => {
    const server = await startGunicorn(project, {
      env: productionEnv(project, { DATABASE_URL: database.url }),
    });
    try {
      const response = await server.get('/healthz/');
      expect({ status: response.status, body: response.body }).toEqual({ status: 200, body: 'ok' });
      expect((await server.get('/healthz/', 'evil.invalid')).status).toBe(400);
    } finally {
      await server.stop();
    }
  });
});

test('gunicorn that cannot start is reported with its output', async () => {
  await expect(
    startGunicorn(project, {
      env: { DJANGO_SETTINGS_MODULE: 'config.settings.production' },
      app: 'nope.wsgi:application',
    }),
  ).rejects.toThrow(/gunicorn did not start[\s\S]*nope/);
});

test('Redis db numbers are claimed one per holder and given back', async () => {
  expect(await redisPing(6379)).toBe(true);
  const [first, second] = await Promise.all([claimRedisDb(), claimRedisDb()]);
  expect(first.db).not.toBe(second.db);
  expect(first.url).toBe(`redis://127.0.0.1:6379/${first.db}`);
  await first.release();
  // (Another worker may take the freed number first: only distinctness is certain.)
  const third = await claimRedisDb();
  expect(third.db).not.toBe(second.db);
  await Promise.all([second.release(), third.release()]);
});

test('makemigrations --check fails when a model change has no migration', async () => {
  const copy = makeTempDir('mini-changed');
  try {
    cpSync(project, copy, { recursive: true });
    appendFileSync(
      join(copy, 'src/apps/notes/models.py'),
      '\n\nclass Tag(models.Model):\n    name = models.CharField(max_length=20)\n',
    );
    writeFileSync(join(copy, 'db.sqlite3'), '');
    await installProject(copy);
    const result = await manage(copy, ['makemigrations', '--check', '--dry-run']);
    expect(result.code).not.toBe(0);
  } finally {
    removeTempDir(copy);
  }
});
