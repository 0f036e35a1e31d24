import { expectSuccess, redisVariables } from '../support/e2e.js';
import { generate } from '../support/generate.js';
import { describeRun, type RunResult } from '../support/process.js';
import { type Gunicorn, manage, productionEnv, productionHost, recordedAnswers, startGunicorn } from '../support/python.js';
import { claimRedisDb, createPostgresDatabase, type TestDatabase, type TestRedis } from '../support/machine-services.js';
import { installProject } from '../support/stack.js';
import { removeTempDir } from '../support/tempdir.js';

/**
 * The production runtime as the web Deployment runs it: gunicorn with src/config/gunicorn.py
 * on config.web.settings, POD_IP set from the downward API, on the project's pinned stack
 * (stack.ts) with the machine's PostgreSQL and Redis.
 */
describe('the production runtime under Kubernetes (celery + drf project)', () => {
  const podIp = '127.0.0.2';
  const gracefulTimeout = 5;
  let project = '';
  let database: TestDatabase | undefined;
  let redis: TestRedis | undefined;
  let server: Gunicorn | undefined;
  let stopped: { result: RunResult; seconds: number } | undefined;

  /** Stops gunicorn once (SIGTERM), timing it; later calls get the same result. */
  async function stop(): Promise<{ result: RunResult; seconds: number }> {
    if (!stopped) {
      const started = Date.now();
      const result = await server!.stop();
      stopped = { result, seconds: (Date.now() - started) / 1000 };
    }
    return stopped;
  }

  const jsonLines = (text: string): Array<Record<string, unknown>> =>
    text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          return { notJson: line };
        }
      });

  beforeAll(async () => {
    const generated = await generate(['--defaults', '--project-name', 'Harbor Ops', '--celery', '--api=drf']);
    project = generated.dir;
    if (generated.code !== 0) throw new Error(describeRun('djangoflow', generated));
    [, database, redis] = await Promise.all([
      installProject(project),
      createPostgresDatabase(String(recordedAnswers(project).projectSlug)),
      claimRedisDb(),
    ]);
    const env = productionEnv(project, {
      DATABASE_URL: database.url,
      ...Object.fromEntries(redisVariables(project).map((name) => [name, redis!.url])),
      DJANGO_SETTINGS_MODULE: 'config.web.settings',
      POD_IP: podIp,
      GUNICORN_GRACEFUL_TIMEOUT: String(gracefulTimeout),
      // As the base ConfigMap sets it: the ingress in front.
      DJANGO_NUM_PROXIES: '1',
    });
    // What the migrate Job and /start do before gunicorn serves.
    for (const [label, args] of [
      ['migrate', ['migrate', '--noinput']],
      ['collectstatic', ['collectstatic', '--noinput']],
    ] as const) {
      const result = await manage(project, args, { ...env, DJANGO_SETTINGS_MODULE: 'config.settings.production' });
      if (result.code !== 0) throw new Error(describeRun(label, result));
    }
    server = await startGunicorn(project, { env });
  }, 900_000);

  afterAll(async () => {
    if (server) await stop();
    await Promise.allSettled([database?.drop(), redis?.release()]);
    if (project) removeTempDir(project);
  });

  test('/healthz/ answers 200 to a probe whose Host is the pod IP, checking database, cache and broker', async () => {
    const response = await server!.get('/healthz/', `${podIp}:${server!.port}`);
    expect({ status: response.status, body: jsonLines(response.body)[0] }).toEqual({
      status: 200,
      body: { status: 'ok', checks: { database: 'ok', cache: 'ok', broker: 'ok' } },
    });
  });

  test('a Host that is neither the domain nor the pod IP is refused', async () => {
    expect((await server!.get('/healthz/', '127.0.0.3')).status).toBe(400);
  });

  test('/livez/ answers 200 to a probe whose Host is the pod IP', async () => {
    const response = await server!.get('/livez/', `${podIp}:${server!.port}`);
    expect({ status: response.status, body: jsonLines(response.body)[0] }).toEqual({ status: 200, body: { status: 'ok' } });
  });

  test('plain HTTP is redirected to HTTPS, except /healthz/ and /livez/', async () => {
    const host = productionHost(project);
    const page = await server!.get('/', host);
    expect({ status: page.status, location: page.headers.location }).toEqual({
      status: 301,
      location: `https://${host}/`,
    });
    expect((await server!.get('/healthz/', host)).status).toBe(200);
    expect((await server!.get('/livez/', host)).status).toBe(200);
  });

  test('a request through the ingress: the client wrote one address, the ingress added the real one', async () => {
    const response = await server!.get('/?via=ingress', productionHost(project), { 'X-Forwarded-For': '203.0.113.1, 198.51.100.9' });
    expect(response.status).toBe(301);
  });

  test('SIGTERM stops gunicorn cleanly within the graceful timeout', async () => {
    // (Connections still queued when the listener closes are dropped: the preStop sleep
    // of the Deployments takes the pod out of the Service before the signal comes.)
    const { result, seconds } = await stop();
    expect(seconds).toBeLessThan(gracefulTimeout + 2);
    expectSuccess('gunicorn', result);
    expect(result.stdout).toMatch(/Shutting down: Master/);
  });

  test('gunicorn and Django log JSON lines to stdout; probes stay out of the access log', async () => {
    const { result } = await stop();
    const lines = jsonLines(result.stdout);
    expect(lines.filter((line) => 'notJson' in line)).toEqual([]);
    const access = lines.filter((line) => line.logger === 'gunicorn.access');
    expect(access).toEqual(
      expect.arrayContaining([expect.objectContaining({ method: 'GET', path: '/', status: 301 })]),
    );
    expect(access.filter((line) => line.path === '/healthz/' || line.path === '/livez/')).toEqual([]);
    // The client behind the ingress, as Django's throttles count it, beside the connection's address.
    expect(access.filter((line) => line.query === 'via=ingress').map(({ remote_addr, client }) => ({ remote_addr, client }))).toEqual([
      { remote_addr: '127.0.0.1', client: '198.51.100.9' },
    ]);
    expect(access.find((line) => line.path === '/' && line.query === '')).toMatchObject({ client: '127.0.0.1' });
    expect(lines).toEqual(expect.arrayContaining([expect.objectContaining({ logger: 'gunicorn.error', level: 'INFO' })]));
    // The refused Host above is scanner noise: kept out of the logs and error reporting.
    expect(lines.filter((line) => line.logger === 'django.security.DisallowedHost')).toEqual([]);
  });
});
