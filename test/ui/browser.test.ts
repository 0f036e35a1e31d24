/**
 * `djangoflow ui` end to end in a real browser: the form with invalid then valid answers,
 * a plugin and its dependencies, a file in the explorer, Generate, and the folder compared
 * with the CLI's generation from the same answers; then, in that project, an answer change
 * previewed and applied with the user's edit merged, compared with the CLI doing the same.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { listFiles, readBytes } from '../support/files.js';
import { binPath } from '../support/paths.js';
import { run } from '../support/process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { type UiBrowser, checkedAtBothSizes, openUi } from './browser.js';
import { startUi } from './server.js';

let uiDir: string;
let cliDir: string;
let app: UiBrowser | undefined;
const shots: string[] = [];

beforeAll(() => {
  uiDir = makeTempDir('ui-browser');
  cliDir = makeTempDir('ui-cli');
});
afterAll(async () => {
  await app?.close();
  if (shots.length) console.log(`ui screenshots:\n${shots.join('\n')}`);
  removeTempDir(uiDir);
  removeTempDir(cliDir);
});

/** Every file of a folder with its bytes, but the random secret of .env. */
function tree(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).filter((p) => p !== '.env').map((p) => [p, readBytes(dir, p).toString('base64')]));
}

async function cli(args: string[]): Promise<void> {
  const result = await run(process.execPath, [binPath, ...args], { cwd: cliDir });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}

/** Runs a command line the page shows (`djangoflow ... && djangoflow ...`, single-quoted words) in the CLI's folder. */
async function runShown(line: string): Promise<void> {
  for (const command of line.split(' && ')) {
    const words = [...command.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]!));
    expect(words[0]).toBe('djangoflow');
    await cli(words.slice(1));
  }
}

const errorOf = (page: Page, name: string) => page.locator(`#field-${name}-error`);

