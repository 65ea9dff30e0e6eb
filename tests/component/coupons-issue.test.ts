import { ulid } from 'ulid';
import { inTransaction } from '../../bff/src/db/tx';
import { startCouponIssue } from '../../bff/src/domain/coupons/issue-coupons';
import { runJob } from '../../bff/src/jobs';
import type { FakeWechat } from '../../scripts/src/fake-wechat';
import { createTemplate } from '../support/coupon-fixtures';
import { bootBffWithFakeWechat, signInMember } from '../support/identity-fixtures';
import { countRows, createAdminToken, createMember, MovableClock } from '../support/instore-fixtures';
import type { TestBff } from '../support/test-bff';

/** Batch issue: a resumable job in batches of 1,000 members, never past the stock, one coupon per member per issue. */
const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
let bff: TestBff;
let fake: FakeWechat;
let admin: string;

beforeAll(async () => {
  ({ bff, fake } = await bootBffWithFakeWechat({ clock }));
  fake.settings.enforceSubscriptions = true;
  admin = await createAdminToken(bff);
});
afterAll(async () => {
  await bff?.close();
  await fake?.close();
});

/** Inserts `count` active members of a tier in one statement. */
async function bulkMembers(count: number, tier: string): Promise<string[]> {
  const ids = Array.from({ length: count }, () => ulid()).sort();
  const now = new Date();
  const base = 30_000_000 + Math.floor(Math.random() * 60_000_000);
  await bff.db.dataSource.query(
    `INSERT INTO members (id, member_code_id, status, earn_blocked, spend_blocked, tier, referral_code, created_at, updated_at)
     VALUES ${ids.map(() => "(?, ?, 'active', 0, 0, ?, ?, ?, ?)").join(', ')}`,
    ids.flatMap((id, i) => [id, base + i, tier, id.slice(-10), now, now]),
  );
  return ids;
}

async function waitForIssue(issueId: string) {
  for (let i = 0; i < 300; i++) {
    const res = await bff.api.get(`/api/admin/coupon-issues/${issueId}`, admin);
    if (res.body.status === 'done') return res.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the issue did not finish');
}

const issuedCount = async (templateId: string) =>
  Number((await bff.db.dataSource.query('SELECT COUNT(*) AS n FROM coupons WHERE template_id = ?', [templateId]))[0].n);

test('When the issue run is killed after two batches, Then the next run resumes from there and every member gets exactly one coupon', async () => {
  const ids = await bulkMembers(2_500, 'diamond');
  const template = await createTemplate(bff, admin, { claimable: false });
  const issue = await inTransaction(bff.db.dataSource, (tx) =>
    startCouponIssue(tx, { templateId: template.id, target: { tier: 'diamond' }, adminId: 'test', now: clock.now() }),
  );
  expect(issue).toMatchObject({ status: 'running', total: 2_500, done: 0 });
  const killed = runJob(bff.deps, 'issue-coupons', {
    onProgress: (done) => {
      if (done >= 2_000) throw new Error('killed mid-run');
    },
  });
  await expect(killed).rejects.toThrow('killed mid-run');
  const halfway = await bff.api.get(`/api/admin/coupon-issues/${issue.issueId}`, admin);
  expect(halfway.body).toMatchObject({ status: 'running', total: 2_500, done: 2_000, issued: 2_000 });
  expect(await issuedCount(template.id)).toBe(2_000);

  const resumed = await bff.api.post('/api/admin/jobs/issue-coupons/run', {}, { token: admin });
  expect(resumed.body).toEqual({ job: 'issue-coupons', processed: 500 });
  expect(await bff.api.get(`/api/admin/coupon-issues/${issue.issueId}`, admin)).toMatchObject({
    body: { status: 'done', total: 2_500, done: 2_500, issued: 2_500, stoppedBy: null },
  });
  const holders = await bff.db.dataSource.query(
    'SELECT member_id, COUNT(*) AS n FROM coupons WHERE template_id = ? GROUP BY member_id',
    [template.id],
  );
  expect(holders).toHaveLength(2_500);
  expect(holders.every((row: { n: number | string }) => Number(row.n) === 1)).toBe(true);
  expect(new Set(holders.map((row: { member_id: string }) => row.member_id))).toEqual(new Set(ids));
  const [tpl] = await bff.db.dataSource.query('SELECT issued FROM coupon_templates WHERE id = ?', [template.id]);
  expect(Number(tpl.issued)).toBe(2_500);
});

test('When HQ issues to member ids, Then each active one gets one coupon, unknown ids are skipped, progress reaches the total', async () => {
  const a = await createMember(bff);
  const b = await createMember(bff);
  const template = await createTemplate(bff, admin, { claimable: false, name: '定向券' });
  const res = await bff.api.post(
    `/api/admin/coupon-templates/${template.id}/issue`,
    { memberIds: [a.id, b.id, b.id, '01NOSUCHMEMBER00000000000'] },
    { token: admin },
  );
  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ templateId: template.id, total: 3 });
  const done = await waitForIssue(res.body.issueId);
  expect(done).toMatchObject({ status: 'done', done: 3, issued: 2 });
  const mine = await bff.api.get('/api/me/coupons?status=available', a.token);
  expect(mine.body.items).toEqual([expect.objectContaining({ name: '定向券', templateId: template.id })]);
});

