import { fillTaroInput, phonePage, screenshot } from '../support/browser';
import { shanghaiToday, textOf, useE2eSuite } from '../support/e2e-suite';

/**
 * A member opens 我的 → 每日签到, checks in and sees today marked on the month calendar; then sends
 * 10 points to a friend by the friend's invitation code from 我的 → 积分转赠, and the friend has them.
 */
const suite = useE2eSuite(180_000);

test('When a member checks in and gifts points in the H5 app, Then the calendar marks today and the friend receives the points', async () => {
  const admin = await suite.e2e.adminToken('hq', 'hq-password-1');
  const friend = await suite.e2e.signIn('engage-friend');

  const member = await phonePage(suite.browser);
  await member.goto(suite.stack.appUrl('engage-member'));
  await member.locator('#member-code-digits').waitFor({ timeout: 30_000 });
  const me = await suite.e2e.signIn('engage-member');
  const adjust = await suite.e2e.api.post(
    `/api/admin/members/${me.member.id}/adjust`,
    { asset: 'POINTS', amount: 50, reason: '活动补发' },
    { token: admin, idempotencyKey: 'engage-e2e-adjust' },
  );
  expect(adjust.status).toBe(200);

  // 我的 → 每日签到
  await member.goto(suite.stack.appUrl(undefined).replace('#/pages/index/index', '#/pages/me/index'));
  await member.locator('#me-check-in').click();
  await member.locator('#check-in-button').waitFor({ timeout: 20_000 });
  expect(await textOf(member, '#check-in-button')).toBe('立即签到');
  await member.locator('#check-in-button').click();
  await member.locator('#check-in-message').waitFor({ timeout: 20_000 });
  expect(await textOf(member, '#check-in-message')).toBe('签到成功，获得 1 积分，已连续签到 1 天。');
  const today = `#check-in-day-${shanghaiToday()}`;
  await member.waitForFunction(
    (selector) => document.querySelector(selector)?.getAttribute('data-checked') === 'yes',
    today,
    {
      timeout: 20_000,
    },
  );
  expect(await textOf(member, '#check-in-streak')).toBe('已连续签到 1 天');
  expect(await textOf(member, '#check-in-button')).toBe('今日已签到');
  await screenshot(member, 'engage-check-in');

  // 我的 → 积分转赠
  await member.goto(suite.stack.appUrl(undefined).replace('#/pages/index/index', '#/pages/me/index'));
  await member.locator('#me-gift').click();
  await member.waitForFunction(
    () => document.querySelector('#gift-spendable')?.textContent?.includes('可用积分 51'),
    null,
    {
      timeout: 20_000,
    },
  );
  await fillTaroInput(member, 'gift-code', friend.member.referralCode);
  await fillTaroInput(member, 'gift-points', '10');
  await member.locator('#gift-send').click();
  await member.locator('.taro-model__confirm').waitFor({ timeout: 20_000 });
  await member.locator('.taro-model__confirm').click();
  await member.locator('#gift-sent').waitFor({ timeout: 20_000 });
  expect(await textOf(member, '#gift-sent')).toContain('已转赠 10 积分');
  expect(await textOf(member, '#gift-sent')).toContain('剩余可用 41 积分');
  // The member's own share card, for friends who want to give points back.
  expect(await textOf(member, '#gift-share')).toBe('分享我的收礼卡片');
  expect(await textOf(member, '#gift-my-code')).toContain(`你的邀请码 ${me.member.referralCode}`);
  await screenshot(member, 'engage-gift');

  expect((await suite.e2e.me(friend.token)).points).toBe(10);
  const audit = await suite.e2e.api.get('/api/admin/ledger/audit', admin);
  expect(audit.body.balanced).toBe(true);
});
