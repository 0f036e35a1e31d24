/**
 * Social sign-in's proofs on a project's pinned stack, as `extra` tests of describeRealStack:
 * `manage.py integrations --check` against fake Google, Facebook and Apple token endpoints
 * (Python's http.server on 127.0.0.1, SOCIAL_SIGNIN_API_BASE pointed there; Apple's client
 * secret is verified with the public half of the key the wizard was given, read back from
 * .env), the callback URLs served by gunicorn (not 404), and no wizard value outside .env.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectSuccess } from '../support/e2e.js';
import { call } from './http.js';
import { filesHolding } from './integration-stack.js';
import { jsonHandlerPython, serveInChildPython } from './fake-http.js';
import { manageForkedPython } from '../support/manage-forked.js';
import type { ServedProject } from './served.js';

const fakeTokenEndpoints = `
${manageForkedPython}
from urllib.parse import parse_qs, urlparse

import jwt

seen = set()


${jsonHandlerPython}
${serveInChildPython}


class Fake(JsonAnswers):
    def do_GET(self):
        url = urlparse(self.path)
        seen.add(f"GET {url.path}")
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        ok = (query.get("client_id"), query.get("client_secret")) == (os.environ["GOOD_FB_ID"], os.environ["GOOD_FB_SECRET"])
        if url.path == "/oauth/access_token" and ok and query.get("grant_type") == "client_credentials":
            return self.answer(200, {"access_token": "app|token", "token_type": "bearer"})
        self.answer(400, {"error": {"message": "Error validating client secret.", "type": "OAuthException"}})

    def do_POST(self):
        seen.add(f"POST {self.path}")
        length = int(self.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        if self.path == "/token":
            ok = (form.get("client_id"), form.get("client_secret")) == (os.environ["GOOD_GOOGLE_ID"], os.environ["GOOD_GOOGLE_SECRET"])
        elif self.path == "/auth/token":
            ok = self.apple_ok(form)
        else:
            return self.answer(404, {})
        self.answer(400, {"error": "invalid_grant" if ok else "invalid_client"})

    def apple_ok(self, form):
        try:
            secret = form["client_secret"]
            claims = jwt.decode(secret, os.environ["APPLE_PUBLIC_KEY"], algorithms=["ES256"], audience="https://appleid.apple.com")
            kid = jwt.get_unverified_header(secret).get("kid")
        except (KeyError, jwt.PyJWTError):
            return False
        good = (os.environ["GOOD_APPLE_CLIENT"], os.environ["GOOD_APPLE_TEAM"], os.environ["GOOD_APPLE_KEY"])
        return (form.get("client_id"), claims.get("iss"), kid) == good and claims.get("sub") == good[0]


base, stop = serve_in_child(Fake, lambda: sorted(seen))
runs = {
    "right": {},
    "wrong": {"GOOGLE_OAUTH_CLIENT_SECRET": "GOCSPX-NotTheRightSecret00000000", "FACEBOOK_APP_SECRET": "0" * 32, "APPLE_KEY_ID": "OTHERKEY01"},
    "none": {"GOOGLE_OAUTH_CLIENT_ID": "", "FACEBOOK_APP_ID": "", "APPLE_SERVICES_ID": ""},
}
# A Django start per run, forks of this process (the imports outside the project paid once).
ran = run_forked([{"argv": ["integrations", "--check"], "env": {"SOCIAL_SIGNIN_API_BASE": base, **overrides}} for overrides in runs.values()])
for label, run in zip(runs, ran):
    lines = [line for line in run["stdout"].splitlines() if line.startswith("social-signin:")]
    print(json.dumps([label, run["code"], lines, run["stderr"].strip().splitlines()[-1:]]))
print(json.dumps(["requests", stop()]))
`;

export interface SocialValues {
  googleClientId: string;
  googleClientSecret: string;
  facebookAppId: string;
  facebookAppSecret: string;
  appleServicesId: string;
  appleTeamId: string;
  appleKeyId: string;
}

/** The client IDs production reads (it reads no .env): the file's servers run with them (servedProject's overrides). */
export const socialClients = (values: SocialValues): Record<string, string> => ({
  GOOGLE_OAUTH_CLIENT_ID: values.googleClientId,
  FACEBOOK_APP_ID: values.facebookAppId,
  APPLE_SERVICES_ID: values.appleServicesId,
});

