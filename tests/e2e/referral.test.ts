import type { Page } from 'playwright-core';
import { fillTaroInput, phonePage, screenshot } from '../support/browser';
import { keepScreenshot, pageAt, textOf, useE2eSuite } from '../support/e2e-suite';

/**
 * Referral end to end in a real browser: member A opens 邀请有礼 and its share link and poster;
 * member B opens the link in a fresh browser, signs in and is attributed to A; B buys ¥100.00 at
 * a store through the cashier's pages; A sees 500 points pending, then confirmed after the
 * confirm-rebates job. The manager sees the clerks' leaderboard.
 */
const suite = useE2eSuite(240_000);

const at = (hash: string) => pageAt(suite.stack, hash);

async function waitForText(page: Page, selector: string, pattern: RegExp) {
  await page.waitForFunction(
    ([sel, source]) => new RegExp(source).test(document.querySelector(sel)?.textContent ?? ''),
    [selector, pattern.source] as const,
    { timeout: 20_000 },
  );
}

test('When A shares 邀请有礼 and B joins through the link and buys, Then A sees the rebate pending, then confirmed', async () => {
  const admin = await suite.e2e.adminToken('hq', 'hq-password-1');
  const storeId = await suite.e2e.createStore(admin, 'REFA', '通卡 南京店');
  const clerkApi = await suite.e2e.signIn('e2e-ref-clerk');
  await suite.e2e.makeStaff(admin, storeId, clerkApi.token, 'clerk');
  const managerApi = await suite.e2e.signIn('e2e-ref-manager');
  await suite.e2e.makeStaff(admin, storeId, managerApi.token, 'manager');

  // A signs in, follows the card's banner to 邀请有礼, and makes the poster.
  const a = await phonePage(suite.browser);
  await a.goto(suite.stack.appUrl('e2e-ref-a'));
  await a.locator('#invite-banner').click({ timeout: 30_000 });
  await a.locator('#invite-code').waitFor({ timeout: 20_000 });
  const code = await textOf(a, '#invite-code');
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
  expect(await textOf(a, '#invite-share-path')).toContain(`/pages/index/index?r=${code}`);
  const link = await textOf(a, '#invite-share-link');
  expect(link).toContain(`#/pages/index/index?r=${code}`);
  expect(link).not.toContain('openid=');
  await a.locator('#invite-make-poster').click();
  await a.locator('#invite-poster').waitFor({ timeout: 20_000 });
  expect(await a.locator('#invite-poster img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  await screenshot(a, 'referral-poster');

  // B opens the link in a fresh browser (no session), chooses who to be, and lands on the card.
  const b = await phonePage(suite.browser);
  await b.goto(link);
  await fillTaroInput(b, 'openid-input', 'e2e-ref-b');
  await b.locator('#sign-in-button').click();
  await b.locator('#member-code-digits').waitFor({ timeout: 30_000 });
  const [joined] = await suite.stack.db.dataSource.query(
    'SELECT m.referrer_id FROM members m JOIN member_identities i ON i.member_id = m.id WHERE i.openid = ?',
    ['e2e-ref-b'],
  );
  const aApi = await suite.e2e.signIn('e2e-ref-a');
  expect(joined.referrer_id).toBe(aApi.member.id);

  // The clerk checks B out for ¥100.00 through the cashier's pages.
  const clerk = await phonePage(suite.browser);
  await clerk.goto(suite.stack.appUrl('e2e-ref-clerk'));
  await clerk.locator('#staff-entry').click({ timeout: 30_000 });
  await fillTaroInput(clerk, 'manual-code-input', await textOf(b, '#member-code-digits'));
  await clerk.locator('#manual-code-submit').click();
  await clerk.locator('#scanned-member').waitFor({ timeout: 20_000 });
  await clerk.locator('#go-checkout').click();
  await fillTaroInput(clerk, 'checkout-amount', '100.00');
  await clerk.locator('#preview-button').click();
  await clerk.locator('#confirm-sheet').waitFor({ timeout: 20_000 });
  await clerk.locator('#confirm-button').click();
  await clerk.locator('#receipt-checkout-id').waitFor({ timeout: 20_000 });

  // A's page: 5 % of ¥100.00 = 500 points, pending until the window is over.
  await a.reload();
  await a.locator('#invite-count').waitFor({ timeout: 20_000 });
  await waitForText(a, '#invite-pending', /500 积分/);
  expect(await textOf(a, '#invite-count')).toBe('1');
  expect(await textOf(a, '.tk-rebate__status')).toBe('待到账');
  expect(await textOf(a, '.tk-rebate')).toMatch(/预计 \d{4}-\d{2}-\d{2} 到账/);
  expect(await textOf(a, '.tk-invitee')).toContain('首单');
  await keepScreenshot(a, 'referral-invite');

  // HQ's job runs after the window: the rebate is in A's points.
  const asOf = new Date(Date.now() + 8 * 86_400_000).toISOString();
  const job = await suite.e2e.api.post('/api/admin/jobs/confirm-rebates/run', { asOf }, { token: admin });
  expect(job.body).toEqual({ job: 'confirm-rebates', processed: 1 });
  await a.reload();
  await waitForText(a, '#invite-confirmed', /500 积分/);
  expect(await textOf(a, '#invite-pending')).toBe('0');
  expect(await textOf(a, '.tk-rebate__status')).toBe('已到账');
  expect((await suite.e2e.me(aApi.token)).points).toBe(500);
  await screenshot(a, 'referral-invite-confirmed');

  // A customer signs up with the clerk's card; the manager's leaderboard counts it.
  await suite.e2e.signIn('e2e-ref-customer', clerkApi.member.referralCode);
  const manager = await phonePage(suite.browser);
  await manager.goto(suite.stack.appUrl('e2e-ref-manager'));
  await manager.locator('#member-code-digits').waitFor({ timeout: 30_000 });
  await manager.goto(at('#/pages/me/index'));
  await manager.locator('#leaderboard-entry').click({ timeout: 20_000 });
  await manager.locator('.tk-leader').first().waitFor({ timeout: 20_000 });
  expect(await textOf(manager, '.tk-leader__signups')).toBe('1 人注册');
  await keepScreenshot(manager, 'referral-leaderboard');
});
