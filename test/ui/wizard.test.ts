/**
 * The Stripe wizard from the page: its keys are secret fields (password inputs), checked with
 * the CLI's messages (never quoting the value), written to .env only as `djangoflow plugin
 * stripe` writes them; never echoed back in a preview, never in the CLI command, the share
 * link, the record, another file, a URL or the server's log. The project equals the CLI's.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formFields } from '../../generators/ui/form.js';
import { Session } from '../../generators/ui/session.js';
import { templatesDir } from '../../lib/template-set/paths.js';
import { loadTemplateSet } from '../../lib/template-set/index.js';
import { listFiles, readBytes } from '../support/files.js';
import { binPath } from '../support/paths.js';
import { run } from '../support/process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { startUi } from './server.js';

const templates = loadTemplateSet(templatesDir());
const secretKey = 'sk_test_Zq8Wn3Lm5Rt7Yp2Vx9Kd';
const publishableKey = 'pk_test_Hg4Js6Fd8Qw1Ez3Rc5';
const dirs: string[] = [];
let uiDir: string;
let cliDir: string;

const tree = (dir: string) => Object.fromEntries(listFiles(dir).filter((p) => p !== '.env').map((p) => [p, readBytes(dir, p).toString('base64')]));
const dotenvLines = (dir: string) => readFileSync(join(dir, '.env'), 'utf8').split('\n').filter((l) => l.startsWith('STRIPE_'));

beforeAll(async () => {
  uiDir = makeTempDir('ui-wizard');
  cliDir = makeTempDir('ui-wizard-cli');
  dirs.push(uiDir, cliDir);
  expect((await run(process.execPath, [binPath, '--defaults'], { cwd: uiDir })).code).toBe(0);
  cpSync(uiDir, cliDir, { recursive: true });
});
afterAll(() => dirs.forEach((dir) => removeTempDir(dir)));

test('the wizard keys are secret fields of the stripe plugin', () => {
  const fields = formFields(templates.catalog).filter((f) => f.plugin === 'stripe');
  expect(fields.filter((f) => f.secret).map((f) => f.name)).toEqual(['stripeSecretKey', 'stripePublishableKey', 'stripeWebhookSecret']);
  expect(fields.find((f) => f.name === 'stripeMode')!.secret).toBeUndefined();
});

test('a refused key gets the CLI message without its value; a valid one goes to .env only, as djangoflow plugin stripe writes it', async () => {
  const session = new Session(uiDir, templates, false);
  const plugins = [...session.data().initial.plugins, 'stripe'];
  const wrong = 'sk_live_Zq8Wn3Lm5Rt7Yp2Vx9Kd';
  const refused = await session.preview({ answers: { stripeSecretKey: wrong }, plugins });
  expect(refused.problems.stripeSecretKey).toBe('--stripe-secret-key is not valid: a test-mode secret key starts with sk_test_ (or rk_test_ for a restricted key), letters and digits after it');
  expect(JSON.stringify(refused)).not.toContain(wrong);

  const answers = { stripeSecretKey: secretKey, stripePublishableKey: publishableKey };
  const preview = await session.preview({ answers, plugins });
  expect(preview.problems).toEqual({});
  const shown = JSON.stringify(preview);
  expect(shown).not.toContain(secretKey);
  expect(shown).not.toContain(publishableKey);
  expect(preview.command).toBe('djangoflow plugin stripe --defaults');

  const applied = await session.apply({ answers, plugins });
  expect(applied).toMatchObject({ exitCode: 0 });
  expect(JSON.stringify(applied)).not.toContain(secretKey);
  expect(dotenvLines(uiDir)).toEqual(expect.arrayContaining([`STRIPE_SECRET_KEY=${secretKey}`, `STRIPE_PUBLISHABLE_KEY=${publishableKey}`]));
  for (const path of listFiles(uiDir).filter((p) => p !== '.env')) expect(readBytes(uiDir, path).toString('latin1')).not.toContain(secretKey);

  const cli = await run(process.execPath, [binPath, 'plugin', 'stripe', '--stripe-secret-key', secretKey, '--stripe-publishable-key', publishableKey, '--defaults'], { cwd: cliDir });
  expect(cli.code).toBe(0);
  expect(tree(uiDir)).toEqual(tree(cliDir));
  expect(dotenvLines(uiDir)).toEqual(dotenvLines(cliDir));
  // The settings table says set, never the value.
  const local = session.settings()[0]!;
  expect(local.rows.find((r) => r.name === 'STRIPE_SECRET_KEY')!.presence).toBe('set');
  expect(JSON.stringify(session.settings())).not.toContain(secretKey);
});

test('through the real server: the key travels in a POST body only and never reaches the log', async () => {
  const dir = makeTempDir('ui-wizard-server');
  dirs.push(dir);
  expect((await run(process.execPath, [binPath, '--defaults'], { cwd: dir })).code).toBe(0);
  const ui = await startUi(dir);
  try {
    const plugins = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-djangoflow'].plugins as string[];
    const response = await fetch(`${ui.origin}/api/apply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-djangoflow-token': ui.token, origin: ui.origin },
      body: JSON.stringify({ answers: { stripeSecretKey: secretKey }, plugins: [...plugins, 'stripe'] }),
    });
    const body = await response.text();
    expect(response.status).toBe(200);
    expect(body).not.toContain(secretKey);
    expect(dotenvLines(dir)).toContain(`STRIPE_SECRET_KEY=${secretKey}`);
  } finally {
    await ui.stop();
  }
  expect(ui.output()).not.toContain(secretKey);
});
