import { select } from '../../bff/src/db/tx';
import { renderQrJpeg } from '../../scripts/src/fake-wechat/wxacode-image';
import { bindPhone } from '../support/identity-fixtures';
import {
  bootReferralStage,
  buy,
  DAY_MS,
  type Joined,
  join,
  pointsOf,
  type ReferralStage,
  rebatesOf,
  runConfirm,
} from '../support/referral-fixtures';

let stage: ReferralStage;
beforeAll(async () => {
  stage = await bootReferralStage();
});
afterAll(() => stage?.close());

const db = () => stage.bff.db.dataSource.manager;

async function poster(member: Joined) {
  const response = await fetch(`${stage.bff.url}/api/me/referral/poster`, {
    headers: { authorization: `Bearer ${member.token}` },
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, type: response.headers.get('content-type') ?? '', bytes };
}

describe('Poster', () => {
  test('When a member asks twice, Then the second answer is the stored image and WeChat is not asked again', async () => {
    const member = await join(stage);
    const first = await poster(member);
    expect(first.status).toBe(200);
    expect(first.type).toBe('image/jpeg');
    expect(first.bytes.subarray(0, 2).toString('hex')).toBe('ffd8'); // JPEG
    // Any request to WeChat would now fail: the second call must not make one.
    stage.fake.failNext({ path: '/wxa/getwxacodeunlimit', errcode: 45009, errmsg: 'reach max api daily quota limit' });
    const second = await poster(member);
    expect(second.status).toBe(200);
    expect(second.bytes.equals(first.bytes)).toBe(true);
    // The injected failure is still waiting: the next member's first poster meets it.
    const other = await join(stage);
    const limited = await stage.bff.api.get('/api/me/referral/poster', other.token);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('WECHAT_RATE_LIMITED');
  });

  test('When WeChat answers a JSON error with HTTP 200, Then 503 WECHAT_UNAVAILABLE, nothing is stored, and a retry succeeds', async () => {
    const member = await join(stage);
    stage.fake.failNext({ path: '/wxa/getwxacodeunlimit', errcode: 41030, errmsg: 'invalid page' });
    const failed = await stage.bff.api.get('/api/me/referral/poster', member.token);
    expect(failed.status).toBe(503);
    expect(failed.body.error.code).toBe('WECHAT_UNAVAILABLE');
    expect(await select(db(), 'SELECT member_id FROM referral_posters WHERE member_id = ?', [member.id])).toEqual([]);
    expect((await poster(member)).status).toBe(200);
    const stored = await select(db(), 'SELECT member_id FROM referral_posters WHERE member_id = ?', [member.id]);
    expect(stored).toHaveLength(1);
  });

  test('When the poster was made, Then it carries scene r=CODE and the funnel counts it', async () => {
    const member = await join(stage);
    const image = await poster(member);
    expect(image.status).toBe(200);
    // The fake draws the scene it was asked for as a plain QR code at the requested width.
    expect(image.bytes.equals(renderQrJpeg(`r=${member.referralCode}`, 430))).toBe(true);
    const today = stage.clock.now().toISOString().slice(0, 10);
    const report = await stage.bff.api.get(`/api/admin/reports/referral-funnel?from=${today}&to=${today}`, stage.admin);
    const line = report.body.referrers.find((row: { referrerId: string }) => row.referrerId === member.id);
    expect(line).toMatchObject({ posters: 1, signUps: 0 });
  });
});

describe('Merge and undo', () => {
  test('When a referrer is merged into an older member, Then its rebates and invitees move; undo puts them back and the job pays the original', async () => {
    const older = await join(stage);
    const phone = `139${String(Date.now()).slice(-8)}`;
    expect((await bindPhone(stage.bff, stage.fake, older.token, phone)).status).toBe(200);
    const referrer = await join(stage);
    const invitee = await join(stage, referrer.referralCode);
    const sale = await buy(stage, invitee, 10_000);
    const merged = await bindPhone(stage.bff, stage.fake, referrer.token, phone);
    expect(merged.body.merged).toBe(true);
    const [rebate] = await rebatesOf(stage, sale.checkoutId);
    expect(rebate).toMatchObject({ beneficiary_id: older.id, current_amount: 500, status: 'pending' });
    expect((await stage.bff.api.get('/api/me/referral', older.token)).body).toMatchObject({
      invitedCount: 1,
      pendingRebate: { points: 500 },
    });
    const [merge] = await select<{ id: string }>(db(), 'SELECT id FROM member_merges WHERE from_member_id = ?', [
      referrer.id,
    ]);
    const undo = await stage.bff.api.post(`/api/admin/merges/${merge.id}/undo`, {}, { token: stage.admin });
    expect(undo.status).toBe(200);
    expect((await rebatesOf(stage, sale.checkoutId))[0].beneficiary_id).toBe(referrer.id);
    const [edge] = await select<{ referrer_id: string }>(db(), 'SELECT referrer_id FROM members WHERE id = ?', [
      invitee.id,
    ]);
    expect(edge.referrer_id).toBe(referrer.id);
    await runConfirm(stage, new Date(stage.clock.now().getTime() + 8 * DAY_MS));
    expect((await pointsOf(stage, referrer.id)).points).toBe(500);
    expect((await pointsOf(stage, older.id)).points).toBe(0);
  });

  test("When a referee is merged into another member, Then the rebates of the referee's purchases name the survivor and a refund still cancels them", async () => {
    const referrer = await join(stage);
    const holder = await join(stage);
    const phone = `137${String(Date.now()).slice(-8)}`;
    await bindPhone(stage.bff, stage.fake, holder.token, phone);
    const invitee = await join(stage, referrer.referralCode);
    const sale = await buy(stage, invitee, 10_000);
    expect((await bindPhone(stage.bff, stage.fake, invitee.token, phone)).body.merged).toBe(true);
    expect((await rebatesOf(stage, sale.checkoutId))[0]).toMatchObject({
      referee_id: holder.id,
      beneficiary_id: referrer.id,
    });
    const refund = await stage.bff.api.post(
      `/api/stores/${stage.storeA}/checkouts/${sale.checkoutId}/refund`,
      {},
      { token: stage.clerkA.token, idempotencyKey: `mr-${Date.now()}` },
    );
    expect(refund.status).toBe(200);
    expect((await rebatesOf(stage, sale.checkoutId))[0]).toMatchObject({ status: 'cancelled', current_amount: 0 });
  });
});
