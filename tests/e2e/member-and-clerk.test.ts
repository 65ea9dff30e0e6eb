import type { Browser, Page } from 'playwright-core';
import { fillTaroInput, launchBrowser, phonePage, screenshot } from '../support/browser';
import { E2eApi } from '../support/e2e-api';
import { type E2eStack, startE2eStack } from '../support/e2e-stack';

jest.setTimeout(180_000);

/**
 * The first release end to end in a real browser: a member joins through a share link, binds a
 * phone and shows the card; a clerk at a second store types the code into manual entry, previews
 * and confirms a checkout with points redeemed and earned; a double submit makes one checkout;
 * the member sees the new balance and history; a refund from the day's list restores it.
 */
let stack: E2eStack;
let browser: Browser;
let e2e: E2eApi;
beforeAll(async () => {
  stack = await startE2eStack();
  browser = await launchBrowser();
  e2e = new E2eApi(stack);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const text = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? '').trim();
const digitsOf = (value: string) => Number(value.replace(/[^\d-]/g, ''));

test('When a member and a clerk use the H5 app, Then sign-in, card, checkout, history and refund work end to end', async () => {
  const admin = await e2e.adminToken('hq', 'hq-password-1');
  const storeA = await e2e.createStore(admin, 'E2EA', '通卡 上海店');
  const storeB = await e2e.createStore(admin, 'E2EB', '通卡 杭州店');
  const referrer = await e2e.signIn('e2e-referrer');
  const clerkA = await e2e.signIn('e2e-clerk-a');
  await e2e.makeStaff(admin, storeA, clerkA.token, 'clerk');
  const clerkB = await e2e.signIn('e2e-clerk-b');
  await e2e.makeStaff(admin, storeB, clerkB.token, 'clerk');

  // The member opens a share link carrying the referrer's code and lands on the card.
  const member = await phonePage(browser);
  await member.goto(stack.appUrl('e2e-member', { r: referrer.member.referralCode }));
  await member.locator('#member-code-digits').waitFor({ timeout: 30_000 });
  expect(await text(member, '#member-code-digits')).toMatch(/^66\d{16}$/);
  const [joined] = await stack.db.dataSource.query(
    'SELECT m.id, m.referrer_id FROM members m JOIN member_identities i ON i.member_id = m.id WHERE i.openid = ?',
    ['e2e-member'],
  );
  expect(joined.referrer_id).toBe(referrer.member.id);
  await screenshot(member, '01-member-card');

  // Phone binding.
  await member.goto(stack.appUrl(undefined).replace('#/pages/index/index', '#/pages/phone/index'));
  await fillTaroInput(member, 'bind-phone-input', '13800138000');
  await member.locator('#bind-phone-button').click();
  await member.locator('#bind-phone-result').waitFor({ timeout: 20_000 });
  await screenshot(member, '02-phone-bound');
  const memberApi = await e2e.signIn('e2e-member');
  expect((await e2e.me(memberApi.token)).phoneMasked).toBe('138****8000');

  // The member earns 100 points at store A (¥100 at 1 point per yuan).
  await e2e.checkout(clerkA.token, storeA, memberApi.token, 10_000);
  expect((await e2e.me(memberApi.token)).points).toBe(100);

  // The clerk at store B opens the staff pages and types the code shown on the member's card.
  await member.goto(stack.appUrl(undefined).replace('#/pages/index/index', '#/pages/card/index'));
  await member.locator('#member-code-digits').waitFor();
  const clerk = await phonePage(browser);
  await clerk.goto(stack.appUrl('e2e-clerk-b'));
  await clerk.locator('#staff-entry').click({ timeout: 30_000 });
  await fillTaroInput(clerk, 'manual-code-input', await text(member, '#member-code-digits'));
  await clerk.locator('#manual-code-submit').click();
  await clerk
    .locator('#scanned-member')
    .waitFor({ timeout: 20_000 })
    .catch(async (error) => {
      await screenshot(clerk, 'failed-scan');
      throw error;
    });
  expect(digitsOf(await text(clerk, '#scanned-member-points'))).toBe(100);
  await screenshot(clerk, '03-clerk-scanned-member');

  await clerk.locator('#go-checkout').click();
  await fillTaroInput(clerk, 'checkout-amount', '50.00');
  // Half of ¥50.00 would be 2 500 points; the member holds 100, so that is the cap shown before any preview.
  expect(digitsOf(await text(clerk, '#redeem-points-max'))).toBe(100);
  await fillTaroInput(clerk, 'redeem-points', '100');
  await clerk.locator('#preview-button').click();
  await clerk
    .locator('#confirm-sheet')
    .waitFor({ timeout: 20_000 })
    .catch(async (error) => {
      await screenshot(clerk, 'failed-preview');
      throw error;
    });
  expect(digitsOf(await text(clerk, '#preview-points-redeemed'))).toBe(100);
  expect(await text(clerk, '#preview-cash-due')).toContain('49.00');
  await screenshot(clerk, '04-confirmation-sheet');

  // A double tap on confirm makes exactly one checkout.
  await Promise.all([
    clerk.locator('#confirm-button').click(),
    clerk
      .locator('#confirm-button')
      .click()
      .catch(() => undefined),
  ]);
  await clerk.locator('#receipt-checkout-id').waitFor({ timeout: 20_000 });
  expect(await text(clerk, '#receipt-cash-due')).toContain('49.00');
  const earned = digitsOf(await text(clerk, '#receipt-points-earned'));
  expect(earned).toBe(49);
  const checkoutsAtB = await stack.db.dataSource.query('SELECT COUNT(*) AS n FROM checkouts WHERE store_id = ?', [
    storeB,
  ]);
  expect(Number(checkoutsAtB[0].n)).toBe(1);
  await screenshot(clerk, '05-receipt');

  // The member's card and history show the new balance: 100 − 100 redeemed + 49 earned.
  await member.reload();
  await member.locator('#member-points').waitFor({ timeout: 20_000 });
  await member.waitForFunction(() => /\b49\b/.test(document.querySelector('#member-points')?.textContent ?? ''), null, {
    timeout: 20_000,
  });
  await member.goto(stack.appUrl(undefined).replace('#/pages/index/index', '#/pages/history/index'));
  await member.locator('.tk-ledger-item').first().waitFor({ timeout: 20_000 });
  expect(await member.locator('.tk-ledger-item').count()).toBeGreaterThanOrEqual(3);
  expect(await member.locator('#history-list').textContent()).toContain('通卡 杭州店');
  await screenshot(member, '06-member-history');
  await member.goto(stack.appUrl(undefined).replace('#/pages/index/index', '#/pages/me/index'));
  await member.waitForFunction(() => document.querySelector('#me-phone')?.textContent?.trim() === '138****8000', null, {
    timeout: 20_000,
  });
  expect(await text(member, '#me-referral-code')).toMatch(/\S/);
  expect(await text(member, '#me-home-store')).toBe('通卡 上海店');
  // Reminders: the member allows them in the (stand-in) WeChat dialog; each allow is one message.
  await member.locator('#reminder-points-changed').waitFor({ timeout: 20_000 });
  expect(await text(member, '#reminder-points-changed')).toBe('未开启');
  await member.locator('#me-subscribe').click();
  await member.locator('.taro-model__confirm').click();
  await member.waitForFunction(
    () => document.querySelector('#reminder-points-changed')?.textContent?.trim() === '可接收 1 条',
    null,
    { timeout: 20_000 },
  );
  expect(await text(member, '#reminder-points-expiring')).toBe('可接收 1 条');
  await screenshot(member, '06b-member-me');

  // A full refund from the day's list restores the balance.
  await clerk.locator('#receipt-today').click();
  const refundButton = clerk.locator('.tk-refund-button').first();
  await refundButton.waitFor({ timeout: 20_000 });
  // The member's home store is the Shanghai store: at Hangzhou the sale counts as a visiting member's.
  expect(await text(clerk, '#today-visiting-members')).toBe('1 单 · ¥50.00');
  expect(await text(clerk, '#today-home-members')).toBe('0 单 · ¥0.00');
  expect(await clerk.locator('.tk-badge--visiting').count()).toBe(1);
  await screenshot(clerk, '07-today');
  await refundButton.click();
  // The refund sheet shows what the refund will do before it runs (issue: refund preview).
  await clerk.locator('#refund-preview-button').click();
  await clerk.locator('#refund-preview').waitFor({ timeout: 20_000 });
  await clerk.locator('#refund-confirm').click();
  await clerk.locator('#refund-result').waitFor({ timeout: 20_000 });
  expect(digitsOf(await text(clerk, '#refund-points-returned'))).toBe(100);
  expect(digitsOf(await text(clerk, '#refund-points-clawed-back'))).toBe(49);
  await screenshot(clerk, '08-refund');
  expect((await e2e.me(memberApi.token)).points).toBe(100);
});
