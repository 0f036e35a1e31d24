/**
 * The Upgrade section's new questions in a real browser (Debian's Chromium): a project an
 * older generator wrote, whose record has no answer for `license` and `timezone`, shows them
 * in the section as the Project form draws them (the Identity fieldset, a radio group, a
 * labelled text field with its hint and announced error); answered by keyboard, previewed with
 * the CLI command that carries the answers, applied, and the folder is byte-equal to a copy
 * upgraded by that command. axe-core finds no serious or critical violation at 1366×768 and at
 * 390 px wide (screenshots in reports/ui/).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { binPath } from '../support/paths.js';
import { run } from '../support/process.js';
import { removeTempDir } from '../support/tempdir.js';
import { olderProjectPair, tree } from './older-project.js';
import { type Browser, checkedAt, chromiumCandidates, chromiumPath, openBrowser } from './browser.js';
import { type UiProcess, startUi } from './server.js';

let uiDir: string;
let cliDir: string;
let ui: UiProcess | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  ({ uiDir, cliDir } = await olderProjectPair('ui-upgrade-questions-browser', ['license', 'timezone']));
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await ui?.stop();
  removeTempDir(uiDir);
  removeTempDir(cliDir);
});

const command = 'djangoflow upgrade --license BSD-3-Clause --timezone Europe/Berlin --defaults';

test('the new questions answered in the Upgrade section are applied as the copied CLI command applies them', async () => {
  if (chromiumPath === null) throw new Error(`no Chromium at ${chromiumCandidates.join(', ')}: install it (apt-get install chromium)`);
  ui = await startUi(uiDir);
  browser = await openBrowser(`upgrade-questions-${process.pid}`);
  const { page } = browser;
  // A slow machine once answered the Upgrade tab's preview before the page's first session, and
  // the form drawn after it showed no default: the first session is held back until a preview
  // has answered (a page that waits for its session sends none, so 5 s end the wait).
  const previewAnswered = page.waitForResponse('**/api/change/preview').catch(() => undefined);
  await page.route('**/api/session', async (route) => {
    await Promise.race([previewAnswered, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    await route.continue();
  }, { times: 1 });
  await page.goto(ui.url);
  await page.locator('#tab-upgrade').click();
  await page.locator('#upgrade-info').filter({ hasText: 'with your answers to its new questions below' }).waitFor();

  // The Project form's controls: the group's fieldset, a radio group for four choices, a labelled text field.
  const form = page.locator('#upgrade-form');
  expect(await form.locator('fieldset[data-group] > legend').allTextContents()).toEqual(['Identity']);
  const license = form.locator('fieldset[data-group="identity"] [data-radios="license"]');
  expect(await license.getAttribute('role')).toBe('radiogroup');
  expect(await license.locator('input[type="radio"]').count()).toBe(4);
  expect(await license.getAttribute('aria-describedby')).toBe('upgrade-field-license-hint upgrade-field-license-error');
  const timezone = form.getByLabel('Time zone', { exact: true });
  expect(await timezone.getAttribute('id')).toBe('upgrade-field-timezone');
  // The defaults the upgrade would take are shown, and its plain command offered.
  await page.locator('#upgrade-field-license-MIT:checked').waitFor();
  expect(await timezone.inputValue()).toBe('UTC');
  await page.locator('#cli-command').filter({ hasText: /^djangoflow upgrade --defaults$/ }).waitFor();
  // No id of the Upgrade form repeats one of the Project form's.
  expect(await page.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id).filter((id, i, all) => all.indexOf(id) !== i))).toEqual([]);

  // By keyboard: the arrow moves the radio choice to BSD-3-Clause.
  await page.locator('#upgrade-field-license-MIT').focus();
  await page.keyboard.press('ArrowRight');
  expect(await page.locator('#upgrade-field-license-BSD-3-Clause').isChecked()).toBe(true);
  // A refused answer: the CLI's message under the field, announced, and nothing to apply.
  await timezone.fill('Mars/Olympus');
  await page.locator('#upgrade-field-timezone-error').filter({ hasText: 'is not an IANA time zone' }).waitFor();
  expect(await timezone.getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('#upgrade-field-timezone-error').getAttribute('aria-live')).toBe('polite');
  expect(await page.locator('#apply').isDisabled()).toBe(true);
  await timezone.fill('Europe/Berlin');
  await page.locator('#cli-command').filter({ hasText: new RegExp(`^${command}$`) }).waitFor();
  await page.locator('#plan-summary').filter({ hasText: /update/ }).waitFor();
  expect(await page.locator('#upgrade-field-timezone-error').textContent()).toBe('');
  expect(await timezone.getAttribute('aria-invalid')).toBe('false');
  await page.locator('[data-path="LICENSE"]').first().click();
  await page.locator('#view-title').filter({ hasText: 'File: LICENSE' }).waitFor();
  await page.locator('#viewer').filter({ hasText: 'BSD 3-Clause License' }).waitFor();
  await checkedAt(page, 'upgrade-questions', 1366, 768);
  await checkedAt(page, 'upgrade-questions', 390, 844);
  await page.setViewportSize({ width: 1366, height: 768 });

  await page.locator('#apply:not([disabled])').click();
  await page.locator('#result').filter({ hasText: 'Done.' }).waitFor();
  const upgraded = await run(process.execPath, [binPath, ...command.split(' ').slice(1)], { cwd: cliDir });
  expect(upgraded.code).toBe(0);
  expect(tree(uiDir)).toEqual(tree(cliDir));
  expect(readFileSync(join(uiDir, 'LICENSE'), 'utf8')).toContain('BSD 3-Clause License');
  expect(readFileSync(join(uiDir, 'src/config/sections/i18n.py'), 'utf8')).toContain('TIME_ZONE = "Europe/Berlin"');

  // Answered on record now: the section has no question and nothing to apply.
  await page.locator('#tab-project').click();
  await page.locator('#tab-upgrade').click();
  await page.locator('#upgrade-info').filter({ hasText: 'Up to date' }).waitFor();
  expect(await page.locator('#upgrade-form').count()).toBe(0);
  expect(await page.locator('#apply').isDisabled()).toBe(true);
}, 300_000);
