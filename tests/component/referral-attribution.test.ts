import { select } from '../../bff/src/db/tx';
import { bindPhone } from '../support/identity-fixtures';
import { bootReferralStage, type Joined, join, putRule, type ReferralStage } from '../support/referral-fixtures';

let stage: ReferralStage;
beforeAll(async () => {
  stage = await bootReferralStage();
});
afterAll(() => stage?.close());

const db = () => stage.bff.db.dataSource.manager;
let phoneSeq = 13_800_000_000;
const newPhone = () => String(++phoneSeq);

async function referrerOf(memberId: string): Promise<string | null> {
  const [row] = await select<{ referrer_id: string | null }>(db(), 'SELECT referrer_id FROM members WHERE id = ?', [
    memberId,
  ]);
  return row.referrer_id;
}

async function bind(member: Joined, phone: string) {
  const res = await bindPhone(stage.bff, stage.fake, member.token, phone);
  expect(res.status).toBe(200);
  return res.body as { merged: boolean; member: { id: string } };
}

/** Follows referrer_id upwards; throws if a member comes round again. */
async function chainUp(memberId: string): Promise<string[]> {
  const seen = [memberId];
  for (let current = await referrerOf(memberId); current; current = await referrerOf(current)) {
    if (seen.includes(current)) throw new Error(`cycle: ${[...seen, current].join(' → ')}`);
    seen.push(current);
  }
  return seen;
}

