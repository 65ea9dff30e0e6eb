import type { Page } from 'playwright-core';
import { ulid } from 'ulid';
import { fillTaroInput, phonePage, screenshot } from '../support/browser';
import { pageAt, useE2eSuite } from '../support/e2e-suite';

/**
 * The till and the card as people use them at the counter: every sale starts from an empty scan
 * page, a refund shows what it will do (the points debt included) before it runs, the member's
 * open card shows the points land without navigating, and a new clerk joins their store from the
 * app with an invite code.
 */
const suite = useE2eSuite(240_000);
let admin: string;
beforeAll(async () => {
  admin = await suite.e2e.adminToken('hq', 'hq-password-1');
});

// Taro H5 keeps the pages below the current one in the DOM, hidden: only what is on screen counts.
const shown = (page: Page, selector: string) => page.locator(`${selector}:visible`);
const text = async (page: Page, selector: string) => ((await shown(page, selector).first().textContent()) ?? '').trim();
const count = async (table: string, where = '1 = 1', params: unknown[] = []) =>
  Number((await suite.stack.db.dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, params))[0].n);
const pageUrl = (route: string) => pageAt(suite.stack, route);

/** A code the BFF accepts now (this step or one either side) that no scan has used yet: one code opens one scan. */
async function unusedCode(memberToken: string, used: string[]): Promise<string> {
  for (const offsetMs of [30_000, 0, -30_000]) {
    const code = await suite.e2e.memberCode(memberToken, Date.now() + offsetMs);
    if (!used.includes(code)) return code;
  }
  throw new Error('every acceptable code is used');
}

async function scanInBrowser(clerk: Page, code: string): Promise<void> {
  await shown(clerk, '#manual-code-input input').fill(code);
  await shown(clerk, '#manual-code-submit').click();
}

