import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { ulid } from 'ulid';
import { inTransaction } from '../../bff/src/db/tx';
import { raiseAlert } from '../../bff/src/domain/risk/risk-alerts';
import { hqConsoleDir } from '../../bff/src/http/hq-console';
import type { FakeWechat } from '../../scripts/src/fake-wechat';
import { launchBrowser, screenshot } from '../support/browser';
import { bindPhone, bootBffWithFakeWechat, signInMember } from '../support/identity-fixtures';
import type { TestBff } from '../support/test-bff';

jest.setTimeout(180_000);

/**
 * The HQ console in Chromium at 1280 px against the real BFF (which serves the console's build at
 * /hq), the fake WeChat server and MariaDB: an HQ admin signs in, creates a store and a staff
 * invite, edits the earn rule, finds a member after a checkout, adjusts points with a reason, reads
 * the dashboard and downloads the settlement CSV.
 */
let bff: TestBff;
let fake: FakeWechat;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!hqConsoleDir()) throw new Error('hq/dist is missing: run `npm run build:hq` first');
  ({ bff, fake } = await bootBffWithFakeWechat({
    config: { ADMIN_USERNAME: 'hq', ADMIN_PASSWORD: 'hq-password-1' },
  }));
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
const button = (name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' });
const confirmDialog = (ok: string) =>
  page.locator('.ant-modal-confirm').getByRole('button', { name: ok, exact: true }).click();
const adminToken = async () =>
  (await bff.api.post('/api/admin/login', { username: 'hq', password: 'hq-password-1' })).body.token;

async function signIn(username: string, password: string): Promise<void> {
  await page.goto(`${bff.url}/hq/`);
  await page.locator('#hq-username').fill(username);
  await page.locator('#hq-password').fill(password);
  await button('登录').click();
  await page.getByRole('menuitem', { name: '数据概览' }).waitFor();
}

/** One code opens one scan: each checkout of the test uses its own TOTP step (the BFF accepts ±1). */
async function checkout(
  storeId: string,
  clerkToken: string,
  memberToken: string,
  body: Record<string, unknown>,
  stepOffset: -1 | 0 | 1,
) {
  const { memberCodeAt } = await import('@tongka/shared-types');
  const secret = (await bff.api.get('/api/me/member-code-secret', memberToken)).body;
  const code = memberCodeAt(secret.memberCodeId, secret.secret, Date.now() + stepOffset * 30_000);
  const scan = await bff.api.post(`/api/stores/${storeId}/scan`, { code }, { token: clerkToken });
  expect(scan.status).toBe(200);
  const res = await bff.api.post(
    `/api/stores/${storeId}/checkouts`,
    { scanId: scan.body.scanId, orderRef: `HQ-E2E-${ulid()}`, ...body },
    { token: clerkToken, idempotencyKey: ulid() },
  );
  expect(res.status).toBe(201);
  return res.body;
}

test('When an HQ admin works through the console, Then stores, invites, rules, members, dashboard and settlement work end to end', async () => {
  await signIn('hq', 'hq-password-1');

  // Dashboard: drawn from the reports API (liability over time, issued vs redeemed per store) with a period picker.
  await page.getByTestId('chart-liability').locator('canvas').waitFor();
  await page.getByTestId('chart-issued-redeemed').locator('canvas').waitFor();
  await page.getByText('统计期间').waitFor();
  expect(await page.getByTestId('dashboard-fallback').count()).toBe(0);

  // A store and a clerk invite shown as a QR; the code binds a clerk in the mini-program's API.
  await menu('门店与店员');
  await button('新建门店').click();
  await page.locator('#store-code').fill('SH-001');
  await page.locator('#store-name').fill('通卡 上海南京路店');
  await button('创建').click();
  const row = page.getByRole('row', { name: /SH-001/ });
  await row.waitFor();
  await row.getByRole('button', { name: '邀请店员' }).click();
  await button('生成邀请码').click();
  await page.getByRole('img', { name: '店员邀请码二维码' }).waitFor();
  const inviteCode = ((await page.getByTestId('invite-code').textContent()) ?? '').trim();
  expect(inviteCode.length).toBeGreaterThan(4);
  await screenshot(page, 'hq-invite');
  await page.locator('.ant-modal-close').click();
  await page.locator('.ant-modal-wrap').waitFor({ state: 'hidden' });
  const clerk = await signInMember(bff, fake, { openid: 'hq-e2e-clerk' });
  const bound = await bff.api.post('/api/staff/bind', { inviteCode }, { token: clerk.token });
  expect(bound.status).toBe(200);
  const storeId = bound.body.staff[0].storeId;

  // The earn rule: 2 points per yuan, saved as a new version; the preview of ¥100 shows 200.
  await menu('积分规则');
  // The rule in force loads into the form; typing before it arrives would be overwritten.
  await page.getByTestId('earn-rule-version').filter({ hasText: '系统默认' }).waitFor();
  await page.locator('#earn-pointsPerYuan').fill('2');
  await page.getByTestId('save-earn-rule').click();
  await confirmDialog('保存');
  await page.getByTestId('earn-rule-version').filter({ hasText: '第 1 版' }).waitFor();
  await page.getByTestId('preview-points').filter({ hasText: /^200$/ }).waitFor();
  await screenshot(page, 'hq-rules');
  expect((await bff.api.get('/api/admin/earn-rule', await adminToken())).body.rule.pointsPerYuan).toBe(2);

  // A member binds a phone and buys ¥88.00 at the new store: 176 points.
  const member = await signInMember(bff, fake, { openid: 'hq-e2e-member' });
  await bindPhone(bff, fake, member.token, '13812345678');
  expect((await checkout(storeId, clerk.token, member.token, { amountFen: 8800 }, -1)).pointsEarned).toBe(176);

  // HQ finds the member by phone and adds 24 points with a reason.
  await menu('会员');
  await page.locator('#member-search').fill('138 1234 5678');
  await page.locator('#member-search').press('Enter');
  await page.getByRole('cell', { name: '138****5678' }).click();
  const balances = page.getByTestId('member-balances');
  await balances.getByText('176', { exact: true }).waitFor();
  await page.locator('#adjust-amount').fill('24');
  await page.locator('#adjust-reason').fill('客诉补偿');
  await button('提交调整').click();
  await confirmDialog('确认调整');
  await balances.getByText('200', { exact: true }).waitFor();
  await page.getByRole('cell', { name: '客诉补偿' }).waitFor();
  await screenshot(page, 'hq-members');
  await page.locator('.ant-drawer-close').click();
  await page.locator('.ant-drawer-content').waitFor({ state: 'hidden' });

  // A second store redeems points earned at the first: the settlement has a row, and its CSV downloads.
  const admin = await adminToken();
  const second = await bff.api.post('/api/admin/stores', { code: 'HZ-001', name: '通卡 杭州西湖店' }, { token: admin });
  const clerkB = await signInMember(bff, fake, { openid: 'hq-e2e-clerk-b' });
  const inviteB = await bff.api.post(
    `/api/admin/stores/${second.body.id}/staff-invites`,
    { role: 'clerk' },
    { token: admin },
  );
  await bff.api.post('/api/staff/bind', { inviteCode: inviteB.body.inviteCode }, { token: clerkB.token });
  await checkout(second.body.id, clerkB.token, member.token, { amountFen: 5000, redeemPoints: 100 }, 0);
  await menu('门店结算');
  await page.getByRole('cell', { name: '通卡 杭州西湖店' }).first().waitFor();
  await screenshot(page, 'hq-settlement');
  const [download] = await Promise.all([page.waitForEvent('download'), button('下载 CSV').click()]);
  expect(download.suggestedFilename()).toMatch(/^settlement-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path()) as string, 'utf8');
  expect(csv.split('\n')[0]).toContain('fromStoreId');
  expect(csv.split('\n').length).toBeGreaterThan(1);

  // Back on the dashboard, the period's figures include the checkouts above.
  await menu('数据概览');
  await page.getByTestId('chart-issued-redeemed').locator('canvas').waitFor();
  await screenshot(page, 'hq-dashboard');
  // The period picker drives the reports: "今天" asks for today's chain date at both ends.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  await page.locator('.ant-picker-range').click();
  const asked = page.waitForRequest((request) =>
    request.url().includes(`/api/admin/reports/summary?from=${today}&to=${today}`),
  );
  await page.locator('.ant-picker-presets li', { hasText: '今天' }).click();
  await asked;
  await page.getByTestId('chart-issued-redeemed').locator('canvas').waitFor();
});

