/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), with a fresh
 * profile per run; screenshots of each step go to .tmp/ui-screenshots/<run>/ (gitignored).
 */
import { existsSync, mkdirSync } from 'node:fs';
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
