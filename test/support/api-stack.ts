/**
 * What the API-style e2e files (test/e2e/api-*.test.ts) share: the two apps whose models
 * relate across them (fk and m2m), their migrations, and gunicorn serving the project on
 * production settings (uvicorn workers and config.asgi when the project is ASGI) with
 * signed-in users, behind a load balancer that ends TLS.
 */
import { expectSuccess } from './e2e.js';
import { readText } from './files.js';
import { manageEach, startGunicorn, type Gunicorn } from './python.js';
import type { RealProject } from './real-stack.js';
import { signedInCookiesOf, signedInUsersScript } from './signed-in.js';

/** The load balancer ends TLS and says so; without it production redirects to https. */
export const https = { 'X-Forwarded-Proto': 'https' };
/** A CSRF secret as Django's cookie holds it (32 letters and digits); the header repeats it. */
export const csrf = 'e2eCsrfSecretE2eCsrfSecretE2e123';

/** `djangoflow startapp` runs: blog (Post with an owner, fk and m2m; Tag), shop (Item across apps). */
export const twoRelatedApps: string[][] = [
  ['startapp', 'blog', '--model', 'Post', 'title:str', 'body:text', 'author:fk=users.User', 'tags:m2m=Tag', '--model', 'Tag', 'name:str'],
  ['startapp', 'shop', '--model', 'Item', 'name:str', 'post:fk=blog.Post', 'owner:fk=users.User', 'tags:m2m=blog.Tag'],
];

/** describeRealStack's `makeMigrations`: the two apps'. */
export const twoAppsMigrations = ['blog', 'shop'];

export interface ServedApi {
  server: Gunicorn;
  port: number;
  /** The production domain the requests name (Host). */
  host: string;
  /** Session cookie (`name=key`) of each user asked for. */
  cookies: Record<string, string>;
}

/**
 * Declares the beforeAll/afterAll of gunicorn on production settings, after migrate and
 * the users (`{ username: staff }`); the getter is ready inside the tests.
 */
export function serveApi(project: () => RealProject, users: Record<string, boolean>): () => ServedApi {
  let served: ServedApi | undefined;

  beforeAll(async () => {
    const env = project().production();
    // One process: migrate, then the users signed in.
    const [migrated, signedIn] = await manageEach(project().dir, [['migrate', '--noinput'], ['shell', '-c', signedInUsersScript(users)]], env);
    expectSuccess('migrate', migrated!);
    const cookies = signedInCookiesOf(`create the signed-in users ${Object.keys(users).join(', ')}`, signedIn!);
    // ASGI by answer or because a plugin needs it (channels): the start script says which.
    const asgi = readText(project().dir, 'base/scripts/start').includes('config.asgi:application');
    // One worker: the websocket and the requests still meet through the Redis channel
    // layer; a loaded machine imports every app slowly, hence the start timeout.
    const server = await startGunicorn(project().dir, {
      env,
      workers: 1,
      startTimeoutMs: 180_000,
      ...(asgi ? { app: 'config.asgi:application', workerClass: 'uvicorn_worker.UvicornWorker' } : {}),
    });
    served = { server, port: server.port, host: String(project().answers.domain), cookies };
  }, 480_000);

  afterAll(async () => {
    await served?.server.stop();
  });

  return () => {
    if (!served) throw new Error('gunicorn did not start (see the beforeAll failure)');
    return served;
  };
}
