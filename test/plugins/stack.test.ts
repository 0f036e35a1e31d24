/**
 * Every plugin of the catalog on the stack its users install (test/support/stack.ts): a
 * generated project, the plugins added with `djangoflow plugin`, its exact pins in a venv of
 * Python 3.13, PostgreSQL and Redis of the machine. Three projects, so each distinct
 * requirement set installs once: every DF module with df-auth, every DF module without it,
 * and the integrations together. On each: check, makemigrations --check, migrate, the
 * project's own tests, `check --deploy` of the production and api settings, then gunicorn
 * on both URLconfs (config.urls and the api deployment's config.api.urls) answering the
 * health check, the project's API signed in, and every DF module's endpoint. The
 * integrations project also runs a Celery task in a worker and a websocket through
 * Channels under uvicorn workers.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestDatabase, type TestRedis, claimRedisDb, createPostgresDatabase } from '../support/machine-services.js';
import { startPool } from '../support/pool.js';
import { describeRun, type RunResult } from '../support/process.js';
import { type Gunicorn, manage, productionEnv, productionHost, pytest, startGunicorn } from '../support/python.js';
import { installProject, stackFor } from '../support/stack.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { generate } from '../support/generate.js';
import { catalog, commitAll, djangoflow, git, recordedState } from './helpers.js';
import { call, describeResponse } from './http.js';

interface ProjectSpec {
  name: string;
  /** Main answers; the defaults bring drf, redis, redis-cache, sentry and debug-toolbar. */
  args: string[];
  /** Added one by one with `djangoflow plugin <name> --defaults`. */
  plugins: string[];
}

const specs: ProjectSpec[] = [
  { name: 'df-with-auth', args: [], plugins: ['df-auth', 'df-notifications', 'df-survey'] },
  // df-api-drf comes with them (required by every DF module), df-notifications with df-survey.
  { name: 'df-without-auth', args: [], plugins: ['df-remote-config', 'df-survey'] },
  {
    name: 'integrations',
    args: ['--celery', '--storage', 's3', '--email', 'mailgun'],
    plugins: ['channels', 'reversion', 'cors'],
  },
];

const user = { username: 'ada', email: 'ada@example.com', password: 'pw-12345678-Ada' };

interface Installed {
  dir: string;
  /** One secret key for every production process, so a session stored by one is read by the next. */
  secretKey: string;
  plugins: Set<string>;
  db: TestDatabase;
  redis: TestRedis;
}

const dirs: string[] = [];
const cleanups: Array<() => Promise<void>> = [];
let installed: Map<string, Promise<Installed>>;

async function prepare(spec: ProjectSpec): Promise<Installed> {
  const dir = makeTempDir(`stack-${spec.name}`);
  dirs.push(dir);
  git(dir, 'init', '-q');
  const generated = await generate(['--defaults', '--project-name', `Plug ${spec.name}`, ...spec.args], { cwd: dir });
  if (generated.code !== 0) throw new Error(describeRun('djangoflow', generated));
  commitAll(dir, 'generated');
  for (const plugin of spec.plugins) {
    const added = await djangoflow(dir, ['plugin', plugin, '--defaults']);
    if (added.code !== 0) throw new Error(describeRun(`djangoflow plugin ${plugin}`, added));
    commitAll(dir, plugin);
  }
  await installProject(dir);
  const db = await createPostgresDatabase(`plug_${spec.name}`);
  cleanups.push(() => db.drop());
  const redis = await claimRedisDb();
  cleanups.push(() => redis.release());
  const state = recordedState(dir);
  const active = new Set([...state.plugins, ...activeByAnswer(state.answers)]);
  return { dir, plugins: active, db, redis, secretKey: randomBytes(48).toString('base64url') };
}

/** The plugins the recorded answers switch on (drf, redis-cache, sentry, anymail …). */
function activeByAnswer(answers: Record<string, unknown>): string[] {
  return [...catalog().values()]
    .filter((p) => p.enabledBy && p.enabledBy.values.includes(answers[p.enabledBy.question] as never))
    .map((p) => p.name);
}

