/**
 * What the plugins add to a project on its pinned stack, declared as `extra` tests of
 * describeRealStack (test/support/real-stack.ts runs the project's own checks): the
 * project holds the plugins it is meant to prove, and gunicorn serves every DF module's
 * API, df-auth's tokens and the project's own API, through the main URLconf and the api
 * deployment's (the ingress sends /api/ there).
 */
import { writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { pluginsFromAnswers, resolvePlugins } from '../../lib/plugins/active.js';
import { expectSuccess } from '../support/e2e.js';
import { describeRun } from '../support/process.js';
import { asgiServer, type Gunicorn, manage, startGunicorn } from '../support/python.js';
import type { RealProject } from '../support/real-stack.js';
import { catalog, recordedState } from './helpers.js';
import { adminSignInFlow, signUpFlow } from './allauth-flow.js';
import { call, describeResponse } from './http.js';
import type { StackProject } from './stack-projects.js';
import { type ServedProject, servedProject } from './served.js';

/** Every plugin active in the project: by answer, added, and their dependencies. */
export function activePlugins(dir: string): string[] {
  const plugins = catalog();
  const state = recordedState(dir);
  const wanted = [...new Set([...pluginsFromAnswers(plugins, state.answers as never), ...state.plugins])];
  return resolvePlugins(plugins, wanted).map((p) => p.name);
}

const user = { username: 'ada', email: 'ada@example.com', password: 'pw-12345678-Ada' };

/** Python for `manage.py shell -c`: the user, a remote-config part where df-remote-config is on, a session. */
function setUpScript(remoteConfig: boolean): string {
  return `
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
# Staff: production serves the API schemas to staff only.
user = get_user_model().objects.create_user(${JSON.stringify(user.username)}, ${JSON.stringify(user.email)}, ${JSON.stringify(user.password)}, is_staff=True)
${remoteConfig ? 'from df_remote_config.models import ConfigPart\nConfigPart.objects.create(name="default", json={"greeting": "hello"})' : ''}
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(json.dumps({"cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"}))
`;
}

/**
 * Declares the plugin tests of one project (inside its describeRealStack); `served` shares
 * the file's gunicorns with its other checks (by default this check gets its own).
 */
export function pluginChecks(spec: StackProject, project: () => RealProject, served: ServedProject = servedProject(project)): void {
  test('holds exactly the plugins it is meant to prove', () => {
    expect(activePlugins(project().dir).sort()).toEqual([...spec.covers].sort());
  });

  if (!spec.covers.includes('df-api-drf')) return;

  test('gunicorn serves the project API and every DF endpoint through config.urls and config.api.urls', async () => {
    const p = project();
    const active = new Set(activePlugins(p.dir));
    await served.prepared();
    const setUp = await manage(p.dir, ['shell', '-c', setUpScript(active.has('df-remote-config'))], p.production());
    expectSuccess('set up a user', setUp);
    const { cookie } = JSON.parse(setUp.stdout.trim().split('\n').at(-1)!) as { cookie: string };
    for (const settings of ['config.settings.production', 'config.api.settings']) {
      const server = await served.server(settings);
      try {
        await expectDfServed(server, String(p.answers.domain), active, cookie);
      } catch (error) {
        throw new Error(`${settings}: ${(error as Error).message}\n--- gunicorn ---\n${server.output().slice(-4000)}`);
      }
    }
  }, 600_000);
}

async function expectDfServed(server: Gunicorn, host: string, active: Set<string>, cookie: string): Promise<void> {
  // The load balancer ends TLS and says so; without it production redirects to https.
  const https = { 'X-Forwarded-Proto': 'https' };
  const send = (path: string, headers: Record<string, string> = {}, json?: unknown) =>
    call(server.port, path, host, { method: json === undefined ? 'GET' : 'POST', headers: { ...https, ...headers }, json });
  const expectStatus = async (path: string, status: number, headers: Record<string, string> = {}) => {
    const response = await send(path, headers);
    expect(describeResponse(path, response)).toBe(describeResponse(path, { ...response, status }));
    return JSON.parse(response.body) as unknown;
  };

  await expectStatus('/healthz/', 200);
  // The project's own API keeps its session authentication (browser, admin) beside DF's.
  expect(await expectStatus('/api/v1/users/me/', 200, { Cookie: cookie })).toMatchObject({ username: user.username });
  // The DF modules' schema, per namespace, beside the project's own: staff only in production
  // (df-auth's JWT challenges an anonymous request with 401, sessions refuse it with 403).
  expect([401, 403]).toContain((await send('/api/v1/schema/')).status);
  const schema = await send('/api/v1/schema/', { Cookie: cookie });
  expect(describeResponse('/api/v1/schema/', schema)).toMatch(/^\/api\/v1\/schema\/: 200 \{\s*"openapi": "3/);
  expect(schema.body).toContain('"/api/v1/notifications/devices/"');

  let auth: Record<string, string> = { Cookie: cookie };
  if (active.has('df-auth')) {
    // A password sign-in answers a sliding JWT; the project's API and DF's accept it,
    // token/refresh/ renews it, and a bad token is challenged.
    const issued = await send('/api/v1/auth/token/', {}, { username: user.username, password: user.password });
    expect(describeResponse('token/', issued)).toMatch(/^token\/: 200 \{"token":"[\w-]+\.[\w-]+\.[\w-]+"\}$/);
    const { token } = JSON.parse(issued.body) as { token: string };
    auth = { Authorization: `Bearer ${token}` };
    expect(await expectStatus('/api/v1/users/me/', 200, auth)).toMatchObject({ username: user.username });
    expect(await expectStatus('/api/v1/auth/users/0/', 200, auth)).toMatchObject({ username: user.username });
    const renewed = await send('/api/v1/auth/token/refresh/', {}, { token });
    expect(describeResponse('token/refresh/', renewed)).toMatch(/^token\/refresh\/: 200 \{"token":"/);
    expect((await send('/api/v1/users/me/', { Authorization: 'Bearer not-a-token' })).status).toBe(401);
  }
  if (active.has('df-remote-config')) {
    expect(await expectStatus('/api/v1/remote-config/?part=default', 200)).toEqual({ part: { greeting: 'hello' } });
  }
  if (active.has('df-notifications')) {
    expect(await expectStatus('/api/v1/notifications/devices/', 200, auth)).toMatchObject({ count: 0, results: [] });
  }
  if (active.has('df-survey')) {
    expect(await expectStatus('/api/v1/surveys/user-surveys/', 200, auth)).toMatchObject({ count: 0, results: [] });
  }
}

/** Mail printed by the servers (consolemail://): allauth's flow reads its confirmation link from their output. */
export const printedMail = { EMAIL_URL: 'consolemail://' };

/** allauth's pages through gunicorn, on production settings and the web deployment's (`served` prints mail: printedMail). */
export function allauthSignUpServed(served: ServedProject): void {
  test('gunicorn serves allauth: sign up, the confirmation mail, sign in, two-factor setup', async () => {
    const p = served.project();
    for (const [settings, username] of [['config.settings.production', 'grace'], ['config.web.settings', 'hedy']] as const) {
      if (served.env(settings).EMAIL_URL !== printedMail.EMAIL_URL) throw new Error('the servers must print mail (servedProject(project, printedMail))');
      const server = await served.server(settings);
      try {
        expect({ settings, steps: await signUpFlow(server, String(p.answers.domain), username) }).toEqual({
          settings,
          steps: [
            '2fa setup, signed out: 302 /accounts/login/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F',
            'sign up: 302 /accounts/confirm-email/',
            'sign in unconfirmed: 302 /accounts/confirm-email/',
            'confirm: 302 /accounts/login/',
            'sign in: 302 /',
            'account page: 200 shows the address',
            '2fa setup, signed in: 302 /accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F',
            'reauthenticate: 302 /',
            '2fa setup: 200 asks for a code',
          ],
        });
      } catch (error) {
        throw new Error(`${(error as Error).message}\n--- gunicorn ---\n${server.output().slice(-4000)}`);
      }
    }
  }, 600_000);
}

/** With allauth, the admin signs in through allauth's pages and its second factor, on the full site and the admin deployment. */
export function allauthAdminBehindMfa(served: ServedProject): void {
  test('gunicorn: the admin sign-in goes through allauth and its TOTP step', async () => {
    const p = served.project();
    await served.prepared();
    const adminUrl = String(p.production().DJANGO_ADMIN_URL);
    const staff = [['config.settings.production', 'ada_admin'], ['config.admin.settings', 'joan_admin']] as const;
    const created = await manage(p.dir, ['shell', '-c', staffWithTotp(staff.map(([, username]) => username))], p.production());
    expectSuccess('create the staff members with TOTP', created);
    const secrets = JSON.parse(created.stdout.trim().split('\n').at(-1)!) as Record<string, string>;
    for (const [settings, username] of staff) {
      const server = await served.server(settings);
      try {
        const login = encodeURIComponent(`/${adminUrl}login/`);
        expect({ settings, steps: await adminSignInFlow(server, String(p.answers.domain), adminUrl, username, secrets[username]!) }).toEqual({
          settings,
          steps: [
            `admin sign-in page: 302 /accounts/login/?next=${login}`,
            'password: 302 /accounts/2fa/authenticate/',
            expect.stringMatching(new RegExp(`^admin before the code: 302 /${adminUrl}login/`)),
            expect.stringMatching(/^code: 302 /),
            'admin after the code: 200 the admin index',
          ],
        });
      } catch (error) {
        throw new Error(`${(error as Error).message}\n--- gunicorn ---\n${server.output().slice(-4000)}`);
      }
    }
  }, 600_000);
}

/** Staff members with a TOTP authenticator each: prints {username: secret} as JSON. */
const staffWithTotp = (usernames: string[]): string => `
import json
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from users.models import User
secrets = {}
for username in ${JSON.stringify(usernames)}:
    user = User.objects.create_user(username, f"{username}@example.com", "Correct-Horse-Battery-9", is_staff=True, is_superuser=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    secrets[username] = generate_totp_secret()
    TOTP.activate(user, secrets[username])
print(json.dumps(secrets))
`;

/**
 * Channels: a websocket route added where config/routing.py says to add one answers
 * through the ASGI application under gunicorn's uvicorn workers.
 */
export async function websocketEchoes(p: RealProject): Promise<string> {
  writeFileSync(
    join(p.dir, 'src/apps/core/consumers.py'),
    [
      'from channels.generic.websocket import WebsocketConsumer',
      '',
      '',
      'class EchoConsumer(WebsocketConsumer):',
      '    def receive(self, text_data=None, bytes_data=None):',
      '        self.send(text_data=f"echo {text_data}")',
      '',
    ].join('\n'),
  );
  appendFileSync(
    join(p.dir, 'src/config/routing.py'),
    '\nfrom django.urls import path  # noqa: E402\n\nfrom core.consumers import EchoConsumer  # noqa: E402\n\nwebsocket_urlpatterns += [path("ws/echo/", EchoConsumer.as_asgi())]\n',
  );
  const server = await startGunicorn(p.dir, { ...asgiServer, env: p.production() });
  try {
    const host = String(p.answers.domain);
    // AllowedHostsOriginValidator: the browser's Origin must be an allowed host.
    const client = [
      'from websockets.sync.client import connect',
      `with connect("ws://127.0.0.1:${server.port}/ws/echo/", origin="https://${host}", additional_headers={"Host": "${host}"}) as ws:`,
      '    ws.send("ping")',
      '    print("answer", ws.recv(timeout=20))',
    ].join('\n');
    const result = await p.stack.run(['-c', client]);
    return result.stdout.includes('answer echo ping')
      ? 'echo ping'
      : `${describeRun('websocket client', result)}\n${server.output().slice(-3000)}`;
  } finally {
    await server.stop();
  }
}
