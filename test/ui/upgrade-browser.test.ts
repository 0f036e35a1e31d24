/**
 * The Upgrade section in a real browser (Debian's Chromium): a project an older generator
 * wrote shows its pending change per file (README.md's diff opened), Apply upgrades it in one
 * step, and the folder is byte-equal to a copy upgraded by `djangoflow upgrade --defaults`;
 * afterwards the section has nothing to apply.
 */
import { binPath } from '../support/paths.js';
import { run } from '../support/process.js';
import { removeTempDir } from '../support/tempdir.js';
import { type UiBrowser, openUi } from './browser.js';
import { olderProjectPair, tree } from './older-project.js';

let uiDir: string;
let cliDir: string;
let app: UiBrowser | undefined;


beforeAll(async () => {
  ({ uiDir, cliDir } = await olderProjectPair('ui-upgrade-browser'));
}, 180_000);
afterAll(async () => {
  await app?.close();
  removeTempDir(uiDir);
  removeTempDir(cliDir);
});

test('the pending upgrade applied from the page equals djangoflow upgrade', async () => {
  app = await openUi(uiDir, 'upgrade');
  const { page } = app;
  await page.locator('#tab-upgrade').click();
  await page.locator('#upgrade-info').filter({ hasText: 'last rendered by djangoflow 0.0.9' }).waitFor();
  await page.locator('#cli-command').filter({ hasText: /^djangoflow upgrade --defaults$/ }).waitFor();
  await page.locator('#plan-summary').filter({ hasText: /update/ }).waitFor();
  await page.locator('[data-path="README.md"]').first().click();
  await page.locator('#view-title').filter({ hasText: 'File: README.md' }).waitFor();
  await page.locator('#apply:not([disabled])').click();
  await page.locator('#result').filter({ hasText: 'Done.' }).waitFor();
  const upgraded = await run(process.execPath, [binPath, 'upgrade', '--defaults'], { cwd: cliDir });
  expect(upgraded.code).toBe(0);
  expect(tree(uiDir)).toEqual(tree(cliDir));
  await page.locator('#tab-project').click();
  await page.locator('#tab-upgrade').click();
  await page.locator('#upgrade-info').filter({ hasText: 'Up to date' }).waitFor();
  expect(await page.locator('#apply').isDisabled()).toBe(true);
}, 300_000);
