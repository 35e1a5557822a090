/**
 * Headless Chromium for the UI's end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core
 * (scripts/setup.sh installs it), a fresh profile per launch, no network chatter of its own. A machine
 * without it skips with the reason, except under CI=true where its absence must fail.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe } from 'vitest';
import { describeDocker, isCI } from '../helpers.js';

export const CHROMIUM = process.env.CODELOCAL_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && !isCI) console.warn(`[ui e2e skipped] no Chromium at ${CHROMIUM}: apt-get install chromium`);

/** `describe` when an engine and Chromium are there (always under CI=true). */
export const describeBrowser: typeof describe.skip = hasChromium || isCI ? describeDocker : describe.skip;

export interface Browser {
  page: Page;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'codelocal-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    headless: true,
    executablePath: CHROMIUM,
    viewport: { width: 1360, height: 860 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Resolves when `text` is in the element (Playwright's wait, with a readable failure). */
export async function waitForText(page: Page, selector: string, text: string, timeout = 120_000): Promise<void> {
  try {
    await page.locator(selector).filter({ hasText: text }).first().waitFor({ timeout });
  } catch (e) {
    const seen = await page
      .locator(selector)
      .first()
      .textContent()
      .catch(() => '(nothing)');
    throw new Error(`waited for "${text}" in ${selector}; it shows: ${seen?.slice(-600)}`, { cause: e });
  }
}
