/**
 * The maximal project: the richest the questions make (ASGI on uvicorn workers, PostgreSQL,
 * Celery, Redis cache, S3 storage, Amazon SES mail, Sentry, GitHub CI, pre-commit, Docker,
 * Kubernetes) with Channels, on its pinned stack. Beside the shared real-stack checks: a
 * Celery worker runs a task sent through Redis; psycopg's C implementation in production,
 * psycopg's connection pool under the ASGI server, rediss:// settings, mypy in CI and
 * `make typecheck`, the pre-commit hooks' tools, templates in the coverage report, the
 * shared user fixtures, and the compose worker that watchfiles restarts on a code change.
 * (One project for both: the maximal project and the production tools' project differed by
 * four answers and a plugin, and each paid the whole battery.)
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { celeryRunsATask } from '../support/celery-task.js';
import { expectSuccess } from '../support/e2e.js';
import { preCommitProblems } from '../support/precommit-hooks.js';
import { describeRun, run } from '../support/process.js';
import { asgiServer, manage, startGunicorn } from '../support/python.js';
import { pinnedVersions } from '../support/project-pins.js';
import { withMypyCache } from '../support/mypy-cache.js';
import { describeRealStack, type RealProject } from '../support/real-stack.js';
import { sleep } from '../support/ports.js';
import { problemsOf, validateProject } from '../support/validators.js';

const read = (project: RealProject, path: string): string => readFileSync(join(project.dir, path), 'utf8');

/** Connections other sessions hold open to the project's database right now. */
/** The connections open to the project's database under `applicationName` (libpq's PGAPPNAME): one server's, not the shared production server's. */
async function openConnections(project: RealProject, applicationName: string): Promise<number> {
  const result = await run('psql', [
    project.database.url,
    '-Atc',
    `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = '${applicationName}'`,
  ]);
  expectSuccess('psql', result);
  return Number(result.stdout.trim());
}

