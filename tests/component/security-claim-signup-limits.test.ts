import { createTemplate } from '../support/coupon-fixtures';
import { createAdminToken } from '../support/identity-fixtures';
import { countRows, newKey } from '../support/instore-fixtures';
import { bootReferralStage, join, type ReferralStage } from '../support/referral-fixtures';

/**
 * Issue #10, rate limits on coupon claims and referral sign-ups: a member claims at most 20
 * coupons a minute (429 RATE_LIMITED with Retry-After, nothing written), and one referral code
 * attributes at most 30 new members an hour; past it a newcomer still signs in, unattributed.
 */
let stage: ReferralStage;
beforeAll(async () => {
  stage = await bootReferralStage();
});
afterAll(async () => {
  await stage?.close();
});

function claim(member: { token: string }, templateId: string) {
  return stage.bff.api.post('/api/coupons/claim', { templateId }, { token: member.token, idempotencyKey: newKey() });
}

async function referrerOf(memberId: string): Promise<string | null> {
  const [row] = await stage.bff.db.dataSource.query('SELECT referrer_id FROM members WHERE id = ?', [memberId]);
  return row?.referrer_id ?? null;
}

test('When a member sends a 21st coupon claim within a minute, Then it is 429 with Retry-After and claims nothing', async () => {
  const admin = await createAdminToken(stage.bff);
  const member = await join(stage);
  const templates = [];
  for (let i = 0; i < 21; i++) templates.push(await createTemplate(stage.bff, admin, { name: `券${i}` }));
  for (let i = 0; i < 20; i++) {
    expect((await claim(member, templates[i].id)).status).toBe(200);
  }
  const before = await countRows(stage.bff, ['coupons']);
  const refused = await claim(member, templates[20].id);
  expect(refused.status).toBe(429);
  expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED', details: { policy: 'coupon-claim' } });
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await countRows(stage.bff, ['coupons'])).toEqual(before);
  // Another member is not affected.
  expect((await claim(await join(stage), templates[20].id)).status).toBe(200);
});

test('When a 31st new member signs up with one referral code within an hour, Then they sign in but are not attributed', async () => {
  const referrer = await join(stage);
  const joined = [];
  for (let i = 0; i < 30; i++) joined.push(await join(stage, referrer.referralCode));
  for (const member of joined) expect(await referrerOf(member.id)).toBe(referrer.id);
  const late = await join(stage, referrer.referralCode);
  expect(late.token).toEqual(expect.any(String));
  expect(await referrerOf(late.id)).toBeNull();
  // Another referrer's code still attributes.
  const other = await join(stage);
  expect(await referrerOf((await join(stage, other.referralCode)).id)).toBe(other.id);
});
