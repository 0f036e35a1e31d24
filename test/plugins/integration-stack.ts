/**
 * The integrations' proofs on a project's pinned stack, as `extra` tests of describeRealStack:
 * Stripe's webhook through gunicorn on the web deployment (signed: stored; anything else:
 * 400), `manage.py integrations --check` against fake Stripe, Twilio and Google servers
 * (Python's http.server on 127.0.0.1, the SDKs' base URLs pointed there), an SMS sent to the
 * fake Twilio, a device registered through the API and a push sent to the fake FCM, and no
 * wizard secret outside .env.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { join, relative } from 'node:path';
import { expectSuccess } from '../support/e2e.js';
import { manage } from '../support/python.js';
import { call } from './http.js';
import { type ServiceAccount, fakeFirebasePython, firebaseFakeEnv } from './fake-firebase.js';
import { jsonHandlerPython, serveInChildPython } from './fake-http.js';
import { manageForkedPython } from '../support/manage-forked.js';
import type { ServedProject } from './served.js';

/** A Stripe-Signature header for `payload`, as Stripe computes it. */
export function stripeSignature(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex')}`;
}

/** Every file of the project but .env, with its path. */
function projectFiles(dir: string, root = dir): [string, string][] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const rel = relative(root, path);
    if (rel === '.env' || rel === '.git') return [];
    if (statSync(path).isDirectory()) return projectFiles(path, root);
    return [[rel, readFileSync(path, 'latin1')] as [string, string]];
  });
}

/** The files outside .env (the stored base included) that hold one of the values. */
export function filesHolding(dir: string, values: string[]): string[] {
  return projectFiles(dir).flatMap(([path, text]) => values.filter((value) => text.includes(value)).map((value) => `${path}: ${value}`));
}

/**
 * Fake Stripe, Twilio and Firebase (Python's http.server on 127.0.0.1), then `manage.py
 * integrations --check` with the right credentials, wrong ones and none, one SMS through
 * send_sms, and a device registered at api/push/devices/ that push.client.send_push reaches.
 * Prints one JSON line per run, the requests seen, the SMS and the push the fakes received.
 */
