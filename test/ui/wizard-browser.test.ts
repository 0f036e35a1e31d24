/**
 * The integration wizards in a real browser (Debian's Chromium), in the catalog of the Project
 * section: Stripe ticked by keyboard, a refused key shown under its password field with the
 * CLI's message (never the value; the preview of the valid key typed before it, answered
 * late, never enables Apply), then a valid key; social sign-in (with df-auth, which it
 * needs one of) and its Google credentials. Each key lands in .env only; the page never shows
 * it back (not in its text, not in the CLI command, not in the URL, not in the server's log)
 * and the fields are emptied after the apply. axe-core finds no serious or critical violation
 * in each wizard at 1366×768 and at 390 px (screenshots in reports/ui/).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { binPath } from '../support/paths.js';
import { run } from '../support/process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { type UiBrowser, checkedAtBothSizes, openUi } from './browser.js';

const secretKey = 'sk_test_Pw7Mk2Nb9Xc4Vz6Qa1';
const liveKey = 'sk_live_Pw7Mk2Nb9Xc4Vz6Qa1';
const googleId = '734019255810-q3vd7kx0b2mjw5hp.apps.googleusercontent.com';
const googleSecret = 'GOCSPX-Vq2Lm8Xw4Tz6Rb1Nk3Hs9Jd5Fc';
let dir: string;
let app: UiBrowser | undefined;

beforeAll(async () => {
  dir = makeTempDir('ui-wizard-browser');
  expect((await run(process.execPath, [binPath, '--defaults'], { cwd: dir })).code).toBe(0);
}, 120_000);
afterAll(async () => {
  await app?.close();
  removeTempDir(dir);
});

/** A plugin ticked from the keyboard (Space on its checkbox). */
async function tick(page: Page, plugin: string): Promise<void> {
  await page.locator(`#plugin-${plugin}`).focus();
  await page.keyboard.press('Space');
  expect(await page.locator(`#plugin-${plugin}`).isChecked()).toBe(true);
}

/** Apply, once the preview of everything typed so far has arrived (an edit disables Apply until then). */
async function applied(page: Page): Promise<void> {
  await page.locator('#apply:not([disabled])').click();
  await page.locator('#result').filter({ hasText: 'Done.' }).waitFor();
}

/** Nothing of the page, its address or the server's log holds the value. */
async function neverShown(page: Page, value: string): Promise<void> {
  expect(await page.evaluate(() => document.body.innerText)).not.toContain(value);
  expect(await page.locator('#cli-command').textContent()).not.toContain(value);
  expect(page.url()).not.toContain(value);
  expect(app!.ui.output()).not.toContain(value);
}

test('wizard keys typed in the page go to .env only, are never shown back, and each wizard passes axe', async () => {
  app = await openUi(dir, 'wizard');
  const { page } = app;
  await tick(page, 'stripe');
  const key = page.locator('input[name="stripeSecretKey"]');
  await key.waitFor({ state: 'visible' });
  expect(await key.getAttribute('type')).toBe('password');

  // A preview answered after the next edit is stale: the page must drop it. The browser holds
  // the valid key's answer until the refused key is typed; from then until the refused key's
  // message shows, Apply must never be enabled.
  let fetched!: () => void;
  let release!: () => void;
  const validKeysAnswer = new Promise<void>((resolve) => (fetched = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let previews = 0;
  await page.route('**/api/preview', async (route) => {
    if (previews++ > 0) return route.continue();
    const response = await route.fetch();
    fetched();
    await released;
    await route.fulfill({ response });
  });
  await key.fill(secretKey);
  await validKeysAnswer;
  await page.evaluate(() => {
    const apply = document.getElementById('apply')!;
    const seen = window as unknown as { applyEnabled: boolean };
    seen.applyEnabled = !apply.hasAttribute('disabled');
    new MutationObserver(() => (seen.applyEnabled ||= !apply.hasAttribute('disabled'))).observe(apply, { attributes: true, attributeFilter: ['disabled'] });
  });
  // A live key while the mode is test: the CLI's message under the field, without the value.
  await key.fill(liveKey);
  release();
  const error = page.locator('#field-stripeSecretKey-error');
  await error.filter({ hasText: 'a test-mode secret key starts with sk_test_' }).waitFor();
  expect(await page.evaluate(() => (window as unknown as { applyEnabled: boolean }).applyEnabled)).toBe(false);
  await page.unrouteAll({ behavior: 'wait' });
  expect(await key.getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('#apply').isDisabled()).toBe(true);
  await neverShown(page, liveKey);

  await key.fill(secretKey);
  await page.locator('#apply:not([disabled])').waitFor();
  expect(await error.textContent()).toBe('');
  expect(await page.locator('#cli-command').textContent()).toBe('djangoflow plugin stripe --defaults');
  await page.locator('li[data-plugin="stripe"]').scrollIntoViewIfNeeded();
  await checkedAtBothSizes(page, 'wizard-stripe');
  await applied(page);
  expect(readFileSync(join(dir, '.env'), 'utf8')).toContain(`STRIPE_SECRET_KEY=${secretKey}`);
  expect(readFileSync(join(dir, '.yo-rc.json'), 'utf8')).not.toContain(secretKey);
  // The page reads the project again after the apply, and empties the field.
  await page.waitForFunction(() => (document.querySelector('input[name="stripeSecretKey"]') as HTMLInputElement).value === '');
  await neverShown(page, secretKey);

  // Social sign-in needs one of df-auth and allauth; its providers a text answer (Google by default), its credentials password fields.
  await tick(page, 'df-auth');
  await tick(page, 'social-signin');
  const clientId = page.locator('input[name="googleClientId"]');
  await clientId.waitFor({ state: 'visible' });
  expect(await page.getByLabel(/^Sign in with which providers\?/).inputValue()).toBe('google');
  await clientId.fill(googleId);
  await page.locator('input[name="googleClientSecret"]').fill(googleSecret);
  await page.locator('#apply:not([disabled])').waitFor();
  expect(await page.locator('#cli-command').textContent()).toBe('djangoflow plugin df-auth social-signin --defaults');
  await page.locator('li[data-plugin="social-signin"]').scrollIntoViewIfNeeded();
  await checkedAtBothSizes(page, 'wizard-social-signin');
  await applied(page);
  const dotenv = readFileSync(join(dir, '.env'), 'utf8');
  expect(dotenv).toContain(`GOOGLE_OAUTH_CLIENT_ID=${googleId}`);
  expect(dotenv).toContain(`GOOGLE_OAUTH_CLIENT_SECRET=${googleSecret}`);
  expect(readFileSync(join(dir, '.yo-rc.json'), 'utf8')).not.toContain(googleSecret);
  await page.waitForFunction(() => (document.querySelector('input[name="googleClientSecret"]') as HTMLInputElement).value === '');
  await neverShown(page, googleSecret);
  await neverShown(page, googleId);
}, 300_000);
