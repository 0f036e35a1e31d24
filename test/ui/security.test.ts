/**
 * `djangoflow ui`'s guards over plain HTTP: the token on every request, Host and Origin
 * checks, POST for changes, paths that cannot leave the plan, loopback only, clean stop.
 */
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { readdirSync } from 'node:fs';
import { safeRelativePath, sameToken } from '../../generators/ui/security.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { type UiProcess, startUi } from './server.js';

let dir: string;
let ui: UiProcess;

beforeAll(async () => {
  dir = makeTempDir('ui-security');
  ui = await startUi(dir);
});
afterAll(async () => {
  await ui?.stop();
  removeTempDir(dir);
});

interface Reply {
  status: number;
  body: string;
}

function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string; host?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: options.host ?? '127.0.0.1', port: ui.port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const withToken = (extra: Record<string, string> = {}) => ({ 'x-djangoflow-token': ui.token, ...extra });
const post = (path: string, headers: Record<string, string>) => send(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ answers: {}, plugins: [] }) });

test('the page and the API need the token: missing or wrong is 403', async () => {
  expect((await send('/')).status).toBe(403);
  expect((await send(`/?token=${ui.token}x`)).status).toBe(403);
  expect((await send('/api/session')).status).toBe(403);
  expect((await send('/api/session', { headers: { 'x-djangoflow-token': 'nope' } })).status).toBe(403);
  expect((await send('/app.js')).status).toBe(403);
  expect((await send(`/?token=${ui.token}`)).status).toBe(200);
  expect((await send('/api/session', { headers: withToken() })).status).toBe(200);
});

test('a state-changing request from another origin, or without one, is refused', async () => {
  expect((await post('/api/apply', withToken({ origin: 'http://evil.example' }))).status).toBe(403);
  expect((await post('/api/apply', withToken())).status).toBe(403);
  expect((await post('/api/preview', withToken({ origin: 'http://127.0.0.1:1' }))).status).toBe(403);
  expect(readdirSync(dir)).toEqual([]);
  expect((await post('/api/preview', withToken({ origin: ui.origin }))).status).toBe(200);
  // Changes are POST only; JSON only.
  expect((await send('/api/apply', { headers: withToken() })).status).toBe(404);
  expect((await send('/api/apply', { method: 'PUT', headers: withToken({ origin: ui.origin }) })).status).toBe(405);
  expect((await send('/api/apply', { method: 'POST', headers: withToken({ origin: ui.origin, 'content-type': 'text/plain' }), body: '{}' })).status).toBe(415);
});

test('the apps-and-models routes pass the same checks: token, Origin, Host', async () => {
  const change = JSON.stringify({ kind: 'startapp', name: 'blog', models: [], pages: false });
  const postChange = (path: string, headers: Record<string, string>) => send(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: change });
  for (const path of ['/api/change/apply', '/api/change/preview']) {
    expect((await postChange(path, { origin: ui.origin })).status).toBe(403);
    expect((await postChange(path, withToken({ origin: 'http://evil.example' }))).status).toBe(403);
    expect((await postChange(path, withToken())).status).toBe(403);
    expect((await postChange(path, withToken({ origin: ui.origin, host: `evil.example:${ui.port}` }))).status).toBe(403);
  }
  const resolution = JSON.stringify({ path: 'README.md', choices: ['yours'] });
  const postResolution = (headers: Record<string, string>) => send('/api/conflicts/resolve', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: resolution });
  expect((await postResolution({ origin: ui.origin })).status).toBe(403);
  expect((await postResolution(withToken({ origin: 'http://evil.example' }))).status).toBe(403);
  expect((await postResolution(withToken())).status).toBe(403);
  expect((await postResolution(withToken({ origin: ui.origin, host: `evil.example:${ui.port}` }))).status).toBe(403);
  expect((await postResolution(withToken({ origin: ui.origin }))).status).toBe(409);
  for (const path of ['/api/models', '/api/settings', '/api/conflicts']) {
    expect((await send(path)).status).toBe(403);
    expect((await send(path, { headers: withToken({ host: `evil.example:${ui.port}` }) })).status).toBe(403);
    expect((await send(path, { headers: withToken() })).status).toBe(200);
  }
  expect(readdirSync(dir)).toEqual([]);
  // In an empty folder the change is refused with one line, and nothing is written.
  const refused = await postChange('/api/change/apply', withToken({ origin: ui.origin }));
  expect(refused.status).toBe(409);
  expect(JSON.parse(refused.body).error).toContain('not a djangoflow project');
  expect(readdirSync(dir)).toEqual([]);
  const shapeless = await send('/api/change/preview', { method: 'POST', headers: withToken({ origin: ui.origin, 'content-type': 'application/json' }), body: '{"kind":"rm"}' });
  expect(shapeless.status).toBe(409);
});

test('a Host other than the loopback address (DNS rebinding) is refused', async () => {
  expect((await send('/api/session', { headers: withToken({ host: `evil.example:${ui.port}` }) })).status).toBe(403);
});

test('file views never leave the plan: traversal and absolute paths are refused', async () => {
  for (const path of ['../../etc/passwd', '/etc/passwd', 'a/../../x', '..', 'src\\..\\..\\x', '%2e%2e/x']) {
    const reply = await send(`/api/file?preview=1&path=${encodeURIComponent(path)}`, { headers: withToken() });
    expect([400, 404]).toContain(reply.status);
    expect(reply.body).not.toContain('root:');
  }
  expect(safeRelativePath('../x')).toBe(false);
  expect(safeRelativePath('src/config/settings/base.py')).toBe(true);
});

test('bound to 127.0.0.1 only: another address of this machine gets no answer', async () => {
  const others = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
  for (const address of others) await expect(send('/', { host: address })).rejects.toThrow(/ECONNREFUSED/);
  await expect(send('/', { host: '::1' })).rejects.toThrow(/ECONNREFUSED|EADDRNOTAVAIL/);
});

test('the token comparison is exact', () => {
  expect(sameToken('abc', 'abc')).toBe(true);
  expect(sameToken('abd', 'abc')).toBe(false);
  expect(sameToken(undefined, 'abc')).toBe(false);
});

test('SIGTERM stops the server cleanly', async () => {
  const other = makeTempDir('ui-stop');
  const second = await startUi(other);
  expect(await second.stop('SIGTERM')).toBe(0);
  expect(second.output()).toContain('stopped');
  removeTempDir(other);
});
