/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), with a fresh
 * profile per run; screenshots of each step go to .tmp/ui-screenshots/<run>/ (gitignored).
 * axe-core (npm) checks a page in place: its source is injected, nothing is fetched.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { repoRoot } from '../support/paths.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';

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
