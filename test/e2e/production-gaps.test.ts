/**
 * Production gaps of issue 25, each shown on the generated project's pinned stack: SQLite
 * with concurrent writers (IMMEDIATE transactions, busy timeout, WAL), bad-Host noise kept
 * out of Sentry, readiness that survives a cache outage without writing to the cache, the
 * CI registry login for any image name, and the local API docs as the README says.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generate } from '../support/generate.js';
import { claimRedisDb, type TestRedis } from '../support/machine-services.js';
import { describeRun, run } from '../support/process.js';
import { productionEnv } from '../support/python.js';
import { projectMypy } from '../support/project-pins.js';
import { type ProjectStack, installProject } from '../support/stack.js';
import { removeTempDir } from '../support/tempdir.js';

let dir = '';
let stack: ProjectStack;
let redis: TestRedis;
const database = () => `sqlite:///${join(dir, 'gaps.sqlite3')}`;

beforeAll(async () => {
  const result = await generate(['--defaults', '--project-name', 'Gap Check', '--database', 'sqlite', '--ci', 'github']);
  dir = result.dir;
  if (result.code !== 0) throw new Error(describeRun('djangoflow', result));
  stack = await installProject(dir);
  redis = await claimRedisDb();
  const migrated = await shell('', { DATABASE_URL: database() }, ['migrate', '--verbosity', '0']);
  if (migrated.code !== 0) throw new Error(describeRun('migrate', migrated));
}, 900_000);

afterAll(async () => {
  await redis?.release();
  if (dir) removeTempDir(dir);
});

/** `manage.py shell -c <code>` (or another manage command) under the local settings unless env says otherwise. */
function shell(code: string, env: Record<string, string | undefined>, args = ['shell', '-c', code]) {
  return stack.run(['src/manage.py', ...args], { cwd: dir, env: { REDIS_URL: undefined, ...env }, timeoutMs: 300_000 });
}

