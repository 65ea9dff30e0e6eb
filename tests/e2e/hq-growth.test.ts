import type { Browser, Page } from 'playwright-core';
import { hqConsoleDir } from '../../bff/src/http/hq-console';
import type { FakeWechat } from '../../scripts/src/fake-wechat';
import { bffSettingsFor } from '../../scripts/src/fake-wechat/bff-settings';
import { launchBrowser, screenshot } from '../support/browser';
import { bootBffWithFakeWechat, signInMember, startTestFakeWechat } from '../support/identity-fixtures';
import { newKey } from '../support/instore-fixtures';
import type { TestBff } from '../support/test-bff';

jest.setTimeout(180_000);

/**
 * The HQ console's growth pages in Chromium at 1280 px against the real BFF: the referral rule and
 * a "充500送50" top-up bonus set in forms and read back through the API, a referrer held for review
 * rejected, a paid top-up refunded; the member activity rules read; a store's POS key issued (its
 * secret shown once), listed, and revoked; a finance user sees the referral report only.
 */
let bff: TestBff;
let fake: FakeWechat;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!hqConsoleDir()) throw new Error('hq/dist is missing: run `npm run build:hq` first');
  // The fake WeChat server stands in for WeChat Pay too, so a top-up can be paid and refunded.
  fake = await startTestFakeWechat();
  ({ bff } = await bootBffWithFakeWechat({
    fake,
    config: { ...bffSettingsFor(fake), ADMIN_USERNAME: 'hq', ADMIN_PASSWORD: 'hq-password-1' },
  }));
  bff.config.WECHATPAY_NOTIFY_URL = `${bff.url}/api/pay/notify`;
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`[browser] ${error.stack ?? error.message}\n`));
});
afterAll(async () => {
  await browser?.close();
  await bff?.close();
  await fake?.close();
});

const menu = (name: string) => page.getByRole('menuitem', { name, exact: true }).click();
const button = (name: string) => page.getByRole('button', { name, exact: true });
const confirmDialog = (ok: string) =>
  page.locator('.ant-modal-confirm').getByRole('button', { name: ok, exact: true }).click();
const adminToken = async () =>
  (await bff.api.post('/api/admin/login', { username: 'hq', password: 'hq-password-1' })).body.token;

/** Screenshots without the "已保存" toasts over the page. */
async function shot(name: string): Promise<void> {
  for (const notice of await page.locator('.ant-message-notice').all()) await notice.waitFor({ state: 'detached' });
  await screenshot(page, name);
}

async function signIn(username: string, password: string): Promise<void> {
  await page.goto(`${bff.url}/hq/`);
  await page.evaluate(() => sessionStorage.clear());
  await page.goto(`${bff.url}/hq/`);
  await page.locator('#hq-username').fill(username);
  await page.locator('#hq-password').fill(password);
  await button('登录').click();
  await page.getByRole('menuitem', { name: '数据概览' }).waitFor();
}

