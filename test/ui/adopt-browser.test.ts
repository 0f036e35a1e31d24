/**
 * Adopting a hand-made app in a real browser (Debian's Chromium), keyboard only: in a
 * committed project with two hand-made Django apps and a folder that is no Django app, the
 * Adopt fieldset of the Apps and models section offers the two apps only; one is chosen with
 * the arrow key, previewed (the `djangoflow adopt-app` command, nothing of the app's folder
 * written) and applied; the folder is then byte-equal to a copy where `djangoflow adopt-app`
 * ran, the app is listed as adopted and only the other is still offered. axe-core finds no
 * serious or critical violation at 1366×768 and at 390 px (screenshots in reports/ui/).
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { commitAll, git } from '../model/blog-project.js';
import { listFiles, readBytes } from '../support/files.js';
import { binPath } from '../support/paths.js';
import { run } from '../support/process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { type UiBrowser, checkedAtBothSizes, openUi } from './browser.js';

let uiDir: string;
let cliDir: string;
let app: UiBrowser | undefined;

/** Every file with its bytes (not .git; .djangoflow/'s pristine store included), .env too: both folders share one copy. */
const tree = (dir: string) => Object.fromEntries(listFiles(dir).map((p) => [p, readBytes(dir, p).toString('base64')]));
const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id);

/** A folder of src/apps/ made by hand: a Django app when `appsPy`, else a plain package. */
function handMade(dir: string, name: string, appsPy: boolean): void {
  const folder = join(dir, 'src/apps', name);
  mkdirSync(join(folder, 'migrations'), { recursive: true });
  writeFileSync(join(folder, '__init__.py'), '');
  writeFileSync(join(folder, 'migrations/__init__.py'), '');
  if (appsPy) writeFileSync(join(folder, 'apps.py'), `from django.apps import AppConfig\n\n\nclass HandMadeConfig(AppConfig):\n    name = "${name}"\n`);
}

async function cli(dir: string, args: string[]): Promise<void> {
  const result = await run(process.execPath, [binPath, ...args], { cwd: dir, timeoutMs: 120_000 });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}

beforeAll(async () => {
  uiDir = makeTempDir('ui-adopt-browser');
  cliDir = makeTempDir('ui-adopt-browser-cli');
  await cli(uiDir, ['--defaults']);
  handMade(uiDir, 'billing', true);
  handMade(uiDir, 'legacy', true);
  handMade(uiDir, 'noconfig', false);
  git(uiDir, 'init', '-q');
  commitAll(uiDir, 'generated, and hand-made apps');
  cpSync(uiDir, cliDir, { recursive: true });
}, 180_000);
afterAll(async () => {
  await app?.close();
  removeTempDir(uiDir);
  removeTempDir(cliDir);
});

test('a hand-made app adopted from the page by keyboard equals `djangoflow adopt-app`', async () => {
  app = await openUi(uiDir, 'adopt');
  const { page } = app;
  await page.locator('#plan-summary').filter({ hasText: 'Nothing to change' }).waitFor();

  // The section by the arrow key; the folder by the arrow key in its list; Tab to Preview, Enter.
  await page.locator('#tab-project').focus();
  await page.keyboard.press('ArrowRight');
  expect(await activeId(page)).toBe('tab-models');
  const folder = page.getByLabel('Folder of src/apps/');
  expect(await folder.locator('option').allTextContents()).toEqual(['billing', 'legacy']);
  expect(await folder.getAttribute('aria-describedby')).toBe('adopt-app-hint');
  await folder.focus();
  await page.keyboard.press('ArrowDown');
  expect(await folder.inputValue()).toBe('legacy');
  await page.keyboard.press('Tab');
  expect(await activeId(page)).toBe('preview-adopt');
  await page.keyboard.press('Enter');
  await page.locator('#cli-command').filter({ hasText: /^djangoflow adopt-app legacy$/ }).waitFor();
  await page.locator('#apply:not([disabled])').waitFor();
  // Only the record changes: nothing under the app's folder is planned.
  expect(await page.locator('#files [data-path^="src/apps/legacy/"]').count()).toBe(0);
  expect(await page.locator('#dirty').isHidden()).toBe(true);
  await page.locator('#preview-adopt').scrollIntoViewIfNeeded();
  await checkedAtBothSizes(page, 'adopt-preview');

  await page.locator('#apply').focus();
  await page.keyboard.press('Enter');
  await page.locator('#result').filter({ hasText: 'Done.' }).waitFor();
  expect(await page.locator('#result').textContent()).toContain('Recorded src/apps/legacy/ as adopted');
  await page.locator('li[data-app="legacy"] h3').filter({ hasText: 'legacy (adopted: its files are yours)' }).waitFor();
  // The list is redrawn from the new record: only the other app is offered now.
  await page.locator('#adopt-app option').filter({ hasText: /^legacy$/ }).waitFor({ state: 'detached' });
  expect(await folder.locator('option').allTextContents()).toEqual(['billing']);
  expect(await page.locator('#apply').isDisabled()).toBe(true);
  await checkedAtBothSizes(page, 'adopt-applied');

  await cli(cliDir, ['adopt-app', 'legacy']);
  expect(tree(uiDir)).toEqual(tree(cliDir));
}, 300_000);
