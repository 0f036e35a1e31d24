/**
 * The local HTTP server of `djangoflow ui` (Node's http, nothing more): bound to 127.0.0.1,
 * every request checked by security.ts before it reaches a route, reads by GET, changes by
 * POST with JSON from the page's own origin. Routes hand over to the session.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from '../../lib/input/errors.js';
import type { PageAssets } from './assets.js';
import { receivedChange } from './changes.js';
import { receivedResolution } from './conflicts.js';
import type { ReceivedForm } from './form.js';
import { hostAllowed, originAllowed, safeRelativePath, sameToken, sentToken } from './security.js';
import type { Session } from './session.js';

const maxBody = 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const securityHeaders = {
  // The token is in the page's URL: no Referer may carry it anywhere.
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { ...securityHeaders, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

const sendJson = (response: ServerResponse, status: number, value: unknown) => send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));

async function readJson(request: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) throw new HttpError(415, 'send JSON');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBody) throw new HttpError(413, 'request too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'not valid JSON');
  }
}

function formInput(body: unknown): ReceivedForm {
  const value = body as Partial<ReceivedForm> | null;
  if (!value || typeof value.answers !== 'object' || value.answers === null || !Array.isArray(value.plugins)) {
    throw new HttpError(400, 'expected {answers, plugins}');
  }
  return { answers: value.answers as Record<string, unknown>, plugins: value.plugins.filter((p): p is string => typeof p === 'string') };
}

async function route(request: IncomingMessage, response: ServerResponse, url: URL, session: Session, assets: PageAssets, token: string) {
  const key = `${request.method} ${url.pathname}`;
  if (request.method === 'POST') {
    const routes: Record<string, (body: unknown) => Promise<unknown>> = {
      '/api/preview': (body) => session.preview(formInput(body)),
      '/api/apply': (body) => session.apply(formInput(body)),
      '/api/change/preview': (body) => session.previewChange(receivedChange(body)),
      '/api/change/apply': (body) => session.applyChange(receivedChange(body)),
      '/api/conflicts/resolve': (body) => session.resolveConflict(receivedResolution(body)),
    };
    const handle = routes[url.pathname];
    if (!handle) throw new HttpError(404, 'not found');
    return sendJson(response, 200, await handle(await readJson(request)));
  }
  if (key === 'GET /') return send(response, 200, 'text/html; charset=utf-8', assets.page(token));
  if (key === 'GET /api/session') return sendJson(response, 200, session.data());
  if (key === 'GET /api/models') return sendJson(response, 200, session.models());
  if (key === 'GET /api/settings') return sendJson(response, 200, session.settings());
  if (key === 'GET /api/conflicts') return sendJson(response, 200, await session.conflicts());
  if (key === 'GET /api/file') {
    const path = url.searchParams.get('path');
    if (!safeRelativePath(path)) throw new HttpError(400, 'not a project-relative path');
    const view = session.file(url.searchParams.get('preview') ?? '', path);
    if (!view) throw new HttpError(404, 'no such file in this preview');
    return sendJson(response, 200, view);
  }
  const asset = request.method === 'GET' ? assets.byPath.get(url.pathname) : undefined;
  if (asset) return send(response, 200, asset.type, asset.body);
  throw new HttpError(404, 'not found');
}

/** Checks every request in order: Host, token, method, Origin; only then a route runs. */
function handler(session: Session, assets: PageAssets, token: string, port: () => number) {
  return async (request: IncomingMessage, response: ServerResponse) => {
    try {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (!hostAllowed(request, port())) throw new HttpError(403, 'unexpected Host');
      if (!sameToken(sentToken(request, url), token)) throw new HttpError(403, 'missing or wrong token; open the URL djangoflow ui printed');
      if (request.method !== 'GET' && request.method !== 'POST') throw new HttpError(405, 'GET or POST only');
      if (request.method === 'POST' && !originAllowed(request, port())) throw new HttpError(403, 'cross-origin request refused');
      await route(request, response, url, session, assets, token);
    } catch (error) {
      if (error instanceof HttpError) return sendJson(response, error.status, { error: error.message });
      if (error instanceof UserError) return sendJson(response, 409, { error: error.message });
      sendJson(response, 500, { error: `internal error: ${(error as Error)?.message ?? String(error)}` });
    }
  };
}

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 only (port 0: a free one the system picks). */
export async function startServer(session: Session, assets: PageAssets, token: string, port = 0): Promise<RunningServer> {
  let bound = 0;
  const server = createServer(handler(session, assets, token, () => bound));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port }, () => resolve());
  });
  bound = (server.address() as AddressInfo).port;
  return {
    server,
    port: bound,
    url: `http://127.0.0.1:${bound}/?token=${token}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
