/**
 * The Stripe wizard in a real browser (Debian's Chromium): the plugin ticked in the catalog,
 * its secret key typed into a password field under it, Apply; the key lands in .env only,
 * the page never shows it back (not in its text, not in the CLI command, not in the URL) and
 * the field is emptied after the apply.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { binPath } from '../support/paths.js';
import { run } from '../support/process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { type Browser, chromiumCandidates, chromiumPath, openBrowser } from './browser.js';
import { type UiProcess, startUi } from './server.js';

const secretKey = 'sk_test_Pw7Mk2Nb9Xc4Vz6Qa1';
let dir: string;
let ui: UiProcess | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  dir = makeTempDir('ui-wizard-browser');
  expect((await run(process.execPath, [binPath, '--defaults'], { cwd: dir })).code).toBe(0);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await ui?.stop();
  removeTempDir(dir);
});

test('a Stripe key typed in the page goes to .env only and is never shown back', async () => {
  if (chromiumPath === null) throw new Error(`no Chromium at ${chromiumCandidates.join(', ')}: install it (apt-get install chromium)`);
  ui = await startUi(dir);
  browser = await openBrowser(`wizard-${process.pid}`);
  const { page } = browser;
  await page.goto(ui.url);
  await page.locator('#plugin-stripe').check();
  const key = page.locator('input[name="stripeSecretKey"]');
  await key.waitFor({ state: 'visible' });
  expect(await key.getAttribute('type')).toBe('password');
  await key.fill(secretKey);
  await page.locator('#cli-command').filter({ hasText: 'djangoflow plugin stripe' }).waitFor();
  await page.locator('#apply:not([disabled])').click();
  await page.locator('#result').filter({ hasText: 'Done.' }).waitFor();
  expect(readFileSync(join(dir, '.env'), 'utf8')).toContain(`STRIPE_SECRET_KEY=${secretKey}`);
  expect(readFileSync(join(dir, '.yo-rc.json'), 'utf8')).not.toContain(secretKey);
  // The page reads the project again after the apply, and empties the field.
  await page.waitForFunction(() => (document.querySelector('input[name="stripeSecretKey"]') as HTMLInputElement).value === '');
  expect(await page.evaluate(() => document.body.innerText)).not.toContain(secretKey);
  expect(page.url()).not.toContain(secretKey);
  expect(ui.output()).not.toContain(secretKey);
}, 300_000);
