/**
 * End-to-end checks of one generated project on the stack its users install: its pinned
 * requirements in a venv of its Python (stack.ts), its chosen database on the machine's
 * server, Redis where it uses Redis (machine-services.ts). One describe per project, its
 * tests run in order and share the project:
 *
 *   describeRealStack('a MySQL project', ['--defaults', '--project-name', 'Acme', '--database', 'mysql']);
 *
 * `plugins` adds plugins (`djangoflow plugin <name> ...`) before the install, `extra`
 * adds a plugin's own tests with the running project at hand (see RealProject).
 */
import { installedModules } from '../../lib/data/installed-modules.js';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectSuccess, deploymentSettings, redisVariables } from './e2e.js';
import { generate } from './generate.js';
import { createDatabase, claimRedisDb, type DatabaseEngine, type TestDatabase, type TestRedis } from './machine-services.js';
import { describeRun, type RunResult } from './process.js';
import { asgiServer, type Gunicorn, manage, manageEach, productionEnv, pytest, recordedAnswers, startGunicorn } from './python.js';
import { installProject, type ProjectStack } from './stack.js';
import { normalized, pinnedDjango, pinnedVersions, qualityProblems } from './project-pins.js';
import { signedInCookiesOf, signedInUsersScript } from './signed-in.js';
import { junitOutcomes } from './junit.js';
import { manageForked } from './manage-forked.js';
import { makeTempDir, removeTempDir } from './tempdir.js';

export interface RealProject {
  dir: string;
  stack: ProjectStack;
  answers: Record<string, unknown>;
  database: TestDatabase;
  redis?: TestRedis;
  /** Variables of production settings against this project's database and Redis. */
  production(overrides?: Record<string, string | undefined>): Record<string, string | undefined>;
  /**
   * The outcome of each test case of the project's own suite as the shared real-stack test
   * ran it (`path/to/test_file.py::Class::test` → passed | failed | error | skipped), read from
   * its JUnit report; throws when that run has not happened. Extra tests assert on cases of
   * that run instead of running them again.
   */
  ownTests(): Map<string, string>;
  /**
   * The production database migrated and the static files collected, once per project (the
   * production commands' fork below); every caller waits for that one.
   */
  productionPrepared(): Promise<void>;
  /** gunicorn on production settings as base/scripts/start runs it, started once (prepared first), shared, stopped after the describe. */
  productionServer(): Promise<Gunicorn>;
}

export interface RealStackOptions {
  /** `djangoflow plugin <args>` runs, in order, before the install. */
  plugins?: string[][];
  /** Other djangoflow commands (`startapp blog --model ...`), run in order after the plugins. */
  commands?: string[][];
  /**
   * Apps whose migrations are made (`makemigrations <apps>`, for apps the commands added) once
   * the project is installed, in the one Python process of the zero-service checks.
   */
  makeMigrations?: string[];
  /** More tests, declared inside the describe; `project()` is ready when they run. */
  extra?: (project: () => RealProject) => void;
}