const fakeProvidersScript = `
${manageForkedPython}
import base64
from urllib.parse import parse_qs
${fakeFirebasePython}
seen, sms, pushes = set(), [], []


${jsonHandlerPython}
${serveInChildPython}


class Fake(JsonAnswers):
    def twilio_ok(self):
        auth = base64.b64encode(f"{os.environ['GOOD_SID']}:{os.environ['GOOD_TOKEN']}".encode()).decode()
        return self.headers.get("Authorization") == f"Basic {auth}"

    def do_GET(self):
        seen.add(f"GET {self.path}")
        sid = os.environ["GOOD_SID"]
        if self.path == "/v1/balance":
            ok = self.headers.get("Authorization") == f"Bearer {os.environ['GOOD_STRIPE']}"
            body = {"object": "balance", "available": [], "pending": [], "livemode": False}
            return self.answer(200, body) if ok else self.answer(401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key"}})
        if self.path.startswith("/2010-04-01/Accounts/"):
            ok = self.twilio_ok() and self.path == f"/2010-04-01/Accounts/{sid}.json"
            return self.answer(200, {"sid": sid, "status": "active"}) if ok else self.answer(401, {"code": 20003, "message": "Authenticate", "status": 401})
        self.answer(404, {})

    def do_POST(self):
        seen.add(f"POST {self.path}")
        length = int(self.headers.get("Content-Length", 0))
        raw = self.rfile.read(length).decode()
        if self.path == FCM_SEND_PATH:
            return self.answer(*firebase_send(self.headers, json.loads(raw), pushes))
        form = {key: values[0] for key, values in parse_qs(raw).items()}
        if self.path == "/token":
            return self.answer(*firebase_token(form))
        if not self.twilio_ok():
            return self.answer(401, {"code": 20003, "message": "Authenticate", "status": 401})
        sms.append(form)
        self.answer(201, {"sid": "SMfake0001", "status": "queued", "to": form.get("To"), "body": form.get("Body")})


base, stop = serve_in_child(Fake, lambda: {"requests": sorted(seen), "sms": sms, "pushes": pushes})
runs = {
    "right": {},
    "wrong": {"STRIPE_SECRET_KEY": "sk_test_51NotTheRightKey000000", "TWILIO_AUTH_TOKEN": "0" * 32, "FCM_SERVICE_ACCOUNT": os.environ["WRONG_FCM"]},
    "none": {"STRIPE_SECRET_KEY": "", "TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": "", "FCM_SERVICE_ACCOUNT": ""},
}
fakes = {"STRIPE_API_BASE": base, "TWILIO_API_BASE": base, "FCM_API_URL": base, "FCM_TOKEN_URL": f"{base}/token"}
# One Django start sends the SMS (send_sms) and the push (a device registered at the API first).
send = '''
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from sms.client import send_sms
print("sent", send_sms("+31612345678", "Your code: 123456"))
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient
from push.client import send_push
user = get_user_model().objects.create_user("pushed-e2e")
api = APIClient(HTTP_HOST="localhost")
api.force_authenticate(user)
answer = api.post("/api/push/devices/", {"registration_id": "fake-registration-token", "type": "android"}, format="json")
print("registered", answer.status_code)
print("pushed", send_push(user, "Hello", "From the e2e test", {"order": "42"}))
'''
# A Django start per run, forks of this process (the imports outside the project paid once).
*checks, run = run_forked([
    *({"argv": ["integrations", "--check"], "env": {**fakes, **overrides}} for overrides in runs.values()),
    {"argv": ["shell", "-c", send], "env": fakes},
])
for label, check in zip(runs, checks):
    # The SDKs log their requests (INFO) on the same output: the command's own lines only.
    lines = [line for line in check["stdout"].splitlines() if line.startswith(("stripe:", "twilio:", "fcm:"))]
    print(json.dumps([label, check["code"], lines, check["stderr"].strip().splitlines()[-1:]]))
print(json.dumps(["sms", run["code"], [line for line in run["stdout"].splitlines() if line.startswith("sent ")], run["stderr"].strip().splitlines()[-1:]]))
print(json.dumps(["push", run["code"], [line for line in run["stdout"].splitlines() if line.startswith(("registered ", "pushed "))], run["stderr"].strip().splitlines()[-1:]]))
received = stop()
sms = received["sms"]
print(json.dumps(["requests", received["requests"]]))
print(json.dumps(["sms received", {key: sms[0].get(key) for key in ("To", "From", "Body")} if sms else None]))
print(json.dumps(["push received", received["pushes"]]))
`;