beforeAll(() => {
  // Two at a time: pip and the generator share the machine's two cores.
  const jobs = specs.map((spec) => () => prepare(spec));
  installed = new Map(startPool(jobs, 2).map((project, i) => [specs[i]!.name, project]));
  // A failed preparation is reported by the tests that await it, not as an unhandled rejection.
  for (const project of installed.values()) project.catch(() => undefined);
});
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  dirs.forEach(removeTempDir);
}, 120_000);

/** Environment of the development commands: the project's database and Redis. */
const servicesEnv = (p: Installed) => ({ DATABASE_URL: p.db.url, REDIS_URL: p.redis.url });

/** Production settings on the machine's services; plain HTTP (TLS ends at the balancer). */
const prodEnv = (p: Installed, extra: Record<string, string> = {}) =>
  productionEnv(p.dir, {
    ...servicesEnv(p),
    DJANGO_SECRET_KEY: p.secretKey,
    DJANGO_SECURE_SSL_REDIRECT: 'False',
    ...extra,
  });

/** Passes when the command succeeded; otherwise the failure shows its whole output. */
function expectSuccess(what: string, result: RunResult): void {
  expect(result.code === 0 ? `${what}: ok` : describeRun(what, result)).toBe(`${what}: ok`);
}

/** Runs Python in `manage.py shell` and returns the lines it printed after `marker`. */
async function shell(p: Installed, code: string, env: Record<string, string | undefined>): Promise<string> {
  const result = await manage(p.dir, ['shell', '-c', code], env);
  expectSuccess('manage.py shell', result);
  return result.stdout;
}

const createUserCode = `
from django.contrib.auth import get_user_model
get_user_model().objects.create_user(${JSON.stringify(user.username)}, ${JSON.stringify(user.email)}, ${JSON.stringify(user.password)})
`;

/** A signed-in browser session of the user, stored where the production settings keep sessions. */
const sessionCode = `
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
user = get_user_model().objects.get(username=${JSON.stringify(user.username)})
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print("COOKIE", f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
`;

/** A remote-config part for the front end, as an admin would save it. */
const configPartCode = `
from df_remote_config.models import ConfigPart
ConfigPart.objects.create(name="default", json={"greeting": "hello"})
`;

describe.each(specs.map((spec) => spec.name))('%s on the pinned stack', (name) => {
  test('check, makemigrations --check, migrate on PostgreSQL, and the project\'s own tests', async () => {
    const p = await installed.get(name)!;
    for (const args of [['check', '--fail-level', 'WARNING'], ['makemigrations', '--check', '--dry-run'], ['migrate', '--noinput']]) {
      expectSuccess(`manage.py ${args.join(' ')}`, await manage(p.dir, args, servicesEnv(p)));
    }
    const tests = await pytest(p.dir, ['-q', '-p', 'no:sugar', '--create-db'], servicesEnv(p));
    expectSuccess('pytest', tests);
    expect(tests.stdout).toMatch(/\d+ passed/);
    expect(tests.stdout).not.toMatch(/\d+ (failed|error)/);
  }, 900_000);

  test('check --deploy passes at warning level on the production and api settings', async () => {
    const p = await installed.get(name)!;
    for (const settings of ['config.settings.production', 'config.api.settings', 'config.web.settings']) {
      const result = await manage(p.dir, ['check', '--deploy', '--fail-level', 'WARNING'], prodEnv(p, { DJANGO_SETTINGS_MODULE: settings }));
      expectSuccess(`check --deploy (${settings})`, result);
    }
  }, 600_000);

  test('gunicorn serves the health check, the project\'s API signed in and every DF endpoint, on both URLconfs', async () => {
    const p = await installed.get(name)!;
    expectSuccess('migrate', await manage(p.dir, ['migrate', '--noinput'], servicesEnv(p)));
    await shell(p, createUserCode, prodEnv(p));
    if (p.plugins.has('df-remote-config')) await shell(p, configPartCode, prodEnv(p));
    const cookie = /^COOKIE (\S+)$/m.exec(await shell(p, sessionCode, prodEnv(p)))?.[1];
    expect(cookie).toBeDefined();
    const asgi = p.plugins.has('channels');
    const gunicornEnv = (settings: string) =>
      prodEnv(p, {
        DJANGO_SETTINGS_MODULE: settings,
        ...(asgi ? { GUNICORN_CMD_ARGS: '--worker-class uvicorn_worker.UvicornWorker' } : {}),
      });
    const app = asgi ? 'config.asgi:application' : 'config.wsgi:application';
    for (const settings of ['config.settings.production', 'config.api.settings']) {
      const server = await startGunicorn(p.dir, { env: gunicornEnv(settings), app, workers: 1 });
      try {
        await expectServes(p, server, cookie!);
      } catch (error) {
        throw new Error(`${settings}: ${(error as Error).message}\n--- gunicorn ---\n${server.output().slice(-4000)}`);
      } finally {
        await server.stop();
      }
    }
  }, 600_000);
});

