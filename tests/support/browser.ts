import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** The same places `scripts/bin/ensure-browser.mjs` looks (it runs before the e2e tests). */
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const path = CANDIDATES.find((candidate) => existsSync(candidate));
  if (!path) throw new Error('No Chromium found: run `node scripts/bin/ensure-browser.mjs` (apt-get install chromium)');
  return path;
}

/** Debian's Chromium, headless, with no background networking (the machine has no internet). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

/** A phone-sized page, as the mini-program is used. */
export async function phonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  // Page crashes show in the test output instead of as a blank screenshot.
  page.on('pageerror', (error) => process.stderr.write(`[browser] ${error.stack ?? error.message}\n`));
  page.on('console', (message) => {
    if (message.type() === 'error') process.stderr.write(`[browser console] ${message.text()}\n`);
  });
  return page;
}

export const screenshotDir = join(__dirname, '..', 'artifacts', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  // Taro H5 slides pages in with CSS transitions; finish them so the shot shows the page, not the slide.
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

/** Types into a Taro H5 input (a <taro-input-core> wrapping a real <input>). */
export async function fillTaroInput(page: Page, id: string, value: string): Promise<void> {
  await page.locator(`#${id} input`).fill(value);
}
