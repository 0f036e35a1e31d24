/**
 * The integrations' proofs on a project's pinned stack, as `extra` tests of describeRealStack:
 * Stripe's webhook through gunicorn on the web deployment (signed: stored; anything else:
 * 400), `manage.py integrations --check` against a fake provider (Python's http.server on
 * 127.0.0.1, the SDK's base URL pointed there), and no wizard secret outside .env.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { join, relative } from 'node:path';
import { expectSuccess } from '../support/e2e.js';
import { manage, startGunicorn } from '../support/python.js';
import type { RealProject } from '../support/real-stack.js';
import { call } from './http.js';

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

export function stripeChecks(project: () => RealProject, secrets: { stripeSecretKey: string; stripeWebhookSecret: string }): void {
  test('gunicorn on the web deployment: a webhook signed with the secret is stored, a bad signature gets 400', async () => {
    const p = project();
    const env = p.production({ DJANGO_SETTINGS_MODULE: 'config.web.settings', STRIPE_WEBHOOK_SECRET: secrets.stripeWebhookSecret });
    expectSuccess('migrate', await manage(p.dir, ['migrate', '--noinput'], env));
    const server = await startGunicorn(p.dir, { env, workers: 1 });
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
    } finally {
      await server.stop();
    }
    const stored = await manage(p.dir, ['shell', '-c', 'from payments.models import StripeEvent; print(sorted(StripeEvent.objects.values_list("stripe_id", "type")))'], env);
    expectSuccess('read the events', stored);
    expect(stored.stdout.trim()).toBe("[('evt_e2e_1', 'checkout.session.completed')]");
  }, 300_000);

  test('manage.py integrations --check asks a fake Stripe on 127.0.0.1: the right key works, a wrong one is refused, none is unconfigured', async () => {
    const p = project();
    const script = `
import http.server, json, os, subprocess, sys, threading

GOOD = os.environ["GOOD_KEY"]
seen = []


class Stripe(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        seen.append(self.path)
        ok = self.path == "/v1/balance" and self.headers.get("Authorization") == f"Bearer {GOOD}"
        body = {"object": "balance", "available": [], "pending": [], "livemode": False} if ok else {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}}
        data = json.dumps(body).encode()
        self.send_response(200 if ok else 401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Stripe)
threading.Thread(target=server.serve_forever, daemon=True).start()
for key in [GOOD, "sk_test_51NotTheRightKey000000", ""]:
    env = dict(os.environ, STRIPE_API_BASE=f"http://127.0.0.1:{server.server_port}", STRIPE_SECRET_KEY=key)
    run = subprocess.run([sys.executable, "src/manage.py", "integrations", "--check"], env=env, capture_output=True, text=True)
    print(json.dumps([run.returncode, run.stdout.strip(), run.stderr.strip().splitlines()[-1:]]))
print(json.dumps(sorted(set(seen))))
`;
    const result = await p.stack.run(['-c', script], { env: { GOOD_KEY: secrets.stripeSecretKey, DJANGO_SETTINGS_MODULE: 'config.settings.local' } });
    expectSuccess('fake Stripe', result);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual([
      [0, 'stripe: credentials work', []],
      [1, 'stripe: Stripe refused STRIPE_SECRET_KEY', ['CommandError: credentials refused or unchecked: stripe']],
      [0, 'stripe: not configured', []],
      ['/v1/balance'],
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
