/**
 * Ninja and GraphQL together (`--api ninja,graphql`) with df-auth and Channels, on the real
 * stack: the shared real-stack checks (install, check, migrations, the project's tests, check
 * --deploy, ruff and mypy), then through gunicorn's uvicorn workers on production settings:
 * a JWT from df-auth's own token endpoint opens the Ninja API and the GraphQL endpoint (no
 * CSRF), anonymous and bad-token requests are refused, another user's rows stay invisible;
 * and GraphQL subscriptions over websockets (graphql-transport-ws, the JWT in the
 * connection_init payload or the session cookie) deliver the rows created, the user's own
 * only, while an anonymous subscription is refused and a bad token closes the connection.
 */
import { readText } from '../support/files.js';
import { csrf, https, twoAppsMigrations, serveApi, twoRelatedApps } from '../support/api-stack.js';
import { describeRun } from '../support/process.js';
import { describeRealStack, type RealProject } from '../support/real-stack.js';
import { call } from '../plugins/http.js';

const password = 'e2e-Pass-123456';

/**
 * A websocket client of the project's own venv (websockets, which uvicorn[standard] brings):
 * the subscriptions of the test, the rows created over HTTP in between, every first answer
 * printed as one JSON object.
 */
const subscriptionsScript = String.raw`
import json, socket, sys, time, urllib.request
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

config = json.loads(sys.argv[1])
port, host = config["port"], config["host"]


def opened(cookie=None):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    headers = {"Origin": f"https://{host}"}
    if cookie:
        headers["Cookie"] = cookie
    return connect(f"ws://{host}/api/graphql/", sock=sock, additional_headers=headers,
                   subprotocols=["graphql-transport-ws"], open_timeout=10)


def answer(ws):
    try:
        return json.loads(ws.recv(timeout=15))
    except ConnectionClosed as closed:
        return {"closed": closed.rcvd.code if closed.rcvd else None}
    except TimeoutError:
        return {"timeout": True}


def initialized(ws, params=None):
    ws.send(json.dumps({"type": "connection_init", "payload": params or {}}))
    return answer(ws)


def subscribe(ws, query):
    ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
    time.sleep(1.5)  # the consumer joins the group


def mutate(token, query):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/graphql/",
        data=json.dumps({"query": query}).encode(),
        headers={"Host": host, "X-Forwarded-Proto": "https", "Content-Type": "application/json",
                 "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=20) as response:
        return json.loads(response.read())


result = {}
with opened() as ws:
    result["token ack"] = initialized(ws, {"Authorization": "Bearer " + config["reader"]}).get("type")
    subscribe(ws, "subscription { postCreated { title authorId } }")
    result["theirs created"] = mutate(config["other"], 'mutation { createPost(data: {title: "Theirs", body: "b", tags: []}) { id } }')
    result["mine created"] = mutate(config["reader"], 'mutation { createPost(data: {title: "Mine", body: "b", tags: []}) { id } }')
    result["token event"] = answer(ws)

with opened(cookie=config["cookie"]) as ws:
    result["session ack"] = initialized(ws).get("type")
    subscribe(ws, "subscription { tagCreated { name } }")
    mutate(config["reader"], 'mutation { createTag(data: {name: "live"}) { id } }')
    result["session event"] = answer(ws)

with opened() as ws:
    result["anonymous ack"] = initialized(ws).get("type")
    subscribe(ws, "subscription { postCreated { title } }")
    result["anonymous answer"] = answer(ws)

with opened() as ws:
    result["bad token"] = initialized(ws, {"Authorization": "Bearer not-a-token"})
print(json.dumps(result))
`;

const args = ['--defaults', '--project-name', 'Acme Live', '--api', 'ninja,graphql'];

