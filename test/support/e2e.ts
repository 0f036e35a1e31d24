import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles, readText } from './files.js';
import { generate } from './generate.js';
import { describeRun, type RunResult } from './process.js';
import { manage, productionEnv, pytest, recordedAnswers, startGunicorn } from './python.js';
import { startPostgres, startRedis, type Postgres, type Redis } from './services.js';
import { removeTempDir } from './tempdir.js';

/** `expect(ok(result)).toBe(...)` with the whole output in the failure message. */
export function expectSuccess(label: string, result: RunResult): void {
  expect(describeRun(label, result)).toMatch(
    new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} exited with 0`),
  );
}

/** Settings modules of the deployments (`src/config/<name>/settings.py` → `config.<name>.settings`). */
export function deploymentSettings(projectDir: string): string[] {
  const config = join(projectDir, 'src/config');
  return readdirSync(config, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(config, entry.name, 'settings.py')))
    .map((entry) => `config.${entry.name}.settings`)
    .sort();
}

/** Variables `.env.example` documents with a redis:// example: the project talks to Redis. */
export function redisVariables(projectDir: string): string[] {
  const example = readFileSync(join(projectDir, '.env.example'), 'utf8');
  return [...example.matchAll(/^([A-Z_][A-Z0-9_]*)=["']?rediss?:\/\//gm)].map((match) => match[1]!);
}

/**
 * End-to-end checks of one generated project on Debian's Python stack, with a real
 * PostgreSQL (and Redis when the project uses it) started on 127.0.0.1. One project is
 * generated per block and shared by its tests, which run in order.
 */
export function describeEndToEnd(label: string, args: readonly string[]): void {
  describe(label, () => {
    let project = '';
    let postgres: Postgres | undefined;
    let redis: Redis | undefined;
    let databaseUrl = '';
    /** Env for production settings against the real services. */
    let production: () => Record<string, string | undefined>;

    beforeAll(async () => {
      const generated = await generate(args);
      project = generated.dir;
      if (generated.code !== 0) throw new Error(describeRun('djangoflow', generated));
      const usesRedis = redisVariables(project);
      [postgres, redis] = await Promise.all([startPostgres(), usesRedis.length > 0 ? startRedis() : undefined]);
      const slug = String(recordedAnswers(project).projectSlug ?? 'project');
      databaseUrl = await postgres.createDatabase(slug);
      production = () =>
        productionEnv(project, {
          DATABASE_URL: databaseUrl,
          ...Object.fromEntries(usesRedis.map((name) => [name, redis!.url()])),
        });
    }, 300_000);

    afterAll(async () => {
      await Promise.all([postgres?.stop(), redis?.stop()]);
      if (project) removeTempDir(project);
    });

    test('manage.py check passes with zero services', async () => {
      expectSuccess('manage.py check', await manage(project, ['check']));
    });

    test('makemigrations --check finds no missing migration', async () => {
      expectSuccess('makemigrations --check', await manage(project, ['makemigrations', '--check', '--dry-run']));
    });

    test('migrate runs on SQLite when DATABASE_URL is unset', async () => {
      expectSuccess('migrate', await manage(project, ['migrate', '--noinput']));
    });

    test('migrate runs on PostgreSQL', async () => {
      const result = await manage(project, ['migrate', '--noinput'], { DATABASE_URL: databaseUrl });
      expectSuccess('migrate', result);
      expect(result.stdout).toMatch(/Applying users\.0001_initial\.\.\. OK/);
    });

    test('the generated tests cover the user model and /healthz/', () => {
      const tests = listFiles(project).filter(
        (path) => /(^|\/)tests?(_[^/]*)?(\/|\.py$)|\/test_[^/]*\.py$/.test(path) && path.endsWith('.py'),
      );
      const source = tests.map((path) => readText(project, path)).join('\n');
      expect(source).toMatch(/def test_/);
      expect(source).toMatch(/healthz/);
      expect(source).toMatch(/get_user_model|User\b|UserFactory/);
    });

    test('the generated tests pass (python -m pytest from the root)', async () => {
      const result = await pytest(project, ['-q']);
      expectSuccess('pytest', result);
      expect(result.stdout).toMatch(/\d+ passed/);
    });

    test('the generated tests pass against PostgreSQL', async () => {
      const result = await pytest(project, ['-q', '--create-db'], { DATABASE_URL: databaseUrl });
      expectSuccess('pytest', result);
    });

    test('check --deploy --fail-level WARNING passes on production settings', async () => {
      expectSuccess(
        'check --deploy',
        await manage(project, ['check', '--deploy', '--fail-level', 'WARNING'], production()),
      );
    });

    test('production settings without a required variable: one line naming it, no traceback', async () => {
      const result = await manage(project, ['check', '--deploy'], { ...production(), DJANGO_SECRET_KEY: undefined });
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim()).toBe('config.settings.production: Set the environment variables: DJANGO_SECRET_KEY');
    });

    test('check --deploy passes for every deployment (web, admin, api …)', async () => {
      const modules = deploymentSettings(project);
      expect(modules).toEqual(expect.arrayContaining(['config.admin.settings', 'config.web.settings']));
      for (const module of modules) {
        const env = { ...production(), DJANGO_SETTINGS_MODULE: module };
        expectSuccess(
          `check --deploy (${module})`,
          await manage(project, ['check', '--deploy', '--fail-level', 'WARNING'], env),
        );
      }
    });

    test('gunicorn on production settings answers GET /healthz/ with 200', async () => {
      // As base/scripts/start does: collect static files, then serve.
      expectSuccess('collectstatic', await manage(project, ['collectstatic', '--noinput'], production()));
      const server = await startGunicorn(project, { env: production() });
      const response = await server.get('/healthz/').finally(() => server.stop());
      const answer = { status: response.status, body: response.body.slice(0, 300) };
      expect({ ...answer, gunicorn: answer.status === 200 ? '' : server.output() }).toEqual({
        ...answer,
        status: 200,
        gunicorn: '',
      });
    });
  });
}
