import { memberCodeAt } from '@tongka/shared-types';
import { inTransaction, select } from '../../bff/src/db/tx';
import { noteRefereePayer } from '../../bff/src/domain/referral/fraud-checks';
import { newKey } from '../support/instore-fixtures';
import {
  bootReferralStage,
  buy,
  DAY_MS,
  type Joined,
  join,
  pointsOf,
  putRule,
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
const base = { level1Bps: 500, level2Bps: 200, asset: 'POINTS', windowDays: 7 };
const afterWindow = () => new Date(stage.clock.now().getTime() + 8 * DAY_MS);

async function rebatesFor(memberId: string) {
  return select<{ status: string; current_amount: number | string }>(
    db(),
    'SELECT status, current_amount FROM referral_rebates WHERE beneficiary_id = ?',
    [memberId],
  );
}

async function reviewsOf(referrerId: string) {
  const res = await stage.bff.api.get('/api/admin/referrals/review', stage.admin);
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ id: string; referrerId: string; reason: string; heldRebates: unknown }>).filter(
    (item) => item.referrerId === referrerId,
  );
}

describe('Monthly cap', () => {
  test('When 20 invitees of one referrer check out at once under a 3,000-point cap, Then exactly 3,000 is granted', async () => {
    expect((await putRule(stage, { ...base, monthlyCapPerReferrer: 3_000 })).status).toBe(200);
    const referrer = await join(stage);
    const invitees: Joined[] = [];
    for (let i = 0; i < 20; i++) invitees.push(await join(stage, referrer.referralCode));
    stage.clock.advance(30_000);
    const scans: string[] = [];
    for (const member of invitees) {
      const secret = await stage.bff.api.get('/api/me/member-code-secret', member.token);
      const code = memberCodeAt(secret.body.memberCodeId, secret.body.secret, stage.clock.now().getTime());
      const res = await stage.bff.api.post(`/api/stores/${stage.storeA}/scan`, { code }, { token: stage.clerkA.token });
      expect(res.status).toBe(200);
      scans.push(res.body.scanId);
    }
    const results = await Promise.all(
      scans.map((scanId, i) =>
        stage.bff.api.post(
          `/api/stores/${stage.storeA}/checkouts`,
          { scanId, orderRef: `CAP-${i}`, amountFen: 10_000 },
          { token: stage.clerkA.token, idempotencyKey: newKey() },
        ),
      ),
    );
    expect(results.map((res) => res.status)).toEqual(Array(20).fill(201));
    // 500 each: six fit under 3,000; the others get nothing.
    const rebates = await rebatesFor(referrer.id);
    expect(rebates.reduce((sum, r) => sum + Number(r.current_amount), 0)).toBe(3_000);
    expect(rebates).toHaveLength(6);
    const [total] = await select<{ amount: number | string }>(
      db(),
      'SELECT amount FROM referral_monthly_totals WHERE member_id = ?',
      [referrer.id],
    );
    expect(Number(total.amount)).toBe(3_000);
    await putRule(stage, base);
  });
});