test('When a clerk sells, refunds and sells again, Then each sale starts empty, the refund previews first, and the open card shows the points land', async () => {
  const storeId = await suite.e2e.createStore(admin, 'TILL1', '通卡 南京店');
  const clerkApi = await suite.e2e.signIn('till-clerk');
  await suite.e2e.makeStaff(admin, storeId, clerkApi.token, 'clerk');

  // The member opens the card and leaves it open at the counter.
  const member = await phonePage(suite.browser);
  await member.goto(suite.stack.appUrl('till-member'));
  await shown(member, '#member-code-digits').waitFor({ timeout: 30_000 });
  await member.waitForFunction(() => document.querySelector('#member-points')?.textContent?.trim() === '0');
  const memberApi = await suite.e2e.signIn('till-member');

  // Sale 1 at the till: scan the code on the member's screen, ¥30.00.
  const clerk = await phonePage(suite.browser);
  await clerk.goto(suite.stack.appUrl('till-clerk'));
  await shown(clerk, '#staff-entry').click({ timeout: 30_000 });
  const usedCodes = [await text(member, '#member-code-digits')];
  await scanInBrowser(clerk, usedCodes[0]);
  await shown(clerk, '#scanned-member').waitFor({ timeout: 20_000 });
  await shown(clerk, '#go-checkout').click();
  await fillTaroInput(clerk, 'checkout-amount', '30.00');
  await shown(clerk, '#preview-button').click();
  await shown(clerk, '#confirm-button').click({ timeout: 20_000 });
  await shown(clerk, '#receipt-checkout-id').waitFor({ timeout: 20_000 });

  // The card, never navigated, shows the 30 points and says they arrived.
  await member.waitForFunction(() => document.querySelector('#member-points')?.textContent?.trim() === '30', null, {
    timeout: 20_000,
  });
  expect(await text(member, '#points-arrived')).toBe('积分到账 +30');
  await screenshot(member, 'till-card-points-arrived');

  // "继续收银": an empty scan page, not the last member with a live 收银结账.
  await shown(clerk, '#receipt-next').click();
  await shown(clerk, '#manual-code-input').waitFor({ timeout: 20_000 });
  await clerk.waitForTimeout(300);
  expect(await shown(clerk, '#scanned-member').count()).toBe(0);
  expect(await shown(clerk, '#go-checkout').count()).toBe(0);
  await screenshot(clerk, 'till-next-sale-empty');

  // Scan again (the next code step, still accepted), then Back from the checkout page: empty again.
  usedCodes.push(await unusedCode(memberApi.token, usedCodes));
  await scanInBrowser(clerk, usedCodes[1]);
  await shown(clerk, '#scanned-member').waitFor({ timeout: 20_000 });
  await shown(clerk, '#go-checkout').click();
  await shown(clerk, '#checkout-amount').waitFor({ timeout: 20_000 });
  await clerk.goBack();
  await shown(clerk, '#manual-code-input').waitFor({ timeout: 20_000 });
  await clerk.waitForTimeout(300);
  expect(await shown(clerk, '#scanned-member').count()).toBe(0);

  // A failed scan shows its error alone.
  await scanInBrowser(clerk, '661234567800000000');
  await shown(clerk, '#scan-error').waitFor({ timeout: 20_000 });
  expect(await shown(clerk, '#scanned-member').count()).toBe(0);
  expect(await shown(clerk, '#go-checkout').count()).toBe(0);

  // The member spends 20 of the 30 points elsewhere in the order flow (¥1.00, 20 points off),
  // so refunding sale 1 must claw back 30 and can find only 10: a debt of 20.
  const scan = await suite.e2e.api.post(
    `/api/stores/${storeId}/scan`,
    { code: await unusedCode(memberApi.token, usedCodes) },
    { token: clerkApi.token },
  );
  const spend = await suite.e2e.api.post(
    `/api/stores/${storeId}/checkouts`,
    { scanId: scan.body.scanId, orderRef: `TILL-${ulid()}`, amountFen: 100, redeemPoints: 20 },
    { token: clerkApi.token, idempotencyKey: ulid() },
  );
  expect(spend.status).toBe(201);

  // The day list: newest first, refund of the ¥30.00 sale previews before it runs.
  await shown(clerk, '#go-today').click();
  await shown(clerk, '.tk-checkout-item').nth(1).waitFor({ timeout: 20_000 });
  expect(await text(clerk, '.tk-checkout-item .tk-list-item__amount--minus')).toBe('¥1.00');
  await shown(clerk, '.tk-refund-button').nth(1).click();
  await shown(clerk, '#refund-preview-button').click();
  await shown(clerk, '#refund-preview').waitFor({ timeout: 20_000 });
  expect(await count('checkout_refunds')).toBe(0);
  expect(await text(clerk, '#refund-preview-points-debt')).toBe('20');
  expect(await text(clerk, '#refund-preview-points-effect')).toContain('还差 20 积分，记为积分欠款');
  await screenshot(clerk, 'till-refund-preview');
  await shown(clerk, '#refund-confirm').click();
  await shown(clerk, '#refund-result').waitFor({ timeout: 20_000 });
  expect(await count('checkout_refunds')).toBe(1);
  // The totals behind the open sheet already count the refund.
  await clerk.waitForFunction(() => document.querySelector('#today-refunded')?.textContent?.trim() === '¥30.00', null, {
    timeout: 20_000,
  });
  await screenshot(clerk, 'till-refund-done');
  expect(await suite.e2e.me(memberApi.token)).toMatchObject({ points: 0, pointsDebt: 20 });
});