export function socialSigninChecks(served: ServedProject, values: SocialValues, applePrivateKey: string): void {
  const project = served.project;
  test('manage.py integrations --check asks fake Google, Facebook and Apple token endpoints: right credentials work (Apple’s key read from .env), wrong ones are refused, none is unconfigured', async () => {
    const p = project();
    const result = await p.stack.run(['-c', fakeTokenEndpoints], {
      env: {
        GOOD_GOOGLE_ID: values.googleClientId,
        GOOD_GOOGLE_SECRET: values.googleClientSecret,
        GOOD_FB_ID: values.facebookAppId,
        GOOD_FB_SECRET: values.facebookAppSecret,
        GOOD_APPLE_CLIENT: values.appleServicesId,
        GOOD_APPLE_TEAM: values.appleTeamId,
        GOOD_APPLE_KEY: values.appleKeyId,
        APPLE_PUBLIC_KEY: createPublicKey(applePrivateKey).export({ type: 'spki', format: 'pem' }).toString(),
        DJANGO_SETTINGS_MODULE: 'config.settings.local',
      },
    });
    expectSuccess('fake token endpoints', result);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual([
      ['right', 0, ['social-signin: credentials work'], []],
      [
        'wrong',
        1,
        ['social-signin: apple refused the client (invalid_client); google refused the client (invalid_client); facebook refused the app (HTTP 400)'],
        ['CommandError: credentials refused or unchecked: social-signin'],
      ],
      ['none', 0, ['social-signin: not configured'], []],
      ['requests', ['GET /oauth/access_token', 'POST /auth/token', 'POST /token']],
    ]);
  }, 300_000);

  test('gunicorn serves the callback URLs the consoles are given (web deployment) and the API sign-in (api deployment): none is 404', async () => {
    const p = project();
    const host = String(p.answers.domain);
    const https = { 'X-Forwarded-Proto': 'https' };
    const seen: Record<string, number> = {};
    for (const [settings, paths] of [
      ['config.web.settings', ['/accounts/google/login/callback/', '/accounts/facebook/login/callback/', 'POST /accounts/apple/login/callback/']],
      ['config.api.settings', ['/api/v1/auth/social/']],
    ] as const) {
      // The client IDs the providers' apps are configured by.
      expect(Object.entries(socialClients(values)).filter(([name, value]) => served.env(settings)[name] !== value)).toEqual([]);
      const server = await served.server(settings);
      try {
        for (const entry of paths) {
          // Apple posts its answer (response_mode form_post); the API takes a POST.
          const path = entry.replace(/^POST /, '');
          const method = entry.startsWith('POST ') || path.startsWith('/api/') ? 'POST' : 'GET';
          seen[`${method} ${path}`] = (await call(server.port, path, host, { method, headers: https, ...(method === 'POST' ? { json: { provider: 'facebook' } } : {}) })).status;
        }
      } catch (error) {
        throw new Error(`${settings}: ${(error as Error).message}\n--- gunicorn ---\n${server.output().slice(-3000)}`);
      }
    }
    // A callback without the provider's code renders allauth's sign-in error page (401);
    // Apple's hands its form to the finishing URL; the API refuses a request without a token.
    expect(seen).toEqual({
      'GET /accounts/google/login/callback/': 401,
      'GET /accounts/facebook/login/callback/': 401,
      'POST /accounts/apple/login/callback/': 302,
      'POST /api/v1/auth/social/': 400,
    });
  }, 300_000);

  test('no value given to the social sign-in wizard is in any file but .env (the stored base included)', () => {
    const p = project();
    const keyLine = applePrivateKey.split('\n')[1]!;
    expect(filesHolding(p.dir, [...Object.values(values), keyLine])).toEqual([]);
    const env = readFileSync(join(p.dir, '.env'), 'utf8');
    expect([...Object.values(values), keyLine].filter((value) => !env.includes(value))).toEqual([]);
  });
}
