/**
 * The Conflicts section in a real browser (Debian's Chromium): a real conflict (the README
 * line changed by the user and by a changed answer) listed with its three versions, the
 * template's side chosen for its hunk by keyboard, written; the file then equals the
 * template's version, with no marker, the section says nothing is left and the next
 * `djangoflow upgrade --check` has nothing to do. axe-core finds no serious or critical
 * violation at 1366×768 and 390 px (screenshots in reports/ui/).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitCodes } from '../../lib/run/exit-codes.js';
import { binPath } from '../support/paths.js';
import { run } from '../support/process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { type UiBrowser, checkedAtBothSizes, openUi } from './browser.js';

let dir: string;
let app: UiBrowser | undefined;
const ours = 'Our shop, described our way.';
const theirs = 'The Acme online shop';
let expected: string;

const cli = (args: string[]) => run(process.execPath, [binPath, ...args], { cwd: dir, timeoutMs: 120_000 });

beforeAll(async () => {
  dir = makeTempDir('ui-conflicts-browser');
  expect((await cli(['--defaults'])).code).toBe(0);
  const readme = join(dir, 'README.md');
  const original = readFileSync(readme, 'utf8');
  const line = original.split('\n').find((l) => l.includes('a Django project in the DjangoFlow layout'))!;
  writeFileSync(readme, original.replace(line, ours));
  expect((await cli(['--description', theirs])).code).toBe(exitCodes.conflicts);
  // What choosing the template's side must leave: the file without the user's line.
  expected = readFileSync(readme, 'utf8').replace(/^<<<<<<< yours\n[\s\S]*?^=======\n([\s\S]*?)^>>>>>>> [^\n]*\n/m, '$1');
  expect(expected).toContain(theirs);
}, 180_000);
afterAll(async () => {
  await app?.close();
  removeTempDir(dir);
});

test('a conflict resolved hunk by hunk from the page leaves the chosen side, and the next run has nothing to do', async () => {
  app = await openUi(dir, 'conflicts');
  const { page } = app;
  await page.locator('#tab-conflicts').click();
  const block = page.locator('article[data-conflict="README.md"]');
  await block.waitFor();
  expect(await block.locator('fieldset.hunk').count()).toBe(1);
  expect(await block.locator('fieldset.hunk pre[data-version="yours"]').textContent()).toContain(ours);
  expect(await block.locator('fieldset.hunk pre[data-version="template"]').textContent()).toContain(theirs);
  await block.locator('details > summary').click();
  await checkedAtBothSizes(page, 'conflicts');

  // Keyboard: the radio group's arrow key moves from Yours to the template's side.
  await block.getByRole('radio', { name: 'Yours', exact: true }).focus();
  await page.keyboard.press('ArrowRight');
  expect(await block.getByRole('radio', { name: "Template's", exact: true }).isChecked()).toBe(true);
  await block.locator('button[data-resolve="README.md"]').focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-no-conflicts]').waitFor();
  expect(await page.locator('#result').textContent()).toContain('resolved  README.md');

  const written = readFileSync(join(dir, 'README.md'), 'utf8');
  expect(written).toBe(expected);
  expect(written).not.toMatch(/^(<{7}|={7}|>{7}|\|{7})/m);
  const check = await cli(['upgrade', '--check']);
  expect(check.code).toBe(exitCodes.done);
}, 300_000);