export function integrationChecks(
  served: ServedProject,
  secrets: { stripeSecretKey: string; stripeWebhookSecret: string; twilioAccountSid: string; twilioAuthToken: string; fcmKeyPart: string },
  firebase: { good: ServiceAccount; wrong: ServiceAccount },
): void {
  const project = served.project;
  test('gunicorn on the web deployment: a webhook signed with the secret is stored, a bad signature gets 400', async () => {
    const p = project();
    const env = served.env('config.web.settings');
    expect(env.STRIPE_WEBHOOK_SECRET).toBe(secrets.stripeWebhookSecret);
    const server = await served.server('config.web.settings');
    const host = String(p.answers.domain);
    // call() sends JSON.stringify(json): the signed text is that same string.
    const post = (event: object, signature?: string) =>
      call(server.port, '/stripe/webhook/', host, {
        method: 'POST',
        headers: { 'X-Forwarded-Proto': 'https', ...(signature ? { 'Stripe-Signature': signature } : {}) },
        json: event,
      });
    const event = { id: 'evt_e2e_1', object: 'event', type: 'checkout.session.completed', livemode: false, data: { object: {} } };
    const payload = JSON.stringify(event);
    try {
      const answers = {
        unsigned: (await post(event)).status,
        'another secret': (await post(event, stripeSignature(payload, 'whsec_NotTheSecret0000000000'))).status,
        'changed payload': (await post({ ...event, id: 'evt_forged' }, stripeSignature(payload, secrets.stripeWebhookSecret))).status,
        signed: (await post(event, stripeSignature(payload, secrets.stripeWebhookSecret))).status,
      };
      expect(answers).toEqual({ unsigned: 400, 'another secret': 400, 'changed payload': 400, signed: 200 });
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- gunicorn ---\n${server.output().slice(-3000)}`);
    }
    const stored = await manage(p.dir, ['shell', '-c', 'from payments.models import StripeEvent; print(sorted(StripeEvent.objects.values_list("stripe_id", "type")))'], env);
    expectSuccess('read the events', stored);
    // The shell prints its automatic imports first.
    expect(stored.stdout.trim().split('\n').at(-1)).toBe("[('evt_e2e_1', 'checkout.session.completed')]");
  }, 300_000);

  test('manage.py integrations --check asks fake Stripe, Twilio and Google servers on 127.0.0.1: right credentials work, wrong ones are refused, none is unconfigured; an SMS and a push reach the fakes', async () => {
    const p = project();
    const result = await p.stack.run(['-c', fakeProvidersScript], {
      env: {
        GOOD_STRIPE: secrets.stripeSecretKey,
        GOOD_SID: secrets.twilioAccountSid,
        GOOD_TOKEN: secrets.twilioAuthToken,
        WRONG_FCM: firebase.wrong.json,
        ...firebaseFakeEnv(firebase.good),
        DJANGO_SETTINGS_MODULE: 'config.settings.local',
        // The project's database, migrated by then: the push's device table without a second migration.
        DATABASE_URL: p.database.url,
      },
    });
    expectSuccess('fake providers', result);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual([
      ['right', 0, ['stripe: credentials work', 'twilio: credentials work', 'fcm: credentials work'], []],
      [
        'wrong',
        1,
        [
          'stripe: Stripe refused STRIPE_SECRET_KEY',
          'twilio: Twilio refused TWILIO_ACCOUNT_SID or TWILIO_AUTH_TOKEN',
          'fcm: Google refused FCM_SERVICE_ACCOUNT (its client_email or private key)',
        ],
        ['CommandError: credentials refused or unchecked: stripe, twilio, fcm'],
      ],
      ['none', 0, ['stripe: not configured', 'twilio: not configured', 'fcm: not configured'], []],
      ['sms', 0, ['sent SMfake0001'], []],
      ['push', 0, ['registered 201', 'pushed 1'], []],
      [
        'requests',
        [
          'GET /2010-04-01/Accounts/' + secrets.twilioAccountSid + '.json',
          'GET /v1/balance',
          'POST /2010-04-01/Accounts/' + secrets.twilioAccountSid + '/Messages.json',
          'POST /token',
          `POST /v1/projects/${firebase.good.projectId}/messages:send`,
        ].sort(),
      ],
      ['sms received', { To: '+31612345678', From: '+15005550006', Body: 'Your code: 123456' }],
      ['push received', [{ token: 'fake-registration-token', notification: { title: 'Hello', body: 'From the e2e test' }, data: { order: '42' } }]],
    ]);
  }, 300_000);

  test("no value given to a wizard is in any file but .env (the stored base included); .env is the owner's only", () => {
    const p = project();
    const values = Object.values(secrets);
    expect(filesHolding(p.dir, values)).toEqual([]);
    const env = readFileSync(join(p.dir, '.env'), 'utf8');
    expect(values.filter((value) => !env.includes(value))).toEqual([]);
    expect((statSync(join(p.dir, '.env')).mode & 0o777).toString(8)).toBe('600');
    expect(readdirSync(join(p.dir, '.djangoflow'))).toContain('pristine.json');
  });
}
