/**
 * The browser tests' one fixture. Debian's Chromium driven by playwright-core (never a
 * downloaded browser), with a fresh profile per run; screenshots of each step go to
 * .tmp/ui-screenshots/<run>/ (gitignored). axe-core (npm) checks a page in place: its source
 * is injected, nothing is fetched. openUi() starts `djangoflow ui` in a folder and opens its
 * page; checkedAt() and checkedAtBothSizes() run axe and keep the screenshots in reports/ui/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { repoRoot } from '../support/paths.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { type UiProcess, startUi } from './server.js';

/** Where a system Chromium is looked for: Debian's package first, then other distributions' names. */
export const chromiumCandidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium', '/snap/bin/chromium'];

/** The first installed candidate, or null. */
export const chromiumPath: string | null = chromiumCandidates.find((path) => existsSync(path)) ?? null;

export interface Browser {
  page: Page;
  /** Saves a screenshot of the window (1366×768, a laptop) named after the step; returns its path. */
  shot(step: string): Promise<string>;
  close(): Promise<void>;
}

/** A missing browser fails the test on every machine, in one line: a skipped browser test would look green. */
export function requireChromium(): string {
  if (chromiumPath === null) throw new Error(`no Chromium at ${chromiumCandidates.join(', ')}: the browser test cannot run; install it (apt-get install chromium, listed in .ci/debian-packages.txt)`);
  return chromiumPath;
}

export async function openBrowser(run: string): Promise<Browser> {
  const profile = makeTempDir('ui-chromium-profile');
  const shots = join(repoRoot, '.tmp/ui-screenshots', run);
  mkdirSync(shots, { recursive: true });
  let count = 0;
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath ?? chromiumCandidates[0],
    headless: true,
    viewport: { width: 1366, height: 768 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // Playwright waits 30 s by default; a cold CI run building venvs beside this file once
  // took longer for an upgrade preview. 90 s still reports a real hang as the step that hung
  // before jest's own 120 s.
  context.setDefaultTimeout(90_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    shot: async (step) => {
      const path = join(shots, `${String(++count).padStart(2, '0')}-${step}.png`);
      await page.screenshot({ path });
      return path;
    },
    close: async () => {
      await context.close();
      removeTempDir(profile);
    },
  };
}

/** A violation axe reports, as much as a failure message needs. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical violations of the page as it is now (its WCAG 2.x A and AA rules). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const results = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Where the checked steps' screenshots are kept (gitignored; the test run's artifacts). */
export const artifactsDir = join(repoRoot, 'reports/ui');

/** The two windows every checked step is seen in: a laptop's, and a phone's 390 px. */
export const laptop = { width: 1366, height: 768 } as const;
export const phone = { width: 390, height: 844 } as const;

/** axe at the window's size, and a screenshot of it (the whole page on a phone) kept as reports/ui/<step>-<w>x<h>.png. */
export async function checkedAt(page: Page, step: string, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: join(artifactsDir, `${step}-${width}x${height}.png`), fullPage: width < 600 });
  expect(await seriousViolations(page)).toEqual([]);
  // Nothing wider than the window at a phone's width: no sideways scrolling of the page.
  if (width < 600) expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

/** checkedAt() on a laptop and on a phone, then the laptop's window again for the steps after. */
export async function checkedAtBothSizes(page: Page, step: string): Promise<void> {
  await checkedAt(page, step, laptop.width, laptop.height);
  await checkedAt(page, step, phone.width, phone.height);
  await page.setViewportSize(laptop);
}

/** `djangoflow ui` running in a folder with a browser on its page. */
export interface UiBrowser extends Browser {
  ui: UiProcess;
}

/** Starts `djangoflow ui` in `dir` (extra `args` to it), opens Chromium on the printed URL; close() ends the browser, then the server. */
export async function openUi(dir: string, run: string, args: string[] = []): Promise<UiBrowser> {
  requireChromium();
  const ui = await startUi(dir, args);
  const browser = await openBrowser(`${run}-${process.pid}`).catch(async (error: unknown) => {
    await ui.stop();
    throw error;
  });
  const close = async () => {
    await browser.close();
    await ui.stop();
  };
  await browser.page.goto(ui.url).catch(async (error: unknown) => {
    await close();
    throw error;
  });
  return {
    ...browser,
    ui,
    close,
  };
}
