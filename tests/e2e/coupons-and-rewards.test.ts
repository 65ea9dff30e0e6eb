import type { Page } from 'playwright-core';
import { fillTaroInput, phonePage, screenshot } from '../support/browser';
import { keepScreenshot, pageAt, textOf, useE2eSuite } from '../support/e2e-suite';

/**
 * Coupons and rewards in a real browser: a member claims a coupon in the coupon centre, the
 * cashier picks it at checkout and the receipt shows the discount; the member exchanges a reward
 * and a clerk at another store hands it over with the pickup code.
 */
const suite = useE2eSuite(180_000);

const at = (path: string) => pageAt(suite.stack, path);

async function failWith<T>(page: Page, name: string, work: Promise<T>): Promise<T> {
  return work.catch(async (error) => {
    await screenshot(page, `failed-${name}`);
    throw error;
  });
}

test('When a member claims in the coupon centre, Then the cashier applies it at checkout and the receipt shows the discount', async () => {
  const admin = await suite.e2e.adminToken('hq', 'hq-password-1');
  const storeA = await suite.e2e.createStore(admin, 'CPA', '通卡 南京店');
  const clerkA = await suite.e2e.signIn('cp-clerk-a');
  await suite.e2e.makeStaff(admin, storeA, clerkA.token, 'clerk');
  const template = await suite.e2e.api.post(
    '/api/admin/coupon-templates',
    {
      name: '满50减10元',
      type: 'AMOUNT_OFF',
      thresholdFen: 5_000,
      valueFen: 1_000,
      validDays: 7,
      stock: 100,
      perMemberLimit: 1,
      claimable: true,
    },
    { token: admin },
  );
  expect(template.status).toBe(201);
  await suite.e2e.api.post(
    '/api/admin/coupon-templates',
    {
      name: '满200享8折',
      type: 'PERCENT_OFF',
      thresholdFen: 20_000,
      percentOff: 20,
      maxDiscountFen: 5_000,
      validDays: 7,
      claimable: true,
    },
    { token: admin },
  );

  const member = await phonePage(suite.browser);
  await member.goto(suite.stack.appUrl('cp-member'));
  await member.locator('#member-code-digits').waitFor({ timeout: 30_000 });
  await member.locator('#card-open-coupon-center').click();
  await failWith(member, 'coupon-center', member.locator(`#claim-${template.body.id}`).waitFor({ timeout: 20_000 }));
  await member.locator(`#claim-${template.body.id}`).click();
  await member.locator('#coupon-center-message').waitFor({ timeout: 20_000 });
  expect(await textOf(member, '#coupon-center-message')).toContain('已领取');
  await keepScreenshot(member, 'coupons-01-center');
  await member.locator('#center-open-my-coupons').click();
  await failWith(member, 'my-coupons', member.locator('[id^="my-coupon-"]').first().waitFor({ timeout: 20_000 }));
  await keepScreenshot(member, 'coupons-02-my-coupons');
  await member.locator('[id^="my-coupon-"]').first().click();
  await member.locator('#coupon-code-digits').waitFor({ timeout: 20_000 });
  const couponCode = await textOf(member, '#coupon-code-digits');
  expect(couponCode).toMatch(/^9\d{15}$/);
  await keepScreenshot(member, 'coupons-03-detail');
  // 赠送好友 opens the gift page (not sent here: the coupon is used at the till below).
  await member.locator('#coupon-detail-gift').click();
  await member.locator('#coupon-gift-code').waitFor({ timeout: 20_000 });
  expect(await textOf(member, '#coupon-gift-name')).toBe('满50减10元');
  await keepScreenshot(member, 'coupons-10-gift');

  // The card counts it and its line leads to my coupons.
  await member.goto(at('pages/card/index'));
  await member.waitForFunction(() => document.querySelector('#member-coupons')?.textContent?.trim() === '1', null, {
    timeout: 20_000,
  });
  const memberCode = await textOf(member, '#member-code-digits');

  const clerk = await phonePage(suite.browser);
  await clerk.goto(suite.stack.appUrl('cp-clerk-a'));
  await clerk.locator('#staff-entry').click({ timeout: 30_000 });
  await fillTaroInput(clerk, 'manual-code-input', memberCode);
  await clerk.locator('#manual-code-submit').click();
  await failWith(clerk, 'coupon-scan', clerk.locator('#scanned-member').waitFor({ timeout: 20_000 }));
  await clerk.locator('#go-checkout').click();
  await fillTaroInput(clerk, 'checkout-amount', '40.00');
  await clerk.locator(`#coupon-why-${couponCode}`).waitFor({ timeout: 20_000 });
  expect(await textOf(clerk, `#coupon-why-${couponCode}`)).toContain('未满 ¥50.00');
  await fillTaroInput(clerk, 'checkout-amount', '88.00');
  await clerk.locator(`#coupon-${couponCode}`).click();
  await keepScreenshot(clerk, 'coupons-04-picker');
  await clerk.locator('#preview-button').click();
  await failWith(clerk, 'coupon-preview', clerk.locator('#confirm-sheet').waitFor({ timeout: 20_000 }));
  expect(await textOf(clerk, '#preview-coupon-discount')).toBe('-¥10.00');
  await clerk.locator('#confirm-button').click();
  await clerk.locator('#receipt-checkout-id').waitFor({ timeout: 20_000 });
  expect(await textOf(clerk, '#receipt-coupon-discount')).toBe('-¥10.00');
  expect(await textOf(clerk, '#receipt-cash-due')).toContain('78.00');
  await keepScreenshot(clerk, 'coupons-05-receipt');

  const memberApi = await suite.e2e.signIn('cp-member');
  expect((await suite.e2e.me(memberApi.token)).couponsAvailable).toBe(0);
});