test('a new project from the form equals the CLI generation; an answer change merges with the user edit', async () => {
  app = await openUi(uiDir, 'run');
  const { page, ui } = app;
  const name = page.getByLabel('Project name (display name)');
  await page.locator('#apply:not([disabled])').waitFor();
  await expect(name.inputValue()).resolves.toBe('My Project');
  shots.push(await app.shot('defaults'));

  // Invalid answers: the CLI's own messages, next to the field, announced.
  await name.fill('');
  await errorOf(page, 'projectName').filter({ hasText: 'project name must not be empty' }).waitFor();
  await page.getByLabel('Project slug (python identifier)').fill('1shop');
  // The CLI's message, word for word (lib/input/naming.ts pythonNameProblem).
  await errorOf(page, 'projectSlug').filter({ hasText: 'project slug "1shop" must be a lowercase python identifier (a-z, 0-9, _; not starting with a digit)' }).waitFor();
  expect(await page.locator('#field-projectSlug').getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('#field-projectSlug').getAttribute('aria-describedby')).toContain('field-projectSlug-error');
  expect(await page.locator('#apply').isDisabled()).toBe(true);
  shots.push(await app.shot('invalid-answers'));

  // Valid answers; Tab goes from one field to the next.
  await name.fill('Acme Shop');
  await name.focus();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-projectSlug');
  await page.getByLabel('Project slug (python identifier)').fill('acme_shop');
  await errorOf(page, 'projectSlug').filter({ hasText: /^$/ }).waitFor({ state: 'attached' });
  await page.locator('#apply:not([disabled])').waitFor();
  expect(await errorOf(page, 'projectName').textContent()).toBe('');
  await expect(page.getByLabel('Author email').inputValue()).resolves.toBe('dev@acme-shop.example.com');
  shots.push(await app.shot('valid-answers'));

  // The Project section: four groups, each question in its group in the table's order; a small
  // choice is a radio group (same name, a label per choice, the hint and error wiring kept).
  expect(await page.locator('#form > fieldset.group > legend').allTextContents()).toEqual(['Identity', 'Stack', 'Services', 'Delivery']);
  expect(await page.locator('fieldset[data-group="identity"] #field-projectSlug').count()).toBe(1);
  expect(await page.locator('fieldset[data-group="stack"] [data-radios="database"] input[type="radio"][name="database"]').count()).toBe(3);
  expect(await page.locator('fieldset[data-group="services"] select#field-email').count()).toBe(1);
  expect(await page.locator('fieldset[data-group="delivery"] [data-radios="cloud"]').count()).toBe(1);
  // Only the long single choice (email's nine) stays a select.
  expect(await page.locator('#form fieldset.group select').evaluateAll((selects) => selects.map((s) => (s as HTMLSelectElement).name))).toEqual(['email']);
  const license = page.locator('#field-license');
  expect(await license.getAttribute('role')).toBe('radiogroup');
  expect(await license.getAttribute('aria-describedby')).toBe('field-license-hint field-license-error');
  expect(await page.locator('#field-license-error').getAttribute('aria-live')).toBe('polite');
  expect(await page.getByLabel('PostgreSQL').isChecked()).toBe(true);
  await page.getByLabel('BSD-3-Clause').check();
  expect(await page.locator('input[name="license"]:checked').getAttribute('value')).toBe('BSD-3-Clause');
  expect(await license.getAttribute('aria-invalid')).toBe('false');

  // A plugin: its dependencies appear, locked, with who needs them; its question shows.
  await page.locator('#plugin-df-auth').focus();
  await page.keyboard.press('Space');
  await page.locator('li[data-plugin="df-api-drf"][data-status="dependency"]').waitFor();
  await page.locator('li[data-plugin="df-remote-config"][data-status="dependency"]').waitFor();
  expect(await page.locator('#plugin-df-api-drf').isDisabled()).toBe(true);
  await page.locator('#field-dfApiNamespace').waitFor({ state: 'visible' });
  await page.locator('#apply:not([disabled])').waitFor();
  shots.push(await app.shot('plugin-added'));

  // The catalog: grouped, searchable; a plugin's questions sit under it; --api takes several styles.
  await page.locator('section[data-group="df-modules"] li[data-plugin="df-auth"]').waitFor();
  await page.getByLabel('Search plugins').fill('remote config');
  await page.locator('#plugin-search-count').filter({ hasText: /^1 of \d+ plugins match$/ }).waitFor();
  expect(await page.locator('li[data-plugin="df-auth"]').isHidden()).toBe(true);
  expect(await page.locator('section[data-group="integrations"]').isHidden()).toBe(true);
  await page.getByLabel('Search plugins').fill('');
  await page.locator('li[data-plugin="df-auth"]').waitFor();
  expect(await page.locator('li[data-plugin] #field-dfApiNamespace').count()).toBe(1);
  await page.locator('#field-api-ninja').check();
  expect(await page.locator('#field-api-drf').isChecked()).toBe(true);
  await page.locator('li[data-plugin="ninja"][data-status="answer"]').waitFor();
  await page.locator('#apply:not([disabled])').waitFor();
  await checkedAtBothSizes(page, 'project');

  // The explorer, by keyboard: a file of the render, nothing on disk yet; focus moves to the view.
  await page.locator('button[data-path="README.md"]').focus();
  await page.keyboard.press('Enter');
  await page.locator('#viewer pre').filter({ hasText: 'Acme Shop' }).first().waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('view-title');
  expect(listFiles(uiDir)).toEqual([]);
  shots.push(await app.shot('file-opened'));

  // Copy as CLI command: what the page shows is run below in the CLI's folder.
  const generateCommand = (await page.locator('#cli-command').textContent())!;
  expect(generateCommand).toBe("djangoflow --defaults --project-name 'Acme Shop' --api drf,ninja --license BSD-3-Clause && djangoflow plugin df-auth --defaults");
  // The shareable link: the answers and plugins in its fragment, no token in it.
  await page.locator('#copy-share').click();
  await page.locator('#result[data-share]').waitFor({ state: 'attached' });
  const shareLink = (await page.locator('#result').getAttribute('data-share'))!;
  expect(shareLink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#share=[\w-]+$/);
  expect(shareLink).not.toContain(ui.token);
  await page.locator('#apply').click();
  await page.locator('#result').filter({ hasText: 'Done.' }).waitFor();
  await page.locator('#apply').filter({ hasText: 'Apply' }).waitFor();
  shots.push(await app.shot('generated'));

  await runShown(generateCommand);

  // Another `djangoflow ui` in another empty folder, its address with the shared fragment: the same form.
  const otherDir = makeTempDir('ui-shared');
  const other = await startUi(otherDir);
  try {
    const second = await page.context().newPage();
    await second.goto(`${other.url}${shareLink.slice(shareLink.indexOf('#'))}`);
    await second.locator('#cli-command').filter({ hasText: generateCommand }).waitFor();
    await expect(second.getByLabel('Project name (display name)').inputValue()).resolves.toBe('Acme Shop');
    expect(await second.locator('#plugin-df-auth').isChecked()).toBe(true);
    expect(await second.locator('#field-api-ninja').isChecked()).toBe(true);
    expect(await second.getByLabel('BSD-3-Clause').isChecked()).toBe(true);
    await second.close();
  } finally {
    await other.stop();
    removeTempDir(otherDir);
  }
  expect(tree(uiDir)).toEqual(tree(cliDir));
  expect(existsSync(join(uiDir, '.env'))).toBe(true);

  // The existing project: the user edits README.md, then changes an answer in the page.
  const note = '\nOur own notes: deploy on Fridays never.\n';
  for (const dir of [uiDir, cliDir]) writeFileSync(join(dir, 'README.md'), readFileSync(join(dir, 'README.md'), 'utf8') + note);
  // Nothing would change: Apply is not offered (issue 27).
  await page.locator('#plan-summary').filter({ hasText: 'Nothing to change' }).waitFor();
  expect(await page.locator('#apply').isDisabled()).toBe(true);
  await page.getByLabel('Short description').fill('The Acme online shop');
  await page.locator('button[data-path="README.md"]').filter({ hasText: 'merge' }).waitFor();
  await page.locator('button[data-path="README.md"]').click();
  await page.locator('#viewer .add').filter({ hasText: 'The Acme online shop' }).first().waitFor();
  shots.push(await app.shot('plan-with-merge'));
  expect(readFileSync(join(uiDir, 'README.md'), 'utf8')).not.toContain('The Acme online shop');

  const changeCommand = (await page.locator('#cli-command').textContent())!;
  expect(changeCommand).toBe("djangoflow --description 'The Acme online shop'");
  await page.locator('#apply:not([disabled])').click();
  await page.locator('#result').filter({ hasText: 'Done.' }).waitFor();
  shots.push(await app.shot('applied'));
  const readme = readFileSync(join(uiDir, 'README.md'), 'utf8');
  expect(readme).toContain('The Acme online shop');
  expect(readme).toContain('deploy on Fridays never');

  await runShown(changeCommand);
  expect(tree(uiDir)).toEqual(tree(cliDir));

  // Both sides change the same line: the plan says conflict and shows the three versions.
  const mine = readme.replace('The Acme online shop', 'Acme, as we describe it ourselves');
  writeFileSync(join(uiDir, 'README.md'), mine);
  await page.locator('#plan-summary').filter({ hasText: 'Nothing to change' }).waitFor();
  await page.getByLabel('Short description').fill('Acme sells everything');
  // A new edit is a new change: the last apply's outcome leaves the page.
  await page.locator('#result:empty').waitFor({ state: 'attached' });
  await page.locator('button[data-path="README.md"]').filter({ hasText: 'conflict' }).click();
  const stages = page.locator('#viewer .stages figure');
  await stages.nth(2).waitFor();
  expect(await stages.allTextContents()).toEqual([
    expect.stringContaining('The Acme online shop'),
    expect.stringContaining('Acme, as we describe it ourselves'),
    expect.stringContaining('Acme sells everything'),
  ]);
  shots.push(await app.shot('conflict-three-versions'));
  expect(readFileSync(join(uiDir, 'README.md'), 'utf8')).toBe(mine);
}, 300_000);