test('When HQ sets the referral rule and a 充500送50 bonus in the console, Then the API answers exactly those rules, a held referrer is rejected, and a paid top-up is refunded', async () => {
  await signIn('hq', 'hq-password-1');

  // Referral: 8% to the referrer, 2% to theirs, confirmed after 14 days, at most 3,000 points a month.
  await menu('推荐有礼');
  await page.getByTestId('referral-rule-version').filter({ hasText: '系统默认' }).waitFor();
  await page.locator('#referral-level1').fill('8');
  await page.locator('#referral-level2').fill('2');
  await page.locator('#referral-window').fill('14');
  await page.locator('#referral-cap').fill('3000');
  await page.getByTestId('save-referral-rule').click();
  await confirmDialog('保存');
  await page.getByTestId('referral-rule-version').filter({ hasText: '第 1 版' }).waitFor();
  await shot('hq-referral');
  const admin = await adminToken();
  const referral = await bff.api.get('/api/admin/referral-rule', admin);
  expect(referral.body.rule).toEqual({
    level1Bps: 800,
    level2Bps: 200,
    asset: 'POINTS',
    windowDays: 14,
    monthlyCapPerReferrer: 3000,
    velocity: { maxPerHour: 10, maxPerDay: 50 },
  });

  // Two newcomers through one referrer's link on one device: the referrer waits in the review queue; HQ rejects.
  const referrer = await signInMember(bff, fake, { openid: 'hq-growth-referrer' });
  for (const openid of ['hq-growth-invitee-1', 'hq-growth-invitee-2']) {
    const code = fake.issueLoginCode(openid);
    const login = await bff.api.post('/api/auth/wechat-login', {
      code,
      referralCode: referrer.member.referralCode,
      deviceId: 'hq-growth-shared-device',
    });
    expect(login.status).toBe(200);
  }
  await page.getByRole('tab', { name: '风险审核' }).click();
  const review = page.getByRole('row', { name: new RegExp(referrer.memberId) });
  await review.getByText('多个新会员共用设备').waitFor();
  await review.getByRole('button', { name: '驳回', exact: true }).click();
  await page.locator('#review-note').fill('同一设备批量注册');
  await confirmDialog('驳回');
  await review.waitFor({ state: 'detached' });
  const rejected = await bff.api.get('/api/admin/referrals/review?status=rejected', admin);
  expect(rejected.body.items).toHaveLength(1);
  expect(rejected.body.items[0]).toMatchObject({ referrerId: referrer.memberId, status: 'rejected' });
  expect((await bff.api.get('/api/admin/referrals/review', admin)).body.items).toEqual([]);

  // Stored value: ¥1.00 – ¥5,000.00 a top-up, one bonus step of ¥50.00 from ¥500.00.
  await menu('储值');
  await page.getByTestId('topup-rule-version').filter({ hasText: '系统默认' }).waitFor();
  await page.locator('#topup-max').fill('5000');
  await button('添加赠送档位').click();
  await page.locator('#topup-threshold-0').fill('500');
  await page.locator('#topup-bonus-0').fill('50');
  await page.getByTestId('save-topup-rule').click();
  await confirmDialog('保存');
  await page.getByTestId('topup-rule-version').filter({ hasText: '第 1 版' }).waitFor();
  const topup = await bff.api.get('/api/admin/topup-rule', admin);
  expect(topup.body.rule).toEqual({
    minFen: 100,
    maxFen: 500_000,
    presetsFen: [5_000, 10_000, 20_000, 50_000],
    bonuses: [{ thresholdFen: 50_000, bonusFen: 5_000 }],
  });
  expect(topup.body.version).toBe(1);

  // A member tops up ¥500.00 and pays: the new step gives ¥50.00. HQ refunds it from the list.
  const member = await signInMember(bff, fake, { openid: 'hq-growth-member' });
  const started = await bff.api.post(
    '/api/pay/topups',
    { amountFen: 50_000 },
    { token: member.token, idempotencyKey: newKey() },
  );
  expect(started.status).toBe(201);
  expect(started.body.bonusFen).toBe(5_000);
  await fake.pay(started.body.outTradeNo, { awaitDelivery: true });
  await page.reload();
  const row = page.getByRole('row', { name: new RegExp(started.body.outTradeNo) });
  await row.getByText('已支付').waitFor();
  await row.getByText('¥500.00').waitFor();
  await row.getByText('¥50.00').waitFor();
  await row.getByRole('button', { name: '退款', exact: true }).click();
  await page.locator('#refund-reason').fill('会员申请退卡');
  await confirmDialog('确认退款');
  await row.getByText(/退款中|已退款/).waitFor();
  await row.getByText('退 ¥500.00').waitFor();
  await row.getByText('作废赠送 ¥50.00').waitFor();
  expect(await row.getByRole('button', { name: '退款', exact: true }).count()).toBe(0);
  await shot('hq-topup');
  const refunded = await bff.api.get(`/api/admin/topups/${started.body.topupId}`, admin);
  expect(refunded.body.refund).toMatchObject({ refundFen: 50_000, bonusForfeitedFen: 5_000 });
});