test('When a member exchanges a reward, Then a clerk at another store verifies the pickup once', async () => {
  const admin = await suite.e2e.adminToken('hq', 'hq-password-1');
  const storeA = await suite.e2e.createStore(admin, 'RWA', '通卡 苏州店');
  const storeB = await suite.e2e.createStore(admin, 'RWB', '通卡 无锡店');
  const clerkA = await suite.e2e.signIn('rw-clerk-a');
  await suite.e2e.makeStaff(admin, storeA, clerkA.token, 'clerk');
  const clerkB = await suite.e2e.signIn('rw-clerk-b');
  await suite.e2e.makeStaff(admin, storeB, clerkB.token, 'clerk');
  const reward = await suite.e2e.api.post(
    '/api/admin/rewards',
    {
      name: '品牌帆布袋',
      description: '限量款',
      pointsPrice: 60,
      stock: 5,
      perMemberLimit: 2,
      storeIds: [storeA, storeB],
    },
    { token: admin },
  );
  expect(reward.status).toBe(201);

  const memberApi = await suite.e2e.signIn('rw-member');
  await suite.e2e.checkout(clerkA.token, storeA, memberApi.token, 20_000); // 200 points earned at store A
  const member = await phonePage(suite.browser);
  await member.goto(suite.stack.appUrl('rw-member'));
  await member.locator('#member-code-digits').waitFor({ timeout: 30_000 });
  await member.locator('#card-open-rewards').click();
  await failWith(member, 'rewards', member.locator(`#exchange-${reward.body.id}`).waitFor({ timeout: 20_000 }));
  await member.waitForFunction(
    () => document.querySelector('#rewards-my-points')?.textContent?.trim() === '200',
    null,
    {
      timeout: 20_000,
    },
  );
  await keepScreenshot(member, 'coupons-06-rewards');
  await member.locator(`#exchange-${reward.body.id}`).click();
  await member.locator('#confirm-exchange').waitFor({ timeout: 20_000 });
  await member.locator('#quantity-plus').click();
  expect(await textOf(member, '#exchange-price')).toContain('120 积分');
  await member.locator('#confirm-exchange').click();
  await failWith(member, 'exchange', member.locator('#exchange-pickup-code').waitFor({ timeout: 20_000 }));
  const pickupCode = await textOf(member, '#exchange-pickup-code');
  expect(pickupCode).toMatch(/^8\d{11}$/);
  await keepScreenshot(member, 'coupons-07-exchanged');
  expect((await suite.e2e.me(memberApi.token)).points).toBe(80);

  const clerk = await phonePage(suite.browser);
  await clerk.goto(suite.stack.appUrl('rw-clerk-b'));
  await clerk.locator('#staff-entry').click({ timeout: 30_000 });
  await clerk.locator('#go-verify').click();
  await fillTaroInput(clerk, 'verify-code', pickupCode);
  await clerk.locator('#verify-submit').click();
  await failWith(clerk, 'verify', clerk.locator('#verify-result').waitFor({ timeout: 20_000 }));
  expect(await textOf(clerk, '#verify-result')).toContain('品牌帆布袋 × 2');
  await keepScreenshot(clerk, 'coupons-08-pickup-verified');
  // A second try of the same code is refused in Chinese.
  await fillTaroInput(clerk, 'verify-code', pickupCode);
  await clerk.locator('#verify-submit').click();
  await clerk.waitForFunction(
    () => document.querySelector('#verify-result')?.textContent?.includes('已经领取过'),
    null,
    {
      timeout: 20_000,
    },
  );

  await member.goto(at('member/pages/pickups/index'));
  await member.locator('[id^="my-pickup-"]').first().waitFor({ timeout: 20_000 });
  expect(await textOf(member, '[id^="my-pickup-"]')).toContain('已领取');
  await keepScreenshot(member, 'coupons-09-my-pickups');
  const [line] = await suite.stack.db.dataSource.query(
    "SELECT from_store_id, to_store_id, points FROM settlement_lines WHERE cause_type = 'pickup'",
  );
  expect(line).toMatchObject({ from_store_id: storeA, to_store_id: storeB });
  expect(Number(line.points)).toBe(120);
});
