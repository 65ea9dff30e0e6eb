import { fillTaroInput, phonePage, screenshot } from '../support/browser';
import { shanghaiToday, textOf, useE2eSuite } from '../support/e2e-suite';

/**
 * A member tops up ¥100 in the H5 app (the fake WeChat server's pay control stands in for the
 * wallet and notifies the BFF as WeChat Pay does), gets HQ's ¥10 bonus, sees it on the card and in
 * the history; a cashier at another store takes ¥80 of it as payment; HQ's settlement statement
 * shows the issuing store owing the store that served the member.
 */
const suite = useE2eSuite(180_000);

test('When a member tops up ¥100 with a bonus in the H5 app, Then the card shows it, another store takes it, and the issuer owes that store', async () => {
  const admin = await suite.e2e.adminToken('hq', 'hq-password-1');
  const storeA = await suite.e2e.createStore(admin, 'PAYA', '通卡 上海店');
  const storeB = await suite.e2e.createStore(admin, 'PAYB', '通卡 杭州店');
  const rule = await suite.e2e.api.put(
    '/api/admin/topup-rule',
    {
      minFen: 100,
      maxFen: 500_000,
      presetsFen: [5_000, 10_000, 20_000, 50_000],
      bonuses: [
        { thresholdFen: 10_000, bonusFen: 1_000 },
        { thresholdFen: 50_000, bonusFen: 5_000 },
      ],
    },
    { token: admin },
  );
  expect(rule.status).toBe(200);
  const clerkB = await suite.e2e.signIn('pay-clerk-b');
  await suite.e2e.makeStaff(admin, storeB, clerkB.token, 'clerk');

  // The member opens the card and taps the stored-value balance.
  const member = await phonePage(suite.browser);
  await member.goto(suite.stack.appUrl('pay-member'));
  await member.locator('#member-code-digits').waitFor({ timeout: 30_000 });
  await member.locator('#member-stored-value-topup').click();
  await member.locator('#topup-amount-10000').waitFor({ timeout: 20_000 });
  expect(await textOf(member, '#topup-amount-10000')).toContain('送 ¥10.00');
  await member.locator('#topup-amount-10000').click();
  await member.locator(`#topup-store-${storeA}`).click();
  expect(await textOf(member, '#topup-pay')).toContain('微信支付 ¥100.00（到账 ¥110.00）');
  await screenshot(member, 'pay-topup');

  // The wallet: the H5 stand-in asks for confirmation, then the fake WeChat Pay notifies the BFF.
  await member.locator('#topup-pay').click();
  await member.locator('.taro-model__confirm').waitFor({ timeout: 20_000 });
  await screenshot(member, 'pay-wallet');
  await member.locator('.taro-model__confirm').click();
  await member.locator('#topup-result-paid').waitFor({ timeout: 30_000 });
  expect(await textOf(member, '#topup-result-amount')).toBe('¥100.00');
  expect(await textOf(member, '#topup-result-bonus')).toContain('¥10.00');
  await screenshot(member, 'pay-result');

  await member.locator('#topup-result-card').click();
  await member.locator('#member-code-digits').waitFor({ timeout: 20_000 });
  await member.waitForFunction(
    () => document.querySelector('#member-stored-value')?.textContent?.includes('110.00'),
    undefined,
    { timeout: 20_000 },
  );
  await screenshot(member, 'pay-card');

  // A cashier at store B takes ¥80.00 of it as payment (typing the code into manual entry).
  const clerk = await phonePage(suite.browser);
  await clerk.goto(suite.stack.appUrl('pay-clerk-b'));
  await clerk.locator('#staff-entry').click({ timeout: 30_000 });
  await fillTaroInput(clerk, 'manual-code-input', await textOf(member, '#member-code-digits'));
  await clerk.locator('#manual-code-submit').click();
  await clerk.locator('#scanned-member').waitFor({ timeout: 20_000 });
  await clerk.locator('#go-checkout').click();
  await fillTaroInput(clerk, 'checkout-amount', '80.00');
  await fillTaroInput(clerk, 'stored-value', '80.00');
  await clerk.locator('#preview-button').click();
  await clerk.locator('#confirm-sheet').waitFor({ timeout: 20_000 });
  await clerk.locator('#confirm-button').click();
  await clerk.locator('#receipt-checkout-id').waitFor({ timeout: 20_000 });
  expect(await textOf(clerk, '#receipt-stored-value')).toContain('80.00');
  expect(await textOf(clerk, '#receipt-member-stored-value')).toContain('30.00');

  // The member's history: the top-up and HQ's bonus as their own lines, then the payment at B.
  await member.goto(suite.stack.appUrl(undefined).replace('#/pages/index/index', '#/pages/history/index'));
  await member.locator('#history-tab-CNY').click({ timeout: 20_000 });
  await member.waitForFunction(
    () => document.querySelectorAll('#history-list .tk-ledger-item').length >= 3,
    undefined,
    {
      timeout: 20_000,
    },
  );
  const lines = await member.locator('#history-list .tk-ledger-item').allTextContents();
  expect(lines[0]).toContain('储值支付');
  expect(lines[1]).toContain('充值赠送');
  expect(lines[1]).toContain('+¥10.00');
  expect(lines[2]).toContain('储值充值');
  expect(lines[2]).toContain('+¥100.00');
  await screenshot(member, 'pay-history');

  // Settlement: the paid value was issued by store A and spent at B, so A owes B ¥80.00.
  const today = shanghaiToday();
  const statement = await suite.e2e.api.get(`/api/admin/settlements?from=${today}&to=${today}`, admin);
  expect(statement.body.items).toContainEqual(
    expect.objectContaining({ fromStoreId: storeA, toStoreId: storeB, storedValueFen: 8_000, netFen: 8_000 }),
  );
});