async function expectServes(p: Installed, server: Gunicorn, cookie: string): Promise<void> {
  const host = productionHost(p.dir);
  const get = (path: string, headers: Record<string, string> = {}) => call(server.port, path, host, { headers });
  const expectStatus = async (path: string, status: number, headers: Record<string, string> = {}) => {
    const response = await get(path, headers);
    expect(describeResponse(path, response)).toBe(describeResponse(path, { ...response, status }));
    return response;
  };

  await expectStatus('/healthz/', 200);
  // The project's own API: its schema, and the signed-in user's account by session (browser, admin).
  expect((await expectStatus('/api/schema/', 200)).body).toContain('/api/v1/users/me/');
  const me = await expectStatus('/api/v1/users/me/', 200, { Cookie: cookie });
  expect(JSON.parse(me.body)).toMatchObject({ username: user.username });

  if (!p.plugins.has('df-api-drf')) return;
  let auth: Record<string, string> = { Cookie: cookie };
  if (p.plugins.has('df-auth')) {
    // df-auth's token endpoint signs the user in with a password and answers a sliding JWT,
    // which the project's API and the DF APIs accept, and token/refresh/ renews.
    const issued = await call(server.port, '/api/v1/auth/token/', host, {
      method: 'POST',
      json: { username: user.username, password: user.password },
    });
    expect(describeResponse('token/', issued)).toMatch(/^token\/: 200 /);
    const token = (JSON.parse(issued.body) as { token: string }).token;
    auth = { Authorization: `Bearer ${token}` };
    const viaToken = await expectStatus('/api/v1/users/me/', 200, auth);
    expect(JSON.parse(viaToken.body)).toMatchObject({ username: user.username });
    const renewed = await call(server.port, '/api/v1/auth/token/refresh/', host, { method: 'POST', json: { token } });
    expect(describeResponse('token/refresh/', renewed)).toMatch(/^token\/refresh\/: 200 .*"token"/);
    expect((await get('/api/v1/users/me/', { Authorization: 'Bearer not-a-token' })).status).toBe(401);
  }
  expect((await expectStatus('/api/v1/schema/', 200)).body).toContain('/api/v1/');
  if (p.plugins.has('df-remote-config')) {
    const part = await expectStatus('/api/v1/remote-config/?part=default', 200);
    expect(JSON.parse(part.body)).toEqual({ part: { greeting: 'hello' } });
  }
  if (p.plugins.has('df-notifications')) {
    expect(JSON.parse((await expectStatus('/api/v1/notifications/devices/', 200, auth)).body)).toEqual([]);
  }
  if (p.plugins.has('df-survey')) {
    expect(JSON.parse((await expectStatus('/api/v1/surveys/user-surveys/', 200, auth)).body)).toMatchObject({ results: [] });
  }
}