test('When an HQ admin creates a coupon and issues it to a member, Then the progress completes and the member holds it; a reward created in the browser is on the shelf', async () => {
  const member = await signInMember(bff, fake, { openid: 'hq-e2e-coupon-member' });
  // Still signed in from the test above (the session lives in sessionStorage).
  await page.goto(`${bff.url}/hq/`);
  await page.getByRole('menuitem', { name: '数据概览' }).waitFor();

  // A 满减 template: ¥20.00 off from ¥100.00, valid 30 days after it is received, 100 in stock, 1 each.
  await menu('优惠券');
  await button('新建优惠券').click();
  await page.locator('#coupon-name').fill('满100减20');
  await page.locator('#coupon-threshold').fill('100');
  await page.locator('#coupon-value').fill('20');
  await page.locator('#coupon-stock').fill('100');
  await page.locator('#coupon-limit').fill('1');
  await button('创建').click();
  const row = page.getByRole('row', { name: /满100减20/ });
  await row.getByText('满 ¥100.00 减 ¥20.00').waitFor();
  await row.getByText('领取后 30 天内有效').waitFor();

  // Batch issue to the member by id; the polled progress reaches 100 % with one coupon given.
  await row.getByRole('button', { name: '批量发放' }).click();
  await page.locator('#issue-members').fill(member.memberId);
  await button('发放').click();
  await confirmDialog('开始发放');
  await page.getByTestId('issue-status').filter({ hasText: '发放完成' }).waitFor();
  expect(await page.getByTestId('issue-issued').textContent()).toBe('1');
  const bar = page.getByTestId('issue-progress').getByRole('progressbar');
  expect(await bar.getAttribute('aria-valuenow')).toBe('100');
  await screenshot(page, 'hq-coupon-issue');
  await button('完成').click();
  await row.getByText('1 / 100').waitFor();
  await screenshot(page, 'hq-coupons');

  // The member holds it (API and database).
  const coupons = await bff.api.get('/api/me/coupons', member.token);
  expect(coupons.body.items).toEqual([
    expect.objectContaining({ name: '满100减20', type: 'AMOUNT_OFF', thresholdFen: 10_000, valueFen: 2_000 }),
  ]);
  const held = await bff.deps.dataSource.query(
    'SELECT c.status FROM coupons c JOIN coupon_templates t ON t.id = c.template_id WHERE c.member_id = ? AND t.name = ?',
    [member.memberId, '满100减20'],
  );
  expect(held).toEqual([{ status: 'available' }]);

  // A reward of 800 points + ¥9.90, 50 in stock: on the HQ list and in the member's catalogue.
  await menu('积分商城');
  await button('新建商品').click();
  await page.locator('#reward-name').fill('定制马克杯');
  await page.locator('#reward-points').fill('800');
  await page.locator('#reward-cash').fill('9.9');
  await page.locator('#reward-stock').fill('50');
  await button('创建').click();
  const reward = page.getByRole('row', { name: /定制马克杯/ });
  await reward.getByText('800 积分 + ¥9.90').waitFor();
  await reward.getByText('上架中').waitFor();
  await screenshot(page, 'hq-rewards');
  const shelf = await bff.api.get('/api/rewards', member.token);
  expect(shelf.body.items).toEqual([
    expect.objectContaining({ name: '定制马克杯', pointsPrice: 800, cashPriceFen: 990, stock: 50 }),
  ]);
});

