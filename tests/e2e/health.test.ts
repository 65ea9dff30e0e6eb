import type { Browser } from 'playwright-core';
import { launchBrowser, phonePage, screenshot } from '../support/browser';
import { type E2eStack, startE2eStack } from '../support/e2e-stack';

jest.setTimeout(120_000);

let stack: E2eStack;
let browser: Browser;
beforeAll(async () => {
  stack = await startE2eStack();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

test('When the BFF cannot be reached, Then the me page says so; when it answers, Then no status line', async () => {
  const page = await phonePage(browser);
  // A port nothing listens on: the health check fails on the network.
  const unreachable = stack
    .appUrl(undefined, {})
    .replace(/api=[^&#]+/, `api=${encodeURIComponent('http://127.0.0.1:9')}`);
  await page.goto(unreachable.replace('#/pages/index/index', '#/pages/me/index'));
  const health = page.locator('#health-status');
  await health.waitFor({ timeout: 30_000 });
  expect(await health.textContent()).toContain('无法连接服务');
  await screenshot(page, '00-health');

  const ok = await phonePage(browser);
  const answered = ok.waitForResponse((response) => response.url().endsWith('/healthz'), { timeout: 30_000 });
  await ok.goto(stack.appUrl(undefined, {}).replace('#/pages/index/index', '#/pages/me/index'));
  expect((await answered).status()).toBe(200);
  await ok.locator('#delete-data-button').waitFor({ timeout: 30_000 });
  await ok.waitForTimeout(500); // the answer has been rendered
  expect(await ok.locator('#health-status').count()).toBe(0);
});
