import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser';
import { E2eApi } from './e2e-api';
import { type E2eStack, startE2eStack } from './e2e-stack';

/** What a browser test file works with: the running stack, one Chromium, and the API beside it. */
export interface E2eSuite {
  stack: E2eStack;
  browser: Browser;
  e2e: E2eApi;
}

/**
 * Starts the stack (fake WeChat, BFF, H5 build, MariaDB) and Chromium once for the file and stops
 * them after it. Read the fields inside tests: they are set in `beforeAll`.
 */
export function useE2eSuite(timeoutMs = 180_000): E2eSuite {
  jest.setTimeout(timeoutMs);
  const suite = {} as E2eSuite;
  beforeAll(async () => {
    suite.stack = await startE2eStack();
    suite.browser = await launchBrowser();
    suite.e2e = new E2eApi(suite.stack);
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.stack?.close();
  });
  return suite;
}

/** The trimmed text of the first element the selector finds. */
export const textOf = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? '').trim();

/** The H5 app's URL for another page (`path` like `member/pages/coupons/index`), signed in as before. */
export const pageAt = (stack: E2eStack, path: string) =>
  stack.appUrl(undefined).replace('#/pages/index/index', `#/${path.replace(/^#?\//, '')}`);

/** Today's date in the chain's time zone (Asia/Shanghai), as YYYY-MM-DD. */
export const shanghaiToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** Saves a screenshot and keeps a copy for the README in docs/screenshots/. */
export async function keepScreenshot(page: Page, name: string): Promise<string> {
  const file = await screenshot(page, name);
  const docs = join(__dirname, '..', '..', 'docs', 'screenshots');
  mkdirSync(docs, { recursive: true });
  copyFileSync(file, join(docs, `${name}.png`));
  return file;
}