test('When an HQ admin uploads a small POS export, Then the dry run and the import each reach 100 % and the members exist', async () => {
  await page.goto(`${bff.url}/hq/`);
  await page.getByRole('menuitem', { name: '数据概览' }).waitFor();
  await menu('历史会员导入');
  await page.locator('.ant-select').click();
  await page.locator('.ant-select-item-option', { hasText: 'SH-001' }).click();
  // Two members and a repeated phone: 3 data rows, 1 rejected.
  const csv = [
    'phone,name,points,storedValueFen,registeredAt,tier',
    '13955550001,张三,120,5000,,',
    '13955550002,李四,30,0,,silver',
    '13955550001,张三重复,1,0,,',
  ].join('\n');
  await page
    .locator('input[type=file]')
    .setInputFiles({ name: 'pos-export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await button('已选择 pos-export.csv').waitFor();
  const bar = page.getByTestId('import-progress').getByRole('progressbar');
  await button('试运行').click();
  await page.getByTestId('import-status').filter({ hasText: '检查完成：3 / 3 行' }).waitFor();
  expect(await bar.getAttribute('aria-valuenow')).toBe('100');
  await page.getByRole('cell', { name: '139****0001' }).waitFor();
  await page.getByRole('cell', { name: '手机号重复（首次出现在第 2 行）' }).waitFor();
  expect((await bff.api.get('/api/admin/members?phone=13955550001', await adminToken())).body.items).toEqual([]);
  await button('正式导入').click();
  await confirmDialog('开始导入');
  await page.getByTestId('import-status').filter({ hasText: '导入完成：3 / 3 行' }).waitFor();
  expect(await bar.getAttribute('aria-valuenow')).toBe('100');
  expect(await page.getByTestId('import-created').textContent()).toBe('2');
  await page.getByText('¥50.00').waitFor();
  await screenshot(page, 'hq-import');
  const found = await bff.api.get('/api/admin/members?phone=13955550001', await adminToken());
  expect(found.body.items).toHaveLength(1);
});

test('When an HQ admin blocks and unblocks a member, undoes a merge, acknowledges a risk alert, filters the audit log and runs a job now, Then each shows in Chinese', async () => {
  // Member status: blocked from earning with a reason, then allowed again (the undo).
  await menu('会员');
  await page.locator('#member-search').fill('13812345678');
  await page.locator('#member-search').press('Enter');
  await page.getByRole('cell', { name: '138****5678' }).click();
  const status = page.locator('.ant-card', { hasText: '会员状态' });
  const earnTag = page.locator('.ant-drawer .ant-tag', { hasText: '禁止得积分' });
  const setEarnBlocked = async (reason: string) => {
    await status.getByRole('switch').first().click();
    await status.getByPlaceholder('原因（必填）').fill(reason);
    await status.getByRole('button', { name: '保存状态' }).click();
    await confirmDialog('确认');
  };
  await setEarnBlocked('疑似刷单');
  await earnTag.waitFor();
  const admin = await adminToken();
  const found = await bff.api.get('/api/admin/members?phone=13812345678', admin);
  expect(found.body.items[0]).toMatchObject({ earnBlocked: true, spendBlocked: false });
  await setEarnBlocked('核实无误');
  await earnTag.waitFor({ state: 'detached' });
  expect((await bff.api.get('/api/admin/members?phone=13812345678', admin)).body.items[0].earnBlocked).toBe(false);
  await page.locator('.ant-drawer-close').click();
  await page.locator('.ant-drawer-content').waitFor({ state: 'hidden' });

  // A second card binding the same phone merges into the first; HQ undoes the merge from the survivor.
  const first = await signInMember(bff, fake, { openid: 'hq-e2e-merge-1' });
  await bindPhone(bff, fake, first.token, '13966660002');
  const second = await signInMember(bff, fake, { openid: 'hq-e2e-merge-2' });
  await bindPhone(bff, fake, second.token, '13966660002');
  await page.locator('#member-search').fill('13966660002');
  await page.locator('#member-search').press('Enter');
  await page.getByRole('cell', { name: first.memberId, exact: true }).click();
  await page.getByRole('tab', { name: '合并记录（1）' }).click();
  const merge = page.getByRole('row', { name: new RegExp(second.memberId) });
  await merge.getByRole('button', { name: '撤销合并' }).click();
  await confirmDialog('撤销合并');
  await merge.getByRole('button', { name: '撤销合并' }).waitFor({ state: 'detached' });
  const merged = await bff.api.get(`/api/admin/members/${first.memberId}`, admin);
  expect(merged.body.merges).toEqual([
    expect.objectContaining({ fromMemberId: second.memberId, undoneAt: expect.any(String) }),
  ]);
  await page.locator('.ant-drawer-close').click();
  await page.locator('.ant-drawer-content').waitFor({ state: 'hidden' });

  await menu('操作日志');
  // Unfiltered, the newest entries include the stores created in the first test.
  await page
    .getByRole('cell', { name: /新建门店（store\.create）/ })
    .first()
    .waitFor();
  await page.locator('#audit-action').click();
  await page.locator('.ant-select-item-option', { hasText: '会员积分/储值调整' }).click();
  // The adjustment of the first test, with its reason in the entry.
  await page
    .getByRole('cell', { name: /新建门店/ })
    .first()
    .waitFor({ state: 'detached' });
  const entry = page.getByRole('row', { name: /会员积分\/储值调整（member\.adjust）/ });
  await entry.first().waitFor();
  expect(await entry.count()).toBe(1);

  // A risk alert (raised as the detect-risk job raises one) reads in Chinese and is acknowledged with a note.
  await inTransaction(bff.db.dataSource, (tx) =>
    raiseAlert(tx, {
      rule: 'member-earn-spike',
      severity: 'high',
      subjectType: 'member',
      subjectId: first.memberId,
      storeId: null,
      dedupeKey: `member-earn-spike:${first.memberId}:e2e`,
      evidence: { pointsToday: 5000, usualDailyPoints: 12.5, date: '2026-11-27' },
      now: new Date(),
    }),
  );
  await menu('风险预警');
  const alert = page.getByRole('row', { name: new RegExp(`会员积分激增.*会员 ${first.memberId}`) });
  await alert.getByText('高', { exact: true }).waitFor();
  await alert.getByText('2026-11-27 获得 5,000 积分，平时日均 12.5 积分').waitFor();
  await alert.getByRole('button', { name: '确认处理' }).click();
  await page.getByPlaceholder('处理说明').fill('已电话核实');
  await confirmDialog('确认');
  await alert.waitFor({ state: 'detached' });
  const acknowledged = await bff.api.get('/api/admin/risk-alerts?status=acknowledged', admin);
  expect(acknowledged.body.items).toEqual([
    expect.objectContaining({ rule: 'member-earn-spike', note: '已电话核实', subjectId: first.memberId }),
  ]);

  await menu('定时任务');
  const job = page.getByRole('row', { name: /历史会员导入（import-members）/ });
  await job.getByRole('button', { name: '立即运行' }).click();
  await confirmDialog('立即运行');
  await page.getByText('已完成，处理 0 条').waitFor();
  await job.getByText('成功').waitFor();
});

test('When an adjustment is above the approval threshold, Then it waits, and a second admin approves it in 调整审批', async () => {
  const admin = await adminToken();
  const rule = { adjustPointsThreshold: 1_000, adjustFenThreshold: 100_000, reinstateGraceDays: 30 };
  expect((await bff.api.put('/api/admin/approval-rule', rule, { token: admin })).status).toBe(200);
  const checker = await bff.api.post(
    '/api/admin/admins',
    { username: 'checker', password: 'checker-pass-1', role: 'admin' },
    { token: admin },
  );
  expect(checker.status).toBe(201);
  const found = await bff.api.get('/api/admin/members?phone=13812345678', admin);
  const memberId = found.body.items[0].id;
  const balance = async () => (await bff.api.get(`/api/admin/members/${memberId}`, admin)).body.points;
  const before = await balance();

  // The maker asks for 1,500 points: above 1,000, so it waits and nothing moves.
  await menu('会员');
  await page.locator('#member-search').fill('13812345678');
  await page.locator('#member-search').press('Enter');
  await page.getByRole('cell', { name: '138****5678' }).click();
  await page.locator('#adjust-amount').fill('1500');
  await page.locator('#adjust-reason').fill('大额补偿');
  await button('提交调整').click();
  await confirmDialog('确认调整');
  await page.getByText('已提交，等待审批').waitFor();
  expect(await balance()).toBe(before);

  // The checker signs in and approves it.
  await page.evaluate(() => sessionStorage.clear());
  await signIn('checker', 'checker-pass-1');
  await menu('调整审批');
  const request = page.getByRole('row', { name: new RegExp(memberId) });
  await request.getByText('待审批').waitFor();
  await request.getByText('会员积分调整 +1,500 积分，原因：大额补偿').waitFor();
  await request.getByRole('button', { name: '通过' }).click();
  await confirmDialog('通过');
  await request.waitFor({ state: 'detached' });
  await page.locator('.ant-radio-button-wrapper', { hasText: '已通过' }).click();
  await request.getByText('已通过').waitFor();
  expect(await balance()).toBe(before + 1_500);
});

test('When the token stops being valid, Then the console returns to sign-in with a message', async () => {
  await page.goto(`${bff.url}/hq/`);
  await page.evaluate(() => sessionStorage.setItem('tongka.hq.token', 'expired.token.value'));
  await page.goto(`${bff.url}/hq/members`);
  await page.getByText('登录已过期，请重新登录。').waitFor();
  await page.locator('#hq-username').waitFor();
});

test('When a request is refused, Then the console shows the BFF error in Chinese', async () => {
  await signIn('hq', 'hq-password-1');
  await menu('会员');
  await page.locator('#member-search').fill('12345678901');
  await page.locator('#member-search').press('Enter');
  await page.getByText('请输入正确的中国大陆手机号。').waitFor();
});

test('When /hq/<page> is opened directly, Then the BFF answers the console (SPA fallback) and assets are cached', async () => {
  const res = await fetch(`${bff.url}/hq/settlement`);
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain('<div id="root"></div>');
  const asset = /\/hq\/assets\/[^"]+\.js/.exec(html)?.[0] as string;
  const js = await fetch(`${bff.url}${asset}`);
  expect(js.headers.get('cache-control')).toContain('immutable');
  // A path that climbs out of the build gets the console's page, never the file it names.
  const climb = await fetch(`${bff.url}/hq/..%2f..%2fpackage.json`);
  expect(climb.headers.get('content-type')).toContain('text/html');
});

// Roles: POST /api/admin/admins {username, password, role}; login answers {token, role};
// GET /api/admin/me; finance reads through 'adminRead' routes only.
test('When a finance user signs in, Then no write buttons are shown anywhere it can go', async () => {
  const created = await bff.api.post(
    '/api/admin/admins',
    { username: 'finance', password: 'finance-pass-1', role: 'finance' },
    { token: await adminToken() },
  );
  expect(created.status).toBe(201);
  await page.goto(`${bff.url}/hq/`);
  await page.evaluate(() => sessionStorage.clear());
  await signIn('finance', 'finance-pass-1');
  await page.getByText('财务（只读）').waitFor();
  expect(await page.getByRole('menuitem', { name: '历史会员导入' }).count()).toBe(0);
  const writeButtons = [
    '新建门店',
    '邀请店员',
    '保存为新版本',
    '提交调整',
    '保存状态',
    '撤销合并',
    '立即运行',
    '试运行',
    '正式导入',
    '通过',
    '驳回',
    '确认处理',
    '新建优惠券',
    '批量发放',
    '新建商品',
    '编辑',
  ];
  const titles = await page.getByRole('menuitem').allInnerTexts();
  for (const title of titles) {
    await menu(title.trim());
    await page.waitForLoadState('networkidle');
    if (title.trim() === '会员' && (await page.getByRole('cell', { name: '138****5678' }).count()) > 0) {
      await page.getByRole('cell', { name: '138****5678' }).click();
      await page.getByTestId('member-balances').waitFor();
    }
    for (const name of writeButtons) expect(await button(name).count()).toBe(0);
    if (await page.locator('.ant-drawer-close').count()) await page.locator('.ant-drawer-close').click();
  }
  await menu('门店结算');
  expect(await button('下载 CSV').count()).toBe(1);
});