test('When HQ issues to a member who allowed "coupon received" and one who did not, Then only the first gets one message in Chinese, on one accept', async () => {
  const TEMPLATE = 'test-template-coupon-received';
  const subscribed = await signInMember(bff, fake, { openid: 'o-coupon-received-yes' });
  const silent = await signInMember(bff, fake, { openid: 'o-coupon-received-no' });
  await fetch(`${fake.url}/__control/subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid: 'o-coupon-received-yes', templateId: TEMPLATE }),
  });
  const accepted = await bff.api.post(
    '/api/me/subscriptions',
    { templateId: TEMPLATE, accepted: true },
    { token: subscribed.token },
  );
  expect(accepted.body).toEqual({ templateId: TEMPLATE, acceptedCount: 1 });
  const template = await createTemplate(bff, admin, { claimable: false, name: '会员专享券' });
  const res = await bff.api.post(
    `/api/admin/coupon-templates/${template.id}/issue`,
    { memberIds: [subscribed.memberId, silent.memberId] },
    { token: admin },
  );
  expect(await waitForIssue(res.body.issueId)).toMatchObject({ status: 'done', issued: 2 });
  await bff.api.post('/api/admin/jobs/send-outbox/run', {}, { token: admin });
  const [coupon] = (await bff.api.get('/api/me/coupons?status=available', subscribed.token)).body.items;
  const sent = fake.state.subscribeMessages.filter((m) => m.template_id === TEMPLATE);
  expect(sent).toEqual([
    expect.objectContaining({
      touser: 'o-coupon-received-yes',
      page: `member/pages/coupon-detail/index?id=${coupon.id}`,
      data: {
        thing1: { value: '会员专享券' },
        thing2: { value: '满¥50.00减¥10.00' },
        // 7 days counting 23 November (Shanghai) as the first.
        date3: { value: '2026年11月29日' },
        thing4: { value: '已放入您的卡包，到店出示即可使用' },
      },
    }),
  ]);
  const left = (await bff.api.get('/api/me/subscriptions', subscribed.token)).body.templates;
  expect(left.find((t: { templateId: string }) => t.templateId === TEMPLATE).acceptedCount).toBe(0);
});

test('When the stock is smaller than the target, Then the issue stops at the stock (stoppedBy STOCK) and never passes it', async () => {
  await bulkMembers(8, 'gold');
  const template = await createTemplate(bff, admin, { claimable: false, stock: 5 });
  const res = await bff.api.post(
    `/api/admin/coupon-templates/${template.id}/issue`,
    { tier: 'gold' },
    { token: admin },
  );
  const done = await waitForIssue(res.body.issueId);
  expect(done).toMatchObject({ status: 'done', issued: 5, stoppedBy: 'STOCK' });
  expect(await issuedCount(template.id)).toBe(5);
  const again = await bff.api.post(
    `/api/admin/coupon-templates/${template.id}/issue`,
    { tier: 'gold' },
    { token: admin },
  );
  expect(await waitForIssue(again.body.issueId)).toMatchObject({ issued: 0, stoppedBy: 'STOCK' });
  expect(await issuedCount(template.id)).toBe(5);
});

test('When the issue body names no target, two targets, or an unknown tier, Then 400 and nothing is written', async () => {
  const template = await createTemplate(bff, admin, { claimable: false });
  const before = await countRows(bff, ['coupon_issues', 'coupons']);
  for (const body of [{}, { all: true, tier: 'gold' }, { tier: 'platinum' }, { memberIds: [] }, { all: false }]) {
    const res = await bff.api.post(`/api/admin/coupon-templates/${template.id}/issue`, body, { token: admin });
    expect(res.status).toBe(400);
  }
  expect(await countRows(bff, ['coupon_issues', 'coupons'])).toEqual(before);
  expect((await bff.api.get('/api/admin/coupon-issues/01NOSUCHISSUE', admin)).status).toBe(404);
});

test('When HQ issues to all members, Then every active member gets exactly one coupon and a merged card none', async () => {
  const [kept, gone] = await bulkMembers(2, 'basic');
  await bff.db.dataSource.query("UPDATE members SET status = 'merged', merged_into_id = ? WHERE id = ?", [kept, gone]);
  const [{ n: active }] = await bff.db.dataSource.query("SELECT COUNT(*) AS n FROM members WHERE status = 'active'");
  const template = await createTemplate(bff, admin, { claimable: false, name: '全员券' });
  const res = await bff.api.post(`/api/admin/coupon-templates/${template.id}/issue`, { all: true }, { token: admin });
  expect(res.status).toBe(202);
  const done = await waitForIssue(res.body.issueId);
  expect(done).toMatchObject({ status: 'done', issued: Number(active), stoppedBy: null });
  const holders = await bff.db.dataSource.query(
    `SELECT c.member_id, COUNT(*) AS n, MIN(m.status) AS status FROM coupons c JOIN members m ON m.id = c.member_id
      WHERE c.template_id = ? GROUP BY c.member_id`,
    [template.id],
  );
  expect(holders).toHaveLength(Number(active));
  expect(
    holders.every((row: { n: number | string; status: string }) => Number(row.n) === 1 && row.status === 'active'),
  ).toBe(true);
  expect(holders.map((row: { member_id: string }) => row.member_id)).toContain(kept);
  expect(holders.map((row: { member_id: string }) => row.member_id)).not.toContain(gone);
});