/** The last line of a run's stdout, parsed as JSON. */
function lastJson(result: { stdout: string }): Record<string, unknown> {
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

test('SQLite: four processes of read-then-write transactions all commit (IMMEDIATE, busy timeout, WAL)', async () => {
  const code = `
import json, multiprocessing, uuid
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection, connections, transaction
from django.utils import timezone

def work(queue):
    connections.close_all()
    failures = 0
    for _ in range(100):
        try:
            with transaction.atomic():
                Session.objects.count()
                Session.objects.create(session_key=uuid.uuid4().hex, session_data="x", expire_date=timezone.now())
        except OperationalError:
            failures += 1
    queue.put(failures)

Session.objects.all().delete()
connections.close_all()
context = multiprocessing.get_context("fork")
queue = context.Queue()
workers = [context.Process(target=work, args=(queue,)) for _ in range(4)]
for worker in workers: worker.start()
failures = sum(queue.get() for _ in workers)
for worker in workers: worker.join()
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()[0]
print(json.dumps({"failures": failures, "rows": Session.objects.count(), "journal": mode}))
`;
  const result = await shell(code, { DATABASE_URL: database() });
  expect(describeRun('concurrent writers', result)).toMatch(/exited with 0/);
  expect(lastJson(result)).toEqual({ failures: 0, rows: 400, journal: 'wal' });
}, 300_000);

test('a request for an unknown host reaches neither Sentry nor the error log; a real error does', async () => {
  const code = `
import json, logging, sentry_sdk
from django.test import Client
sent = []
sentry_sdk.get_client().transport.capture_envelope = sent.append
logging.getLogger("probe").error("a real error")
sentry_sdk.flush()
real = len(sent)
response = Client().get("/", HTTP_HOST="scanner.invalid", secure=True)
sentry_sdk.flush()
print(json.dumps({"status": response.status_code, "real": real, "disallowed": len(sent) - real}))
`;
  const env = productionEnv(dir, { DATABASE_URL: database(), SENTRY_DSN: 'http://key@127.0.0.1:9/1', REDIS_URL: redis.url, DJANGO_LOG_FORMAT: 'text' });
  const result = await shell(code, env);
  expect(describeRun('bad host', result)).toMatch(/exited with 0/);
  expect(lastJson(result)).toEqual({ status: 400, real: 1, disallowed: 0 });
  expect(result.stdout).not.toMatch(/ERROR django\.security\.DisallowedHost/);
}, 120_000);

const probe = `
import json, logging
from django.test import Client
records = []
class Keep(logging.Handler):
    def emit(self, record):
        records.append(record.levelname)
logging.getLogger("core.views").addHandler(Keep(logging.WARNING))
response = Client(HTTP_HOST="localhost").get("/healthz/")
print(json.dumps({"status": response.status_code, "body": response.json(), "logged": records}))
`;

test('readiness: a cache outage is reported, not fatal, and logged as a warning', async () => {
  const result = await shell(probe, { DATABASE_URL: database(), REDIS_URL: 'redis://127.0.0.1:1/0' });
  expect(describeRun('healthz', result)).toMatch(/exited with 0/);
  expect(lastJson(result)).toEqual({
    status: 200,
    body: { status: 'degraded', checks: { database: 'ok', cache: 'error' } },
    logged: ['WARNING'],
  });
}, 120_000);

test('readiness writes nothing to the cache', async () => {
  const result = await shell(`${probe}
from django.core.cache import cache
print(json.dumps({"keys": cache.client.get_client().dbsize()}))`, { DATABASE_URL: database(), REDIS_URL: redis.url });
  expect(describeRun('healthz', result)).toMatch(/exited with 0/);
  const lines = result.stdout.trim().split('\n');
  expect(JSON.parse(lines.at(-2)!)).toEqual({ status: 200, body: { status: 'ok', checks: { database: 'ok', cache: 'ok' } }, logged: [] });
  expect(JSON.parse(lines.at(-1)!)).toEqual({ keys: 0 });
}, 120_000);

test("the local API docs are open, as the project's README says (staff only in production)", async () => {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  expect(readme).toContain('`/api/docs/` (open to everyone locally; staff only in production)');
  const code = `
import json
from django.test import Client
client = Client(HTTP_HOST="localhost")
print(json.dumps({"docs": client.get("/api/docs/").status_code, "schema": client.get("/api/schema/").status_code}))
`;
  expect(lastJson(await shell(code, { DATABASE_URL: database() }))).toEqual({ docs: 200, schema: 200 });
  const production = productionEnv(dir, { DATABASE_URL: database(), REDIS_URL: redis.url, SENTRY_DSN: '' });
  const host = production.DJANGO_ALLOWED_HOSTS!;
  const staffOnly = `
import json
from django.test import Client
client = Client(HTTP_HOST="${host}")
print(json.dumps({"docs": client.get("/api/docs/", secure=True).status_code}))
`;
  expect(lastJson(await shell(staffOnly, production))).toEqual({ docs: 403 });
}, 120_000);

test('the CI registry login names the registry of any image name (Docker Hub: docker.io)', async () => {
  const workflow = parse(readFileSync(join(dir, '.github/workflows/ci.yml'), 'utf8'));
  const steps = Object.values(workflow.jobs as Record<string, { steps?: Array<{ name?: string; run?: string }> }>).flatMap((job) => job.steps ?? []);
  const login = steps.find((step) => step.name === 'Log in to the registry')!.run!;
  const bin = join(dir, '.fake-bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'docker'), '#!/bin/sh\necho "docker $*"\n');
  chmodSync(join(bin, 'docker'), 0o755);
  const cases: Array<[string, string]> = [
    ['acme/app', 'docker.io'],
    ['app', 'docker.io'],
    ['ghcr.io/acme/app', 'ghcr.io'],
    ['registry.example.com:5000/team/app', 'registry.example.com:5000'],
    ['localhost/app', 'localhost'],
    ['localhost:5000/app', 'localhost:5000'],
  ];
  for (const [image, registry] of cases) {
    const result = await run('bash', ['-e', '-c', login], {
      env: { PATH: `${bin}:/usr/bin:/bin`, IMAGE: image, REGISTRY_USERNAME: 'ci', REGISTRY_PASSWORD: 'secret' },
    });
    expect({ image, out: result.stdout.trim() }).toEqual({ image, out: `docker login ${registry} --username ci --password-stdin` });
  }
}, 60_000);

test('the GitLab pipeline logs in to the registry of any image name too', async () => {
  const gitlab = await generate(['--defaults', '--ci', 'gitlab']);
  try {
    expect(gitlab.code).toBe(0);
    const pipeline = parse(readFileSync(join(gitlab.dir, '.gitlab-ci.yml'), 'utf8')) as Record<string, { script?: string[] }>;
    const script = Object.values(pipeline).flatMap((job) => job?.script ?? []).find((line) => line.includes('docker login'))!;
    const bin = join(gitlab.dir, '.fake-bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'docker'), '#!/bin/sh\necho "docker $*"\n');
    chmodSync(join(bin, 'docker'), 0o755);
    for (const [image, registry] of [['acme/app', 'docker.io'], ['registry.gitlab.com/acme/app', 'registry.gitlab.com']]) {
      const result = await run('bash', ['-e', '-c', script], {
        env: { PATH: `${bin}:/usr/bin:/bin`, IMAGE: image, CI_COMMIT_TAG: 'v1', CI_COMMIT_SHA: 'abc', REGISTRY_USERNAME: 'ci', REGISTRY_PASSWORD: 'secret' },
      });
      expect({ image, login: result.stdout.split('\n').find((line) => line.startsWith('docker login')) }).toEqual({
        image,
        login: `docker login ${registry} --username ci --password-stdin`,
      });
    }
  } finally {
    removeTempDir(gitlab.dir);
  }
}, 60_000);

test("the project's own tests, ruff and mypy pass with these settings", async () => {
  const tests = await stack.run(['-m', 'pytest', '-p', 'no:cacheprovider', '-q', 'src/apps/core'], { cwd: dir, timeoutMs: 600_000 });
  expect(describeRun('pytest', tests)).toMatch(/exited with 0/);
  for (const args of [['check', '.'], ['format', '--check', '.']]) {
    const ruff = await stack.tool('ruff', args, { cwd: dir });
    expect(describeRun(`ruff ${args.join(' ')}`, ruff)).toMatch(/exited with 0/);
  }
  const mypy = await projectMypy({ dir, stack }, []);
  expect(describeRun('mypy', mypy)).toMatch(/exited with 0/);
}, 600_000);

test('the admin sign-in is rate-limited: the sixth failed attempt from one address answers 429', async () => {
  const code = `
import json
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="localhost")
url = "/" + settings.ADMIN_URL + "login/"
codes = [client.post(url, {"username": "nobody", "password": "wrong"}).status_code for _ in range(7)]
other = Client(HTTP_HOST="localhost", REMOTE_ADDR="10.0.0.2").post(url, {"username": "nobody", "password": "wrong"}).status_code
print(json.dumps({"codes": codes, "other": other, "form": client.get(url).status_code}))
`;
  const result = await shell(code, { DATABASE_URL: database() });
  expect(describeRun('admin login', result)).toMatch(/exited with 0/);
  expect(lastJson(result)).toEqual({ codes: [200, 200, 200, 200, 200, 429, 429], other: 200, form: 200 });
}, 120_000);

test('behind the ingress the admin sign-in counts failures per client, not per proxy address', async () => {
  // Every request arrives from the ingress (REMOTE_ADDR); the client is what it added.
  const code = `
import json
from django.conf import settings
from django.test import Client
url = "/" + settings.ADMIN_URL + "login/"
def attempt(forwarded):
    client = Client(HTTP_HOST="localhost", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)
    return client.post(url, {"username": "nobody", "password": "wrong"}).status_code
codes = [attempt("198.51.100.9") for _ in range(6)]
spoofed = attempt("203.0.113.1, 198.51.100.9")
other = attempt("198.51.100.10")
print(json.dumps({"proxies": settings.NUM_PROXIES, "codes": codes, "spoofed": spoofed, "other": other}))
`;
  const result = await shell(code, { DATABASE_URL: database(), DJANGO_NUM_PROXIES: '1' });
  expect(describeRun('admin login behind the ingress', result)).toMatch(/exited with 0/);
  expect(lastJson(result)).toEqual({ proxies: 1, codes: [200, 200, 200, 200, 200, 429], spoofed: 429, other: 200 });
}, 120_000);