test('When HQ issues a POS key and adds a webhook, Then each secret shows once, the key is listed once and revoked, the webhook removed', async () => {
  const admin = await adminToken();
  const store = await bff.api.post('/api/admin/stores', { code: 'POS-001', name: '通卡 南京西路店' }, { token: admin });
  expect(store.status).toBe(201);
  await signIn('hq', 'hq-password-1');
  // 会员活动 reads its five rules (the built-in defaults on a new chain).
  await menu('会员活动');
  for (const id of [
    'check-in-rule',
    'member-gift-rule',
    'points-gift-rule',
    'staff-sale-rule',
    'member-approval-rule',
  ]) {
    await page.getByTestId(`${id}-version`).filter({ hasText: '系统默认' }).waitFor();
  }
  expect(await page.locator('#staff-sale-approval').inputValue()).toBe('100.00');
  // The member-approval rule: defaults 50,000 points and ¥500.00; saved as 800 points and ¥300.00.
  expect(await page.locator('#member-approval-points').inputValue()).toBe('50000');
  expect(await page.locator('#member-approval-stored-value').inputValue()).toBe('500.00');
  await page.locator('#member-approval-points').fill('800');
  await page.locator('#member-approval-stored-value').fill('300');
  await page.getByTestId('save-member-approval-rule').click();
  await confirmDialog('保存');
  await page.getByTestId('member-approval-rule-version').filter({ hasText: '第 1 版' }).waitFor();
  expect((await bff.api.get('/api/admin/member-approval-rule', admin)).body.rule).toEqual({
    pointsAbove: 800,
    storedValueAboveFen: 30_000,
  });
  await shot('hq-engagement');
  await menu('POS 接入');
  await page.locator('.ant-select-selection-item', { hasText: '通卡 南京西路店' }).waitFor();
  await button('签发密钥').click();
  await page.locator('#pos-key-name').fill('1号收银机');
  await button('签发').click();
  const secret = ((await page.getByTestId('secret-once').textContent()) ?? '').trim();
  expect(secret.length).toBeGreaterThan(16);
  await shot('hq-pos-key-issued');
  await button('我已妥善保存').click();
  const row = page.getByRole('row', { name: /1号收银机/ });
  await row.getByText('使用中').waitFor();
  expect(await row.count()).toBe(1);
  expect(await page.getByText(secret).count()).toBe(0);

  const keys = await bff.api.get(`/api/admin/stores/${store.body.id}/api-keys`, admin);
  expect(keys.body.items).toHaveLength(1);
  expect(keys.body.items[0]).toMatchObject({ name: '1号收银机', lastUsedAt: null, revokedAt: null });
  expect(JSON.stringify(keys.body)).not.toContain(secret);

  await row.getByRole('button', { name: '停用' }).click();
  await confirmDialog('停用');
  await row.getByText('已停用').waitFor();

  // A chain-wide webhook receiver: its signing secret shown once, then listed, then removed.
  await button('添加推送地址').click();
  await page.locator('#webhook-url').fill('https://pos.example.com/tongka');
  await button('添加').click();
  expect(((await page.getByTestId('secret-once').textContent()) ?? '').trim().length).toBeGreaterThan(16);
  await button('我已妥善保存').click();
  const hook = page.getByRole('row', { name: /pos\.example\.com/ });
  await hook.getByText('全部门店').waitFor();
  expect((await bff.api.get('/api/admin/webhooks', admin)).body.items).toMatchObject([
    { url: 'https://pos.example.com/tongka', storeId: null },
  ]);
  await shot('hq-pos');
  await hook.getByRole('button', { name: '删除', exact: true }).click();
  await confirmDialog('删除');
  await hook.waitFor({ state: 'detached' });
  expect((await bff.api.get('/api/admin/webhooks', admin)).body.items).toEqual([]);
  const after = await bff.api.get(`/api/admin/stores/${store.body.id}/api-keys`, admin);
  expect(after.body.items).toHaveLength(1);
  expect(after.body.items[0].revokedAt).not.toBeNull();
});

test('When a finance user signs in, Then the referral report shows without the rule or review queue, and the admin-only pages stay hidden', async () => {
  const created = await bff.api.post(
    '/api/admin/admins',
    { username: 'finance', password: 'finance-pass-1', role: 'finance' },
    { token: await adminToken() },
  );
  expect(created.status).toBe(201);
  await signIn('finance', 'finance-pass-1');
  await page.getByText('财务（只读）').waitFor();
  for (const title of ['储值', '会员活动', 'POS 接入']) {
    expect(await page.getByRole('menuitem', { name: title, exact: true }).count()).toBe(0);
  }
  await menu('推荐有礼');
  await page.getByText('推荐人排行').waitFor();
  expect(await page.getByRole('tab', { name: '推荐规则' }).count()).toBe(0);
  expect(await page.getByRole('tab', { name: '风险审核' }).count()).toBe(0);
  for (const name of ['保存为新版本', '放行', '驳回']) expect(await button(name).count()).toBe(0);
});