test('When a new clerk enters an invite code on the me page, Then the store appears and the till opens', async () => {
  const storeA = await suite.e2e.createStore(admin, 'TILL2', '通卡 苏州店');
  const storeB = await suite.e2e.createStore(admin, 'TILL3', '通卡 无锡店');
  const byCode = await suite.e2e.api.post(
    `/api/admin/stores/${storeA}/staff-invites`,
    { role: 'clerk' },
    { token: admin },
  );
  const byQr = await suite.e2e.api.post(
    `/api/admin/stores/${storeB}/staff-invites`,
    { role: 'manager' },
    { token: admin },
  );

  const page = await phonePage(suite.browser);
  await page.goto(suite.stack.appUrl('till-new-clerk'));
  await shown(page, '#member-code-digits').waitFor({ timeout: 30_000 });
  await page.goto(pageUrl('pages/me/index'));
  await fillTaroInput(page, 'invite-code-input', byCode.body.inviteCode);
  await shown(page, '#invite-bind-button').click();
  await page.waitForFunction(() => /绑定成功/.test(document.querySelector('#invite-result')?.textContent ?? ''), null, {
    timeout: 20_000,
  });
  expect(await text(page, '#invite-result')).toContain('通卡 苏州店');
  expect(await text(page, '#me-stores')).toContain('通卡 苏州店');
  await screenshot(page, 'till-invite-bound');

  // "扫码绑定": the browser stand-in asks for the QR's text (a link carrying the invite).
  page.once('dialog', (dialog) => dialog.accept(`https://tongka.example/staff?invite=${byQr.body.inviteCode}`));
  await shown(page, '#invite-scan-button').click();
  await page.waitForFunction(() => /无锡店/.test(document.querySelector('#me-stores')?.textContent ?? ''), null, {
    timeout: 20_000,
  });
  expect(await text(page, '#invite-result')).toContain('店长');
  const roles = await suite.stack.db.dataSource.query(
    `SELECT r.store_id, r.role FROM staff_roles r JOIN member_identities i ON i.member_id = r.member_id
      WHERE i.openid = ? ORDER BY r.role`,
    ['till-new-clerk'],
  );
  expect(roles).toEqual([
    { store_id: storeA, role: 'clerk' },
    { store_id: storeB, role: 'manager' },
  ]);

  // A page outside the tab bar has its title and a way back in the H5 build.
  await shown(page, '#me-bind-phone').click();
  await shown(page, '#bind-phone-why').waitFor({ timeout: 20_000 });
  // The bar's title follows the page once its slide-in ends.
  await page.waitForFunction(
    () => document.querySelector('.taro-navigation-bar-title')?.textContent?.trim() === '绑定手机号',
    null,
    { timeout: 20_000 },
  );
  await shown(page, '.taro-navigation-bar-back').click();
  await shown(page, '#invite-code-input').waitFor({ timeout: 20_000 });

  // "切换演示用户" really switches, although the page URL named this user.
  await page.goto(suite.stack.appUrl('till-new-clerk').replace('#/pages/index/index', '#/pages/me/index'));
  await shown(page, '#switch-user-button').click({ timeout: 20_000 });
  await shown(page, '#openid-input').waitFor({ timeout: 20_000 });
  expect(page.url()).not.toContain('openid=');
});

test('When a deduction is above the HQ limit, Then the till waits for the member, who approves on the open card, and the checkout completes', async () => {
  const storeId = await suite.e2e.createStore(admin, 'TILL4', '通卡 杭州店');
  const clerkApi = await suite.e2e.signIn('approval-clerk');
  await suite.e2e.makeStaff(admin, storeId, clerkApi.token, 'clerk');
  // More than 10 points needs the member (the last test of the file: the rule is HQ-wide).
  await suite.e2e.api.put(
    '/api/admin/member-approval-rule',
    { pointsAbove: 10, storedValueAboveFen: 50_000 },
    { token: admin },
  );

  const member = await phonePage(suite.browser);
  await member.goto(suite.stack.appUrl('approval-member'));
  await shown(member, '#member-code-digits').waitFor({ timeout: 30_000 });
  const memberApi = await suite.e2e.signIn('approval-member');
  await suite.e2e.checkout(clerkApi.token, storeId, memberApi.token, 5_000); // 50 points to spend

  const clerk = await phonePage(suite.browser);
  await clerk.goto(suite.stack.appUrl('approval-clerk'));
  await shown(clerk, '#staff-entry').click({ timeout: 30_000 });
  await scanInBrowser(clerk, await text(member, '#member-code-digits'));
  await shown(clerk, '#go-checkout').click({ timeout: 20_000 });
  await fillTaroInput(clerk, 'checkout-amount', '20.00');
  await fillTaroInput(clerk, 'redeem-points', '40');
  await shown(clerk, '#preview-button').click();
  await shown(clerk, '#ask-member-approval').click({ timeout: 20_000 });
  await shown(clerk, '#member-approval-status').waitFor({ timeout: 20_000 });
  expect(await text(clerk, '#member-approval-status')).toMatch(/^等待会员确认/);

  // The open card shows the request on its next refresh; the member approves.
  await shown(member, '#member-approval-sheet').waitFor({ timeout: 20_000 });
  expect(await text(member, '#approval-store')).toBe('通卡 杭州店');
  expect(await text(member, '#approval-points')).toBe('40 积分');
  await screenshot(member, 'till-card-approval-sheet');
  await shown(member, '#approval-approve').click();

  await clerk.waitForFunction(
    () => document.querySelector('#member-approval-status')?.textContent?.trim() === '已同意',
    null,
    {
      timeout: 20_000,
    },
  );
  await screenshot(clerk, 'till-member-approved');
  await shown(clerk, '#confirm-button').click();
  await shown(clerk, '#receipt-checkout-id').waitFor({ timeout: 20_000 });
  // 40 points spent (¥0.40 at 100 points a yuan), + 19 for the ¥19.60 paid in cash.
  expect(await suite.e2e.me(memberApi.token)).toMatchObject({ points: 50 - 40 + 19 });
});