test('a Celery worker runs a task sent through Redis (celery plugin)', async () => {
  const p = await installed.get('integrations')!;
  writeFileSync(
    join(p.dir, 'src/apps/core/tasks.py'),
    'from celery import shared_task\n\n\n@shared_task\ndef add(x, y):\n    return x + y\n',
  );
  const env = { ...servicesEnv(p), CELERY_BROKER_URL: p.redis.url, DJANGO_SETTINGS_MODULE: 'config.settings.local' };
  const stack = stackFor(p.dir);
  const worker = spawn(stack.bin('celery'), ['-A', 'config.celery_app', 'worker', '--pool', 'solo', '--loglevel', 'INFO'], {
    cwd: join(p.dir, 'src'),
    env: stack.env(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  worker.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  worker.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  try {
    const sent = await manage(p.dir, ['shell', '-c', 'from core.tasks import add; print("result", add.delay(2, 3).get(timeout=60))'], env);
    expect(sent.stdout.includes('result 5') ? 'result 5' : `${describeRun('shell', sent)}\n${log}`).toBe('result 5');
    expect(log).toMatch(/Task core\.tasks\.add\[[\w-]+\] succeeded/);
  } finally {
    worker.kill('SIGTERM');
    await new Promise((resolve) => (worker.exitCode === null ? worker.once('close', resolve) : resolve(null)));
  }
}, 600_000);

test('Channels serves a websocket through the ASGI application under uvicorn workers (channels plugin)', async () => {
  const p = await installed.get('integrations')!;
  // A project route, added where config/routing.py says to add one.
  writeFileSync(
    join(p.dir, 'src/apps/core/consumers.py'),
    'from channels.generic.websocket import WebsocketConsumer\n\n\nclass EchoConsumer(WebsocketConsumer):\n    def receive(self, text_data=None, bytes_data=None):\n        self.send(text_data=f"echo {text_data}")\n',
  );
  appendFileSync(
    join(p.dir, 'src/config/routing.py'),
    '\nfrom django.urls import path  # noqa: E402\n\nfrom core.consumers import EchoConsumer  # noqa: E402\n\nwebsocket_urlpatterns += [path("ws/echo/", EchoConsumer.as_asgi())]\n',
  );
  const server = await startGunicorn(p.dir, {
    env: prodEnv(p, { GUNICORN_CMD_ARGS: '--worker-class uvicorn_worker.UvicornWorker' }),
    app: 'config.asgi:application',
    workers: 1,
  });
  try {
    const host = productionHost(p.dir);
    const client = [
      'from websockets.sync.client import connect',
      `with connect("ws://127.0.0.1:${server.port}/ws/echo/", origin="https://${host}", additional_headers={"Host": "${host}"}) as ws:`,
      '    ws.send("ping")',
      '    print("answer", ws.recv(timeout=20))',
    ].join('\n');
      const result = await stackFor(p.dir).run(['-c', client]);
    const answered = result.stdout.includes('answer echo ping');
    expect(answered ? 'echoed' : `${describeRun('websocket client', result)}\n${server.output().slice(-3000)}`).toBe('echoed');
    expect((await server.get('/healthz/')).status).toBe(200);
  } finally {
    await server.stop();
  }
}, 600_000);

test('df-chat is not offered: adding it says why (its channels pin cannot be installed beside the project\'s)', async () => {
  const p = await installed.get('df-with-auth')!;
  const result = await djangoflow(p.dir, ['plugin', 'df-chat', '--defaults']);
  expect(result.code).not.toBe(0);
  expect(result.stderr).toContain('channels==4.0.0');
  const list = await djangoflow(p.dir, ['plugin', '--list']);
  expect(list.stdout).toMatch(/df-chat[\s\S]*not offered: django-df-chat 0\.1\.7 \(the latest\) requires channels==4\.0\.0/);
}, 120_000);

test('every plugin of the catalog is proven by one of the projects above', async () => {
  const covered = new Set<string>();
  for (const project of installed.values()) (await project).plugins.forEach((name) => covered.add(name));
  const offered = [...catalog().values()].filter((p) => !p.unavailable).map((p) => p.name);
  expect(offered.filter((name) => !covered.has(name))).toEqual([]);
}, 900_000);