describe('Fraud review', () => {
  test('When a referrer gets more sign-ups in an hour than allowed, Then their rebates are held until HQ approves (audited)', async () => {
    expect((await putRule(stage, { ...base, velocity: { maxPerHour: 3, maxPerDay: 100 } })).status).toBe(200);
    const referrer = await join(stage);
    const invitees: Joined[] = [];
    for (let i = 0; i < 3; i++) invitees.push(await join(stage, referrer.referralCode));
    expect(await reviewsOf(referrer.id)).toEqual([]);
    invitees.push(await join(stage, referrer.referralCode));
    const [review] = await reviewsOf(referrer.id);
    expect(review).toMatchObject({ reason: 'velocity-hour', details: { signUps: 4, max: 3 } });
    const sale = await buy(stage, invitees[0], 10_000);
    expect((await rebatesOf(stage, sale.checkoutId))[0]).toMatchObject({ status: 'held', current_amount: 500 });
    await runConfirm(stage, afterWindow());
    expect((await pointsOf(stage, referrer.id)).points).toBe(0);
    expect((await reviewsOf(referrer.id))[0].heldRebates).toEqual({ count: 1, points: 500, fen: 0 });
    const approved = await stage.bff.api.post(
      `/api/admin/referrals/review/${review.id}/approve`,
      { note: '门店活动' },
      { token: stage.admin },
    );
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual({ id: review.id, status: 'approved', rebatesReleased: 1, rebatesRejected: 0 });
    await runConfirm(stage, afterWindow());
    expect((await pointsOf(stage, referrer.id)).points).toBe(500);
    const audit = await select<{ actor_type: string; target_id: string }>(
      db(),
      "SELECT actor_type, target_id FROM audit_log WHERE action = 'referral.review.approve'",
      [],
    );
    expect(audit).toEqual([{ actor_type: 'admin', target_id: referrer.id }]);
    const again = await stage.bff.api.post(
      `/api/admin/referrals/review/${review.id}/reject`,
      {},
      { token: stage.admin },
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('REFERRAL_REVIEW_DECIDED');
    await putRule(stage, base);
  });

  test('When two invitees sign in from one device, Then the referrer is held and HQ rejecting cancels the rebates', async () => {
    const referrer = await join(stage);
    const first = await join(stage, referrer.referralCode, { deviceId: 'device-shared-1' });
    await join(stage, referrer.referralCode, { deviceId: 'device-shared-1' });
    const [review] = await reviewsOf(referrer.id);
    expect(review).toMatchObject({ reason: 'shared-device' });
    const sale = await buy(stage, first, 4_000);
    expect((await rebatesOf(stage, sale.checkoutId))[0]).toMatchObject({ status: 'held', current_amount: 200 });
    const rejected = await stage.bff.api.post(
      `/api/admin/referrals/review/${review.id}/reject`,
      {},
      { token: stage.admin },
    );
    expect(rejected.body).toEqual({ id: review.id, status: 'rejected', rebatesReleased: 0, rebatesRejected: 1 });
    await runConfirm(stage, afterWindow());
    expect((await pointsOf(stage, referrer.id)).points).toBe(0);
    expect((await rebatesOf(stage, sale.checkoutId))[0].status).toBe('rejected');
    const audit = await select(
      db(),
      "SELECT id FROM audit_log WHERE action = 'referral.review.reject' AND target_id = ?",
      [referrer.id],
    );
    expect(audit).toHaveLength(1);
  });

  test('When one payer pays for two invitees of a referrer, Then the referrer is held (the first payer of each invitee is kept)', async () => {
    const referrer = await join(stage);
    const first = await join(stage, referrer.referralCode);
    const second = await join(stage, referrer.referralCode);
    const note = (memberId: string, payerRef: string) =>
      inTransaction(stage.bff.deps.dataSource, (tx) =>
        noteRefereePayer(tx, { memberId, payerRef, at: stage.clock.now() }),
      );
    await note(first.id, 'payer-openid-1');
    await note(first.id, 'payer-openid-2');
    expect(await reviewsOf(referrer.id)).toEqual([]);
    await note(second.id, 'payer-openid-1');
    const [review] = await reviewsOf(referrer.id);
    expect(review).toMatchObject({ reason: 'shared-payer', details: { refereeIds: [first.id, second.id] } });
    const [row] = await select<{ payer_ref: string }>(
      db(),
      'SELECT payer_ref FROM referral_attributions WHERE referee_id = ?',
      [first.id],
    );
    expect(row.payer_ref).toBe('payer-openid-1');
  });

  test('When the review is unknown or the caller is not HQ, Then 404 / 403 and nothing changes', async () => {
    const member = await join(stage);
    const missing = await stage.bff.api.post('/api/admin/referrals/review/NOPE/approve', {}, { token: stage.admin });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('REFERRAL_REVIEW_NOT_FOUND');
    expect((await stage.bff.api.get('/api/admin/referrals/review', member.token)).status).toBe(403);
    const bad = await stage.bff.api.post('/api/admin/referrals/review/X/approve', { note: 1 }, { token: stage.admin });
    expect(bad.status).toBe(400);
  });
});
