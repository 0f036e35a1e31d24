/**
 * The Stripe, Twilio and FCM wizards from the command line: bad input (a live key in test mode, a malformed
 * webhook secret, a line break) gets one line that never quotes the value, and nothing is
 * written; good input goes to .env (0600, the user's other lines kept) and nowhere else:
 * not .yo-rc.json, not a committed file, not the stored base (refs/djangoflow/pristine).
 * A record carrying a wizard's answer is refused.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDotenv } from '../../lib/settings/dotenv.js';
import { fakeServiceAccount } from './fake-firebase.js';
import { removeTempDir } from '../support/tempdir.js';
import { commitAll, copyProject, djangoflow, generatedProject, git, recordedState, snapshot } from './helpers.js';

const secret = 'sk_test_51UnitWizardSecret0001';
const webhook = 'whsec_UnitWizardWebhookSecret0001';
const publishable = 'pk_test_51UnitWizardPublishable01';

let base: string;
const dirs: string[] = [];
beforeAll(async () => {
  base = await generatedProject();
  dirs.push(base);
}, 120_000);
afterAll(() => dirs.forEach(removeTempDir));

function copy(): string {
  const dir = copyProject(base);
  dirs.push(dir);
  return dir;
}

test.each([
  [['--stripe-secret-key', 'sk_live_51LiveKeyInTestMode0001'], /^djangoflow: --stripe-secret-key is not valid: a test-mode secret key starts with sk_test_/],
  [['--stripe-mode', 'live', '--stripe-secret-key', 'sk_test_51TestKeyInLiveMode0001'], /^djangoflow: --stripe-secret-key is not valid: a live-mode secret key starts with sk_live_/],
  [['--stripe-webhook-secret', 'whsec_short'], /^djangoflow: --stripe-webhook-secret is not valid: a webhook signing secret starts with whsec_/],
  [['--stripe-publishable-key', 'sk_test_51WrongKindOfKey00001'], /^djangoflow: --stripe-publishable-key is not valid: a test-mode publishable key starts with pk_test_/],
  [['--stripe-webhook-secret', 'whsec_0123456789abcdef\nX=1'], /^djangoflow: --stripe-webhook-secret is not valid: one line expected$/],
])('bad Stripe wizard input %j: one line without the value, nothing written', async (args, message) => {
  await refusedWizard('stripe', args, message);
});

test.each([
  [['--twilio-account-sid', 'AC0123456789abcdef0123456789abcdeZ'], /^djangoflow: --twilio-account-sid is not valid: an Account SID is AC followed by 32 hexadecimal digits/],
  [['--twilio-account-sid', 'SK0123456789abcdef0123456789abcdef'], /^djangoflow: --twilio-account-sid is not valid/],
  [['--twilio-auth-token', '0123456789abcdef'], /^djangoflow: --twilio-auth-token is not valid: an Auth Token is 32 hexadecimal digits/],
  [['--twilio-from-number', '0612345678'], /^djangoflow: --twilio-from-number is not valid: a number in E\.164 is \+ and the country code/],
])('bad Twilio wizard input %j: one line without the value, nothing written', async (args, message) => {
  await refusedWizard('twilio', args, message);
});

const account = fakeServiceAccount('wizard-unit');
const withoutKey = JSON.stringify({ ...JSON.parse(account.json), private_key: undefined });

test.each([
  [['--fcm-service-account', withoutKey], /^djangoflow: --fcm-service-account has no private_key: expected a JSON object with project_id, client_email, private_key$/],
  [['--fcm-service-account', 'push@wizard-unit.iam.gserviceaccount.com'], /^djangoflow: --fcm-service-account is not JSON: expected a JSON object with project_id, client_email, private_key$/],
  [['--fcm-service-account', `[${account.json}]`], /^djangoflow: --fcm-service-account is not a JSON object/],
])('bad FCM wizard input %#: one line without the value, nothing written', async (args, message) => {
  await refusedWizard('fcm', args, message);
});

test("good FCM input: the service account's JSON key goes to .env on one line and nowhere else", async () => {
  const dir = copy();
  const pretty = JSON.stringify(JSON.parse(account.json), null, 2);
  const result = await djangoflow(dir, ['plugin', 'fcm', '--defaults', '--fcm-service-account', pretty]);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('.env: set FCM_SERVICE_ACCOUNT (local values; never committed)');
  expect(JSON.parse(parseDotenv(readFileSync(join(dir, '.env'), 'utf8')).get('FCM_SERVICE_ACCOUNT')!)).toEqual(JSON.parse(account.json));
  commitAll(dir, 'fcm');
  const grep = (ref: string) => spawnSync('git', ['grep', '-I', '-n', '-e', account.keyPart, ref, '--', '.'], { cwd: dir, encoding: 'utf8' }).status;
  expect([grep('HEAD'), grep('refs/djangoflow/pristine')]).toEqual([1, 1]);
  expect(readFileSync(join(dir, '.env.example'), 'utf8')).toMatch(/^FCM_SERVICE_ACCOUNT=change-me$/m);
}, 120_000);

async function refusedWizard(plugin: string, args: string[], message: RegExp): Promise<void> {
  const dir = copy();
  const before = snapshot(dir);
  const result = await djangoflow(dir, ['plugin', plugin, '--defaults', ...args]);
  expect(result.code).toBe(1);
  expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
  expect(result.stderr).not.toContain(args.at(-1)!.slice(6, 16));
  expect(snapshot(dir)).toEqual(before);
}

test('good input: .env gets the values (0600, other lines kept), nothing else holds them, and settings --check passes', async () => {
  const dir = copy();
  writeFileSync(join(dir, '.env'), `${readFileSync(join(dir, '.env'), 'utf8')}# mine\nMY_OWN=kept\nSTRIPE_WEBHOOK_SECRET=old\n`);
  const missing = await djangoflow(dir, ['plugin', 'stripe', '--defaults', '--dry-run']);
  expect(missing.code).toBe(0);
  const result = await djangoflow(dir, ['plugin', 'stripe', '--defaults', '--stripe-secret-key', secret, '--stripe-publishable-key', publishable, '--stripe-webhook-secret', webhook]);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('.env: set STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET (local values; never committed)');
  expect(result.stdout).toContain('Stripe webhook endpoint (Dashboard → Developers → Webhooks → Add endpoint): https://plug-test.example.com/stripe/webhook/');
  expect(result.stdout + result.stderr).not.toContain(secret);
  const env = readFileSync(join(dir, '.env'), 'utf8');
  const values = parseDotenv(env);
  expect([values.get('STRIPE_SECRET_KEY'), values.get('STRIPE_PUBLISHABLE_KEY'), values.get('STRIPE_WEBHOOK_SECRET'), values.get('MY_OWN')]).toEqual([secret, publishable, webhook, 'kept']);
  expect(values.get('DJANGO_SECRET_KEY')).toMatch(/^[\w-]{64}$/);
  expect(env.match(/STRIPE_WEBHOOK_SECRET=/g)).toHaveLength(1);
  expect((statSync(join(dir, '.env')).mode & 0o777).toString(8)).toBe('600');
  expect(recordedState(dir).answers).toMatchObject({ stripeMode: 'test' });
  expect(Object.keys(recordedState(dir).answers).filter((key) => /Key|Secret/.test(key))).toEqual([]);
  commitAll(dir, 'stripe');
  // git grep answers 1 when nothing matches.
  const grep = (ref: string) => {
    const run = spawnSync('git', ['grep', '-I', '-n', '-e', secret, '-e', webhook, '-e', publishable, ref, '--', '.'], { cwd: dir, encoding: 'utf8' });
    return `${run.status} ${run.stdout}`;
  };
  expect([grep('HEAD'), grep('refs/djangoflow/pristine')]).toEqual(['1 ', '1 ']);
  expect(git(dir, 'ls-tree', '-r', '--name-only', 'refs/djangoflow/pristine')).not.toMatch(/^\.env$/m);
  expect(git(dir, 'ls-files', '.env').trim()).toBe('');
  const check = await djangoflow(dir, ['settings', '--check', '--environment', 'local']);
  expect(check.code).toBe(0);
  expect(check.stdout).toMatch(/^ {2}STRIPE_SECRET_KEY +secret +required +set +stripe$/m);
}, 120_000);

test('--defaults without keys: added, .env untouched, and settings --check names what is missing', async () => {
  const dir = copy();
  const envBefore = readFileSync(join(dir, '.env'), 'utf8');
  expect((await djangoflow(dir, ['plugin', 'stripe', '--defaults'])).code).toBe(0);
  expect(readFileSync(join(dir, '.env'), 'utf8')).toBe(envBefore);
  const check = await djangoflow(dir, ['settings', '--check', '--environment', 'local']);
  expect(check.code).toBe(1);
  expect(check.stdout).toMatch(/^missing in local \(\.env\): STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET$/m);
  // Later, the keys: given to the plugin the project has, they go to .env and nowhere else.
  commitAll(dir, 'stripe');
  const recorded = recordedState(dir);
  const bad = await djangoflow(dir, ['plugin', 'stripe', '--stripe-secret-key', 'sk_live_51LiveKeyInTestMode0001']);
  expect(bad.stderr).toMatch(/^djangoflow: --stripe-secret-key is not valid: a test-mode secret key starts with sk_test_ .*\n$/);
  expect(bad.code).toBe(1);
  const keyed = await djangoflow(dir, ['plugin', 'stripe', '--stripe-secret-key', secret]);
  expect(keyed.code).toBe(0);
  expect(keyed.stdout + keyed.stderr).not.toContain(secret);
  expect(parseDotenv(readFileSync(join(dir, '.env'), 'utf8')).get('STRIPE_SECRET_KEY')).toBe(secret);
  expect(recordedState(dir)).toEqual(recorded);
  expect(git(dir, 'status', '--porcelain', '--', '.', ':!.djangoflow')).toBe('');
  const after = await djangoflow(dir, ['settings', '--check', '--environment', 'local']);
  expect(after.stdout).toMatch(/^missing in local \(\.env\): STRIPE_WEBHOOK_SECRET$/m);
}, 120_000);

test('a record holding a wizard answer is refused, naming the key', async () => {
  const dir = copy();
  expect((await djangoflow(dir, ['plugin', 'stripe', '--defaults'])).code).toBe(0);
  commitAll(dir, 'stripe');
  const path = join(dir, '.yo-rc.json');
  const record = JSON.parse(readFileSync(path, 'utf8'));
  record['generator-djangoflow'].answers.stripeSecretKey = secret;
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
  const result = await djangoflow(dir, ['upgrade', '--check']);
  expect(result.code).toBe(1);
  expect(result.stderr.trim()).toMatch(/answers\.stripeSecretKey: is a setting of an integration wizard: its value belongs in \.env, never in the record/);
}, 120_000);