describeRealStack(
  'the maximal project (--asgi --celery --cache redis --storage s3 --email amazon-ses --sentry ..., channels)',
  [
    '--defaults',
    '--project-name',
    'Harbor Ops',
    '--database',
    'postgresql',
    '--api',
    'drf',
    '--asgi',
    '--celery',
    '--cache',
    'redis',
    '--storage',
    's3',
    '--email',
    'amazon-ses',
    '--sentry',
    '--ci',
    'github',
    '--pre-commit',
    '--docker',
    '--deploy',
    'kubernetes',
  ],
  {
    plugins: [['channels']],
    extra: (project) => {
      test('the production tier builds psycopg[c] (libpq-dev in the wheels stage); development uses psycopg[binary]', async () => {
        const p = project();
        expect(read(p, 'base/requirements/production.txt')).toMatch(/^psycopg\[c\]==/m);
        expect(read(p, 'base/requirements/local.txt')).toMatch(/^psycopg\[binary\]==/m);
        expect(read(p, 'base/requirements/base.txt')).not.toMatch(/^psycopg/m);
        const dockerfile = read(p, 'base/Dockerfile');
        const [wheels, image] = dockerfile.split(/^FROM .*$/m).slice(1);
        expect(wheels).toMatch(/apt-get install .*\blibpq-dev\b/);
        expect(image).toMatch(/apt-get install .*\blibpq5\b/);
        expect(image).not.toMatch(/libpq-dev|build-essential/);
        // The install of both tiers, as production has it, runs the compiled implementation.
        const impl = await p.stack.run(['-c', 'import psycopg; print(psycopg.pq.__impl__, psycopg.__version__)']);
        expectSuccess('import psycopg', impl);
        expect(impl.stdout.trim()).toBe(`c ${pinnedVersions(p.dir).get('psycopg')}`);
      });

      test('production under ASGI pools PostgreSQL connections; requests work through the pool, and without it', async () => {
        const p = project();
        const shell = await manage(
          p.dir,
          [
            'shell',
            '-c',
            'from django.db import connection; connection.ensure_connection(); ' +
              'pool = connection.pool; print(type(pool).__name__, pool.max_size, connection.settings_dict["CONN_MAX_AGE"])',
          ],
          p.production(),
        );
        expectSuccess('manage.py shell', shell);
        expect(shell.stdout.trim().split('\n').at(-1)).toBe('ConnectionPool 4 0');

        const poolUnderTest = 'djangoflow-pool-under-test';
        const serve = async (overrides: Record<string, string>) => {
          const server = await startGunicorn(p.dir, { ...asgiServer, env: p.production({ ...overrides, PGAPPNAME: poolUnderTest }) });
          try {
            const host = String(p.answers.domain);
            const statuses: number[] = [];
            for (let wave = 0; wave < 2; wave++) {
              const responses = await Promise.all(Array.from({ length: 6 }, () => server.get('/healthz/', host)));
              statuses.push(...responses.map((response) => response.status));
            }
            // A page (probes stay out of the access log): production redirects plain HTTP.
            statuses.push((await server.get('/?from=test', host, { 'X-Forwarded-For': '203.0.113.1, 198.51.100.9' })).status);
            return { statuses, open: await openConnections(p, poolUnderTest), log: server.output() };
          } finally {
            await server.stop();
          }
        };
        const pooled = await serve({ DJANGO_NUM_PROXIES: '1' });
        const served = [...Array(12).fill(200), 301];
        expect({ statuses: pooled.statuses, log: pooled.statuses.every((s, i) => s === served[i]) ? '' : pooled.log }).toEqual({
          statuses: served,
          log: '',
        });
        // The ASGI access log (config/access_log.py) as JSON fields, like gunicorn's under WSGI:
        // its duration and the client behind the one proxy (the ingress added 198.51.100.9);
        // the probes and uvicorn's own line stay out.
        const logLines = pooled.log.split('\n').filter((line) => line.includes('{"time"'));
        expect(logLines.filter((line) => line.includes('"uvicorn.access"'))).toEqual([]);
        const accessLines = logLines
          .filter((line) => line.includes('"config.access"'))
          .map((line) => JSON.parse(line.slice(line.indexOf('{'))) as Record<string, unknown>);
        expect(accessLines.map(({ method, path, query, status, client, user_agent }) => ({ method, path, query, status, client, user_agent }))).toEqual([
          { method: 'GET', path: '/', query: 'from=test', status: 301, client: '198.51.100.9', user_agent: '' },
        ]);
        expect(accessLines[0]!.duration_ms).toEqual(expect.any(Number));
        // The worker's pool keeps its connections open between requests, never more than
        // its max_size (4) however many requests came.
        expect(pooled.open).toBeGreaterThanOrEqual(1);
        expect(pooled.open).toBeLessThanOrEqual(4);
        const unpooled = await serve({ DATABASE_POOL: 'false' });
        expect({ statuses: unpooled.statuses, log: unpooled.statuses.every((s, i) => s === served[i]) ? '' : unpooled.log }).toEqual({
          statuses: served,
          log: '',
        });
      }, 420_000);

      test("rediss:// URLs give every Redis client TLS (the project's own test); redis:// reaches the real Redis", async () => {
        const p = project();
        // The project's own run (the shared real-stack test) ran them: its report says how each went.
        const tls = [...p.ownTests()].filter(([id]) => id.startsWith('src/apps/core/tests/test_redis_tls.py::'));
        expect(tls.map(([, outcome]) => outcome)).toEqual(Array(4).fill('passed'));
        const settings = read(p, 'src/config/sections/celery.py') + read(p, 'src/config/sections/channels.py');
        expect(settings).toContain('CELERY_BROKER_USE_SSL = redis_tls_options(CELERY_BROKER_URL)');
        expect(settings).toContain('redis_tls_options(REDIS_URL)');
        const cache = await manage(
          p.dir,
          ['shell', '-c', 'from django.core.cache import cache; cache.set("tls-e2e", "plain", 30); print(cache.get("tls-e2e"))'],
          p.production(),
        );
        expectSuccess('cache on redis://', cache);
        expect(cache.stdout.trim().split('\n').at(-1)).toBe('plain');
      }, 180_000);

      test('CI type-checks with mypy and runs the pre-commit hooks; make typecheck passes', async () => {
        const p = project();
        const workflow = parse(read(p, '.github/workflows/ci.yml')) as {
          jobs: Record<string, { steps: Array<{ run?: string }> }>;
        };
        const commands = (job: string) => workflow.jobs[job]!.steps.map((step) => step.run ?? '');
        expect(commands('test')).toContain('python -m mypy');
        expect(commands('lint')).toContain('pre-commit run --all-files --show-diff-on-failure');
        expect(commands('lint')).toContain(`pip install pre-commit==${pinnedVersions(p.dir).get('pre-commit')}`);
        expect(commands('deploy-check').join('\n')).toMatch(/apt-get install --yes libpq-dev/);
        const make = await withMypyCache(p.stack.venv, p.dir, (cache) =>
          run('make', ['--no-print-directory', `PYTHON=${p.stack.python}`, 'typecheck'], {
            cwd: p.dir,
            env: p.stack.env({ PATH: '/usr/bin:/bin', MYPY_CACHE_DIR: cache }),
            timeoutMs: 600_000,
          }),
        );
        expect(describeRun('make typecheck', make)).toMatch(/^make typecheck exited with 0/);
        expect(make.stdout).toMatch(/Success: no issues found in \d+ source files/);
      }, 600_000);

      test('the coverage report includes the templates (django-coverage-plugin); the shared user fixtures serve the tests', async () => {
        const p = project();
        const env = { DATABASE_URL: p.database.url, REDIS_URL: p.redis?.url };
        const measured = await p.stack.run(
          // The test database the project's own run left (a copy of the migrated one) serves again.
          ['-m', 'coverage', 'run', '-m', 'pytest', '-p', 'no:cacheprovider', '-v', '--reuse-db', 'src/apps/users'],
          { env, timeoutMs: 600_000 },
        );
        expectSuccess('coverage run -m pytest', measured);
        for (const name of [
          'test_a_factory_user_signs_in_with_the_factory_password',
          'test_each_factory_user_is_a_new_one',
          'test_the_user_client_is_signed_in_as_the_user',
          'test_the_user_client_signs_out',
        ]) {
          expect(measured.stdout).toMatch(new RegExp(`test_fixtures\\.py::${name} PASSED`));
        }
        const report = await p.stack.run(['-m', 'coverage', 'report', '--no-skip-covered'], { env });
        expectSuccess('coverage report', report);
        expect(report.stdout).toMatch(/^src\/templates\/registration\/login\.html\s+\d+/m);
        expect(report.stdout).toMatch(/^src\/templates\/registration\/password_reset_email\.txt\s+\d+/m);
      }, 600_000);

      test('the compose worker runs under watchfiles and restarts on a code change (the exact command, on the real Redis)', async () => {
        const p = project();
        expect(problemsOf(await validateProject(p.dir)).compose).toEqual([]);
        const compose = parse(read(p, 'docker-compose.yml')) as {
          services: Record<string, { command?: string | string[]; working_dir?: string }>;
        };
        const worker = compose.services.celeryworker!;
        expect(worker.command).toEqual(['watchfiles', '--filter', 'python', 'celery -A config.celery_app worker --loglevel=INFO', '.']);
        expect(worker.working_dir).toBe('/app/src');
        // Production's worker is no watcher.
        expect(read(p, 'base/scripts/start-celeryworker')).not.toContain('watchfiles');

        const [command, ...args] = worker.command as string[];
        const child = spawn(p.stack.bin(command!), args, {
          cwd: join(p.dir, 'src'),
          env: p.stack.env({
            DJANGO_SETTINGS_MODULE: 'config.settings.local',
            DJANGO_READ_ENV_FILE: 'False',
            DATABASE_URL: p.database.url,
            REDIS_URL: p.redis!.url,
            CELERY_WORKER_CONCURRENCY: '1',
          }),
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
        });
        let log = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
        const readyCount = () => (log.match(/celery@\S+ ready\./g) ?? []).length;
        const waitFor = async (count: number) => {
          const deadline = Date.now() + 90_000;
          while (readyCount() < count && Date.now() < deadline && child.exitCode === null) await sleep(250);
          return readyCount();
        };
        const touched = join(p.dir, 'src/apps/core/watchfiles_e2e.py');
        try {
          expect({ ready: await waitFor(1), log: readyCount() >= 1 ? '' : log }).toEqual({ ready: 1, log: '' });
          writeFileSync(touched, '"""Written by the watchfiles test."""\n');
          expect({ ready: await waitFor(2), log: readyCount() >= 2 ? '' : log }).toEqual({ ready: 2, log: '' });
          expect(log).toMatch(/change detected/i);
        } finally {
          rmSync(touched, { force: true });
          // watchfiles and the worker it started: the whole process group.
          if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
          const closed = new Promise((resolve) => (child.exitCode === null ? child.once('close', resolve) : resolve(null)));
          const timer = setTimeout(() => child.exitCode === null && process.kill(-child.pid!, 'SIGKILL'), 20_000);
          await closed;
          clearTimeout(timer);
        }
      }, 240_000);

      test('a Celery worker runs a task sent through Redis', async () => {
        const { result, log } = await celeryRunsATask(project());
        expect({ code: result.code, stdout: result.stdout, output: `${describeRun('shell', result)}\n${log}` }).toMatchObject({
          code: 0,
          stdout: expect.stringContaining('result 5'),
        });
        expect(log).toMatch(/Task core\.e2e_tasks\.add\[[\w-]+\] succeeded/);
      }, 300_000);

      // Last: a failing fixer hook rewrites files, and git init adds .git to the project.
      test("a fresh project passes every pre-commit hook's tool at the configured versions", async () => {
        const p = project();
        const pins = pinnedVersions(p.dir);
        const config = parse(read(p, '.pre-commit-config.yaml')) as { repos: Array<{ repo: string; rev: string }> };
        // The hooks the project's venv runs are the versions the project pins.
        for (const [repo, name] of [
          ['https://github.com/astral-sh/ruff-pre-commit', 'ruff'],
          ['https://github.com/adamchainz/django-upgrade', 'django-upgrade'],
          ['https://github.com/djlint/djLint', 'djlint'],
        ] as const) {
          expect({ name, rev: config.repos.find((r) => r.repo === repo)?.rev.replace(/^v/, '') }).toEqual({ name, rev: pins.get(name) });
        }
        expect(await preCommitProblems(p.dir, p.stack)).toEqual([]);
      }, 600_000);
    },
  },
);