describeRealStack('Ninja and GraphQL with df-auth JWTs and Channels subscriptions', args, {
  plugins: [
    ['df-auth', '--defaults'],
    ['channels', '--defaults'],
  ],
  commands: twoRelatedApps,
  makeMigrations: twoAppsMigrations,
  extra: (project: () => RealProject) => {
    test('GraphQL is served over websockets and both APIs take df-auth JWTs', () => {
      const { dir } = project();
      expect(readText(dir, 'src/config/routing.py')).toContain('*config.api.graphql.websocket_urlpatterns,');
      const schema = readText(dir, 'src/config/api/graphql.py');
      expect(schema).toContain('Subscription = merge_types("Subscription", (BlogSubscription, ShopSubscription))');
      expect(schema).toContain('path("api/graphql/", GraphQLConsumer.as_asgi(schema=schema))');
      expect(readText(dir, 'src/apps/blog/graphql/schema.py')).toMatch(/async def post_created\(/);
      expect(readText(dir, 'src/config/api/ninja_tools.py')).toContain('AUTH: list[Any] = [JWTAuth(), django_auth]');
    });

    describe('through gunicorn (uvicorn workers) on production settings', () => {
      const served = serveApi(project, { 'live-reader': false, 'live-other': false });
      const tokens: Record<string, string> = {};

      const send = (path: string, options: Parameters<typeof call>[3] = {}) =>
        call(served().port, path, served().host, { ...options, headers: { ...https, ...options.headers } });
      const bearer = (username: string) => ({ Authorization: `Bearer ${tokens[username]}` });
      const graphql = async (query: string, headers: Record<string, string>) => {
        const response = await send('/api/graphql/', { method: 'POST', json: { query }, headers });
        return { status: response.status, body: JSON.parse(response.body) as { data?: unknown; errors?: { message: string }[] } };
      };

      beforeAll(async () => {
        for (const username of ['live-reader', 'live-other']) {
          const issued = await send('/api/v1/auth/token/', { method: 'POST', json: { username, password } });
          expect({ username, status: issued.status }).toEqual({ username, status: 200 });
          tokens[username] = (JSON.parse(issued.body) as { token: string }).token;
        }
      }, 60_000);

      test('Ninja: a JWT lists and creates, anonymous and bad tokens are refused, another user sees nothing', async () => {
        expect((await send('/api/ninja/blog/posts/')).status).toBe(401);
        expect((await send('/api/ninja/blog/posts/', { headers: { Authorization: 'Bearer not-a-token' } })).status).toBe(401);
        // No CSRF token: a bearer token is no ambient credential.
        const tag = await send('/api/ninja/blog/tags/', { method: 'POST', json: { name: 'ninja' }, headers: bearer('live-reader') });
        expect({ status: tag.status, log: tag.status >= 500 ? served().server.output() : '' }).toEqual({ status: 201, log: '' });
        const tagId = (JSON.parse(tag.body) as { id: number }).id;
        const created = await send('/api/ninja/blog/posts/', {
          method: 'POST',
          json: { title: 'By token', body: 'b', tags: [tagId] },
          headers: bearer('live-reader'),
        });
        expect(created.status).toBe(201);
        const listed = await send('/api/ninja/blog/posts/', { headers: bearer('live-reader') });
        expect(JSON.parse(listed.body)).toMatchObject({ count: 1, items: [{ title: 'By token', tags: [tagId] }] });
        const theirs = await send('/api/ninja/blog/posts/', { headers: bearer('live-other') });
        expect(JSON.parse(theirs.body)).toMatchObject({ count: 0, items: [] });
      });

      test('GraphQL: a JWT runs a mutation and a query without CSRF; anonymous and bad tokens are refused', async () => {
        const withCsrf = { Cookie: `__Secure-csrftoken=${csrf}`, 'X-CSRFToken': csrf, Origin: `https://${served().host}` };
        const anonymous = await graphql('{ posts { id } }', withCsrf);
        expect(anonymous.status).toBe(200);
        expect(anonymous.body.errors?.[0]?.message).toBe('User is not authenticated.');
        const bad = await graphql('{ posts { id } }', { Authorization: 'Bearer not-a-token' });
        expect(bad.status).toBe(401);
        const created = await graphql('mutation { createPost(data: {title: "Graph token", body: "b", tags: []}) { title } }', bearer('live-reader'));
        expect({ status: created.status, body: created.body, log: created.status >= 500 ? served().server.output() : '' }).toEqual({
          status: 200,
          body: { data: { createPost: { title: 'Graph token' } } },
          log: '',
        });
        const mine = await graphql('{ posts { title } }', bearer('live-reader'));
        expect(mine.body.data).toEqual({ posts: expect.arrayContaining([{ title: 'Graph token' }]) });
        expect((await graphql('{ posts { title } }', bearer('live-other'))).body.data).toEqual({ posts: [] });
      });

      test('subscriptions over websockets: the own rows created, by JWT or session; anonymous and bad tokens refused', async () => {
        const config = { port: served().port, host: served().host, reader: tokens['live-reader'], other: tokens['live-other'], cookie: served().cookies['live-reader'] };
        const run = await project().stack.run(['-c', subscriptionsScript, JSON.stringify(config)], { timeoutMs: 120_000 });
        if (run.code !== 0) throw new Error(`${describeRun('websocket client', run)}\n--- gunicorn ---\n${served().server.output().slice(-4000)}`);
        const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
        expect(result).toMatchObject({
          'token ack': 'connection_ack',
          'theirs created': { data: { createPost: { id: expect.any(String) } } },
          'mine created': { data: { createPost: { id: expect.any(String) } } },
          // The first event is the reader's own post: the other user's was not delivered.
          'token event': { type: 'next', id: '1', payload: { data: { postCreated: { title: 'Mine' } } } },
          'session ack': 'connection_ack',
          'session event': { type: 'next', id: '1', payload: { data: { tagCreated: { name: 'live' } } } },
          'anonymous ack': 'connection_ack',
          'bad token': { closed: 4403 },
        });
        expect(JSON.stringify(result['anonymous answer'])).toContain('User is not authenticated.');
      }, 180_000);
    });
  },
});
