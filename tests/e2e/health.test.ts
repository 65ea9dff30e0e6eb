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

test('When the H5 app opens, Then it shows the BFF health from /healthz', async () => {
  const page = await phonePage(browser);
  await page.goto(stack.appUrl(undefined, {}).replace('#/pages/index/index', '#/pages/me/index'));
  const health = page.locator('#health-status');
  await health.waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => /正常/.test(document.querySelector('#health-status')?.textContent ?? ''), null, {
    timeout: 30_000,
  });
  expect(await health.textContent()).toContain('服务正常');
  await screenshot(page, '00-health');
});