describe('Attribution', () => {
  test('When a new member signs in with a code, Then they are attributed to its owner with the sign-up recorded', async () => {
    const a = await join(stage);
    expect(a.referralCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    const b = await join(stage, a.referralCode.toLowerCase(), { deviceId: 'dev-attr-1' });
    expect(await referrerOf(b.id)).toBe(a.id);
    const [row] = await select<{ referrer_id: string; device_id: string; staff_store_id: string | null }>(
      db(),
      'SELECT referrer_id, device_id, staff_store_id FROM referral_attributions WHERE referee_id = ?',
      [b.id],
    );
    expect(row).toEqual({ referrer_id: a.id, device_id: 'dev-attr-1', staff_store_id: null });
  });

  test('When an existing member signs in again with another code, Then the first attribution stays', async () => {
    const a = await join(stage);
    const x = await join(stage);
    const b = await join(stage, a.referralCode, { openid: 'o-attr-again' });
    await join(stage, x.referralCode, { openid: 'o-attr-again' });
    expect(await referrerOf(b.id)).toBe(a.id);
    const rows = await select(db(), 'SELECT referee_id FROM referral_attributions WHERE referee_id = ?', [b.id]);
    expect(rows).toHaveLength(1);
  });

  test('When a login shares the openid or unionid of the code owner, Then it is that member and nobody is attributed to themself', async () => {
    const a = await join(stage, undefined, { openid: 'o-self', unionid: 'u-self' });
    const sameOpenid = await join(stage, a.referralCode, { openid: 'o-self', unionid: 'u-self' });
    const sameUnionid = await join(stage, a.referralCode, { openid: 'o-self-other-app', unionid: 'u-self' });
    expect([sameOpenid.id, sameUnionid.id]).toEqual([a.id, a.id]);
    expect(await referrerOf(a.id)).toBeNull();
  });

  test("When the invitee binds the referrer's phone, Then they are one member and no edge points at itself", async () => {
    const a = await join(stage);
    const phone = newPhone();
    await bind(a, phone);
    const b = await join(stage, a.referralCode);
    expect(await referrerOf(b.id)).toBe(a.id);
    const bound = await bind(b, phone);
    expect(bound.merged).toBe(true);
    expect(bound.member.id).toBe(a.id);
    expect(await referrerOf(a.id)).toBeNull();
    expect((await stage.bff.api.get('/api/me/referral', a.token)).body.invitedCount).toBe(0);
  });

  test('When the code belongs to a member merged away or deleted, Then the new member is created unattributed', async () => {
    const holder = await join(stage);
    const phone = newPhone();
    await bind(holder, phone);
    const mergedAway = await join(stage);
    expect((await bind(mergedAway, phone)).merged).toBe(true);
    const viaMerged = await join(stage, mergedAway.referralCode);
    expect(await referrerOf(viaMerged.id)).toBeNull();
    const deleted = await join(stage);
    expect((await stage.bff.api.post('/api/me/delete', {}, { token: deleted.token })).status).toBe(200);
    const viaDeleted = await join(stage, deleted.referralCode);
    expect(await referrerOf(viaDeleted.id)).toBeNull();
    expect((await stage.bff.api.get(`/api/referral/codes/${mergedAway.referralCode}`)).status).toBe(404);
  });

  test("When a freshly attributed member binds an existing member's phone, Then the fresh attribution is dropped", async () => {
    const referrer = await join(stage);
    const existing = await join(stage);
    const phone = newPhone();
    await bind(existing, phone);
    const fresh = await join(stage, referrer.referralCode);
    expect(await referrerOf(fresh.id)).toBe(referrer.id);
    expect((await bind(fresh, phone)).merged).toBe(true);
    expect(await referrerOf(existing.id)).toBeNull();
    expect((await stage.bff.api.get('/api/me/referral', referrer.token)).body.invitedCount).toBe(0);
  });

  test('When merges join both ends of a chain (B ← P ← A, then A binds B’s phone), Then no cycle forms', async () => {
    const b = await join(stage);
    const phone = newPhone();
    await bind(b, phone);
    const p = await join(stage, b.referralCode);
    const a = await join(stage, p.referralCode);
    expect((await bind(a, phone)).merged).toBe(true);
    // Taking A's referrer (P) would make B → P → B: B keeps its own (none).
    expect(await referrerOf(b.id)).toBeNull();
    expect(await chainUp(p.id)).toEqual([p.id, b.id]);
    expect(await chainUp(b.id)).toEqual([b.id]);
  });

  test('When a code is looked up, Then a held one answers its share path and an unknown one is 404 REFERRAL_CODE_UNKNOWN', async () => {
    const a = await join(stage);
    const ok = await stage.bff.api.get(`/api/referral/codes/${a.referralCode.toLowerCase()}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ referralCode: a.referralCode, sharePath: `/pages/index/index?r=${a.referralCode}` });
    for (const code of ['ZZZZZZZZ', 'O0I1L']) {
      const res = await stage.bff.api.get(`/api/referral/codes/${code}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('REFERRAL_CODE_UNKNOWN');
    }
  });
});

describe('PUT /api/admin/referral-rule', () => {
  const count = async () =>
    Number(
      (await select<{ n: number }>(db(), "SELECT COUNT(*) AS n FROM rule_versions WHERE kind = 'referral'", []))[0].n,
    );
  const valid = { level1Bps: 500, level2Bps: 200, asset: 'POINTS', windowDays: 7 };

  test.each([
    ['negative bps', { ...valid, level1Bps: -1 }],
    ['bps over 10000', { ...valid, level2Bps: 10_001 }],
    ['fractional bps', { ...valid, level1Bps: 2.5 }],
    ['an unknown asset', { ...valid, asset: 'USD' }],
    ['a negative window', { ...valid, windowDays: -1 }],
    ['a negative cap', { ...valid, monthlyCapPerReferrer: -5 }],
    ['an unknown field', { ...valid, level3Bps: 100 }],
    ['a staff reward without its days', { ...valid, staffReward: { kind: 'POINTS', bps: 100 } }],
  ])('When the rule has %s, Then 400 VALIDATION_FAILED and nothing is written', async (_name, body) => {
    const before = await count();
    const res = await putRule(stage, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(await count()).toBe(before);
  });

  test('When a member or nobody tries, Then 403 / 401 and nothing is written', async () => {
    const member = await join(stage);
    const before = await count();
    expect((await stage.bff.api.put('/api/admin/referral-rule', valid, { token: member.token })).status).toBe(403);
    expect((await stage.bff.api.put('/api/admin/referral-rule', valid)).status).toBe(401);
    expect(await count()).toBe(before);
  });

  test('When HQ sets a valid rule, Then it is the new version in force and the audit log has it', async () => {
    const res = await putRule(stage, { ...valid, level1Bps: 800, monthlyCapPerReferrer: 10_000 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rule: { level1Bps: 800, monthlyCapPerReferrer: 10_000 } });
    const got = await stage.bff.api.get('/api/admin/referral-rule', stage.admin);
    expect(got.body).toEqual(res.body);
    const audit = await select<{ action: string }>(
      db(),
      "SELECT action FROM audit_log WHERE action = 'rule.referral.put' AND target_type = 'rule'",
      [],
    );
    expect(audit.length).toBeGreaterThanOrEqual(1);
    await putRule(stage, valid);
  });
});
