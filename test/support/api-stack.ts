/**
 * What the API-style e2e files (test/e2e/api-*.test.ts) share: the two apps whose models
 * relate across them (fk and m2m), their migrations, and gunicorn serving the project on
 * production settings (uvicorn workers and config.asgi when the project is ASGI) with
 * signed-in users, behind a load balancer that ends TLS.
 */
import type { Gunicorn } from './python.js';
import type { RealProject } from './real-stack.js';
import { signedInCookies } from './signed-in.js';

/** The load balancer ends TLS and says so; without it production redirects to https. */
export const https = { 'X-Forwarded-Proto': 'https' };
/** A CSRF secret as Django's cookie holds it (32 letters and digits); the header repeats it. */
export const csrf = 'e2eCsrfSecretE2eCsrfSecretE2e123';

/** `djangoflow startapp` runs: blog (Post with an owner, fk and m2m; Tag, related to itself), shop (Item across apps). */
export const twoRelatedApps: string[][] = [
  ['startapp', 'blog', '--model', 'Post', 'title:str', 'body:text', 'author:fk=users.User', 'tags:m2m=Tag', '--model', 'Tag', 'name:str'],
  ['startapp', 'shop', '--model', 'Item', 'name:str', 'post:fk=blog.Post', 'owner:fk=users.User', 'tags:m2m=blog.Tag'],
  // A JSON document and an address (the API's form turned {} into None, and an address
  // object reached it), and a model with nothing to send as JSON (an upload).
  ['model', 'shop', 'Preference', 'choices:json', 'address:ip', 'delay:duration'],
  ['model', 'shop', 'Upload', 'document:file'],
  // Relations to its own model: Ninja required the many-to-many one (422 when left out).
  ['model', 'blog', 'Tag', 'parent:fk=Tag?', 'related:m2m=Tag'],
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
 * Declares the beforeAll of gunicorn on production settings (the project's own, shared with
 * its other checks: RealProject.productionServer), after the users (`{ username: staff }`);
 * the getter is ready inside the tests.
 */
export function serveApi(project: () => RealProject, users: Record<string, boolean>): () => ServedApi {
  let served: ServedApi | undefined;

  beforeAll(async () => {
    // The production database migrated and the project's gunicorn running (one worker: the
    // websocket and the requests still meet through the Redis channel layer), then the users.
    const server = await project().productionServer();
    const cookies = await signedInCookies(project(), users);
    served = { server, port: server.port, host: String(project().answers.domain), cookies };
  }, 480_000);

  return () => {
    if (!served) throw new Error('gunicorn did not start (see the beforeAll failure)');
    return served;
  };
}