export function describeRealStack(label: string, args: readonly string[], options: RealStackOptions = {}): void {
  describe(label, () => {
    let ready: RealProject | undefined;
    let dir = '';
    const project = (): RealProject => {
      if (!ready) throw new Error(`${label}: the project was not set up (see the beforeAll failure)`);
      return ready;
    };

    let junitDir = '';
    let ownTests: Map<string, string> | undefined;
    let gunicorn: Promise<Gunicorn> | undefined;

    beforeAll(async () => {
      junitDir = makeTempDir('junit');
      const generated = await generate(args);
      dir = generated.dir;
      if (generated.code !== 0) throw new Error(describeRun('djangoflow', generated));
      for (const pluginArgs of options.plugins ?? []) {
        const added = await generate(['plugin', ...pluginArgs], { cwd: dir });
        if (added.code !== 0) throw new Error(describeRun(`djangoflow plugin ${pluginArgs.join(' ')}`, added));
      }
      for (const commandArgs of options.commands ?? []) {
        const ran = await generate(commandArgs, { cwd: dir });
        if (ran.code !== 0) throw new Error(describeRun(`djangoflow ${commandArgs.join(' ')}`, ran));
      }
      const answers = recordedAnswers(dir);
      const slug = String(answers.projectSlug ?? 'project');
      const usesRedis = redisVariables(dir).length > 0;
      const [stack, database, redis] = await Promise.all([
        installProject(dir),
        createDatabase(String(answers.database ?? 'postgresql') as DatabaseEngine, slug, dir),
        usesRedis ? claimRedisDb() : undefined,
      ]);
      const services = {
        // One key for every production process: sessions signed in one are valid in another.
        DJANGO_SECRET_KEY: randomBytes(48).toString('base64url'),
        DATABASE_URL: database.url,
        ...Object.fromEntries(redisVariables(dir).map((name) => [name, redis!.url])),
      };
      ready = {
        dir,
        stack,
        answers,
        database,
        redis,
        production: (overrides = {}) => productionEnv(dir, { ...services, ...overrides }),
        ownTests: () => {
          if (!ownTests) throw new Error(`${label}: the project's own tests have not run (see that test's failure)`);
          return ownTests;
        },
        productionPrepared: async () => {
          const [migrated, collected] = (await productionCommands()).prepared;
          if (migrated!.code !== 0) throw new Error(describeRun('migrate', migrated!));
          if (collected!.code !== 0) throw new Error(describeRun('collectstatic', collected!));
        },
        productionServer: () => (gunicorn ??= ready!.productionPrepared().then(() => startProductionServer(dir, ready!.production()))),
      };
      if (options.makeMigrations) {
        const [made] = await zeroServices();
        if (made!.code !== 0) throw new Error(describeRun(`makemigrations ${options.makeMigrations.join(' ')}`, made!));
      }
    }, 900_000);

    afterAll(async () => {
      await gunicorn?.then((running) => running.stop(), () => undefined);
      await Promise.allSettled([ready?.database.drop(), ready?.redis?.release()]);
      if (dir) removeTempDir(dir);
      if (junitDir) removeTempDir(junitDir);
    });

    test('installs from its pins alone, on its Python, every installed package pinned', async () => {
      const { stack, answers } = project();
      const versions = await stack.run([
        '-c',
        'import sys, django; print(f"{sys.version_info[0]}.{sys.version_info[1]} {django.get_version()}")',
      ]);
      expect(versions.stdout.trim()).toBe(`${String(answers.pythonVersion ?? '3.13')} ${pinnedDjango(dir)}`);
      expectSuccess('pip check', await stack.pip(['check']));
      const frozen = await stack.pip(['freeze', '--exclude-editable']);
      expectSuccess('pip freeze', frozen);
      const pins = pinnedVersions(dir);
      const unpinned = frozen.stdout
        .split('\n')
        .filter((line) => line.includes('=='))
        .filter((line) => pins.get(normalized(line)) !== line.split('==')[1]);
      expect(unpinned).toEqual([]);
      // App names are refused when they would shadow one of these (lib/data/installed-modules.ts).
      const modules = await stack.run(['-c', 'import importlib.metadata as m; print(" ".join(m.packages_distributions()))']);
      const importable = modules.stdout.trim().split(' ').filter((name) => /^[a-z][a-z0-9_]*$/.test(name) && !name.includes('__mypyc'));
      expect(importable.filter((name) => !installedModules.includes(name))).toEqual([]);
    });

    // The commands without services, in one Python process (Django set up once): the apps'
    // migrations when asked (beforeAll needs them), then the two checks; each test asserts
    // its own command's outcome. (`migrate` as a fork beside them cost as much: one fork saves no import.)
    const madeFirst = options.makeMigrations ? 1 : 0;
    let zeroServiceCommands: Promise<RunResult[]> | undefined;
    const zeroServices = (): Promise<RunResult[]> =>
      (zeroServiceCommands ??= manageEach(dir, [...(options.makeMigrations ? [['makemigrations', ...options.makeMigrations]] : []), ['check', '--fail-level', 'WARNING'], ['makemigrations', '--check', '--dry-run']]));
    const withZeroServices = async (index: number): Promise<RunResult> => (await zeroServices())[madeFirst + index]!;

    // Production settings' commands, forks of one process too: `check --deploy` of each
    // settings module, the check without a required variable, then (one fork) the production
    // database migrated, the static files collected and the API test's users signed in.
    const hasDrfApi = () => existsSync(join(dir, 'src/config/api/routes.py'));
    const apiUsers = { 'e2e-reader': false, 'e2e-staff': true };
    let production: Promise<{ deployChecks: RunResult[]; withoutKey: RunResult; prepared: RunResult[] }> | undefined;
    const productionCommands = () => {
      const modules = ['config.settings.production', ...deploymentSettings(dir)];
      return (production ??= manageForked(dir, project().production(), [
        ...modules.map((module) => ({ argv: ['check', '--deploy', '--fail-level', 'WARNING'], env: { DJANGO_SETTINGS_MODULE: module } })),
        { argv: ['check', '--deploy'], env: { DJANGO_SECRET_KEY: undefined } },
        { steps: [['migrate', '--noinput'], ['collectstatic', '--noinput'], ...(hasDrfApi() ? [['shell', '-c', signedInUsersScript(apiUsers)]] : [])] },
      ]).then((results) => ({ deployChecks: results.slice(0, modules.length), withoutKey: results[modules.length]!, prepared: results.slice(modules.length + 1) })));
    };

    test('manage.py check passes with zero services', async () => {
      const result = await withZeroServices(0);
      expectSuccess('manage.py check', result);
      expect(result.stdout).toMatch(/System check identified no issues/);
    });

    test('makemigrations --check finds no missing migration', async () => {
      const result = await withZeroServices(1);
      expectSuccess('makemigrations --check', result);
      expect(result.stdout).toMatch(/No changes detected/);
    });

    test('migrate runs on its database', async () => {
      const result = await manage(dir, ['migrate', '--noinput'], { DATABASE_URL: project().database.url });
      expectSuccess('migrate', result);
      expect(result.stdout).toMatch(/Applying users\.0001_initial\.\.\. OK/);
    });

    test("the project's own tests pass against its database", async () => {
      const { database, redis } = project();
      // The test database is a copy of the one `migrate` built above (pytest-django keeps it and
      // applies any migration it lacks), not a second build of every migration; SQLite's is in memory.
      await database.copyToTestDatabase?.();
      const fresh = database.copyToTestDatabase ? '--reuse-db' : '--create-db';
      const report = join(junitDir, 'own-tests.xml');
      // A deprecation warning fails the run: the templates must not call what the pinned
      // releases deprecate (strawberry.scalar on a class was found so, by reading the output).
      const result = await pytest(dir, ['-q', fresh, '-W', 'error::UserWarning', '-W', 'error::DeprecationWarning', `--junitxml=${report}`], {
        DATABASE_URL: database.url,
        ...(redis ? { REDIS_URL: redis.url } : {}),
      });
      expectSuccess('pytest', result);
      expect(result.stdout).toMatch(/\d+ passed/);
      expect(result.stdout).not.toMatch(/\d+ (failed|skipped|error)/);
      ownTests = junitOutcomes(readFileSync(report, 'utf8'), dir);
      // A project with every DF module runs its suite in about two minutes on a busy machine.
    }, 600_000);

    test('check --deploy --fail-level WARNING passes on production settings and every deployment', async () => {
      const modules = ['config.settings.production', ...deploymentSettings(dir)];
      const results = (await productionCommands()).deployChecks;
      modules.forEach((module, index) => expectSuccess(`check --deploy (${module})`, results[index]!));
    });

    test('production settings without a required variable: one line naming it, no traceback', async () => {
      const result = (await productionCommands()).withoutKey;
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim()).toBe('config.settings.production: Set the environment variables: DJANGO_SECRET_KEY');
    });

    describe('gunicorn on production settings, as base/scripts/start runs it', () => {
      let server: Gunicorn | undefined;
      let host = '';
      let cookies: Record<string, string> = {};
      // The load balancer ends TLS and says so; without it production redirects to https.
      const https = { 'X-Forwarded-Proto': 'https' };

      beforeAll(async () => {
        host = String(project().answers.domain);
        server = await project().productionServer();
        const [, , signedIn] = (await productionCommands()).prepared;
        if (signedIn) cookies = signedInCookiesOf('create the signed-in users', signedIn);
      }, 300_000);

      const answer = async (path: string, headers: Record<string, string> = https) => {
        const response = await server!.get(path, host, headers);
        return { status: response.status, body: response.body, log: response.status >= 500 ? server!.output() : '' };
      };

      test('GET /healthz/ answers 200', async () => {
        expect(await answer('/healthz/', {})).toMatchObject({ status: 200, log: '' });
      });

      test('an authenticated API call answers; the API schema and docs answer staff only (DRF projects)', async () => {
        if (!hasDrfApi()) {
          // No API: its URLs are absent, not broken.
          expect((await answer('/api/schema/')).status).toBe(404);
          return;
        }
        // df-auth puts JWT authentication first: it challenges (401) where sessions refuse (403).
        const anonymous = existsSync(join(dir, 'src/config/sections/df_auth.py')) ? 401 : 403;

        const reader = cookies['e2e-reader']!;
        expect((await answer('/api/v1/users/me/')).status).toBe(anonymous);
        const me = await answer('/api/v1/users/me/', { ...https, Cookie: reader, Accept: 'application/json' });
        expect({ status: me.status, log: me.log }).toEqual({ status: 200, log: '' });
        expect(JSON.parse(me.body)).toMatchObject({ username: 'e2e-reader', email: 'e2e-reader@example.com' });

        // The schema and its docs are for staff only in production.
        for (const path of ['/api/schema/', '/api/docs/']) {
          expect({ path, status: (await answer(path)).status }).toEqual({ path, status: anonymous });
          expect({ path, status: (await answer(path, { ...https, Cookie: reader })).status }).toEqual({ path, status: 403 });
        }
        const staff = cookies['e2e-staff']!;
        const schema = await answer('/api/schema/', { ...https, Cookie: staff });
        expect({ status: schema.status, log: schema.log }).toEqual({ status: 200, log: '' });
        expect(schema.body).toMatch(/^openapi: 3/m);
        expect(schema.body).toContain('/api/v1/users/me/');
        expect((await answer('/api/docs/', { ...https, Cookie: staff })).status).toBe(200);
      });
    });

    test("ruff, django-upgrade, djlint and mypy (as configured) find nothing, at the project's pins", async () => {
      expect(await qualityProblems(project())).toEqual([]);
    }, 900_000);

    options.extra?.(project);
  });
}

/**
 * gunicorn as base/scripts/start runs it: ASGI by answer or because a plugin needs it (channels), the
 * script says which. One worker answers every request (each worker imports the whole app); a loaded
 * machine imports every app slowly.
 */
function startProductionServer(dir: string, env: Record<string, string | undefined>): Promise<Gunicorn> {
  const asgi = readFileSync(join(dir, 'base/scripts/start'), 'utf8').includes('config.asgi:application');
  return startGunicorn(dir, { ...(asgi ? asgiServer : {}), env, workers: 1, startTimeoutMs: 180_000 });
}
