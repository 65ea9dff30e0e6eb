import { ulid } from 'ulid';
import { execute, inTransaction, select } from '../../bff/src/db/tx';
import { creditStoredValue, earnPoints, getMemberBalances } from '../../bff/src/domain/ledger';
import type { FakeWechat } from '../../scripts/src/fake-wechat';
import {
  bindPhone,
  bootBffWithFakeWechat,
  createAdminToken,
  createStore,
  makeStaff,
  signInMember,
} from '../support/identity-fixtures';
import type { TestBff } from '../support/test-bff';

let bff: TestBff;
let fake: FakeWechat;
let storeA: string;
let storeB: string;
let phoneSeq = 0;
const nextPhone = () => `139${String(10_000_000 + ++phoneSeq).slice(-8)}`;

beforeAll(async () => {
  ({ bff, fake } = await bootBffWithFakeWechat());
  storeA = (await createStore(bff, { code: 'PM-A', name: 'A' })).id;
  storeB = (await createStore(bff, { code: 'PM-B', name: 'B' })).id;
});
afterAll(async () => {
  await bff.close();
  await fake.close();
});

const db = () => bff.db.dataSource.manager;
const memberRow = async (id: string) =>
  (
    await select<Record<string, any>>(
      db(),
      'SELECT status, merged_into_id, referrer_id, tier, phone_enc, phone_index FROM members WHERE id = ?',
      [id],
    )
  )[0];

async function give(memberId: string, points: number, fen: number, storeId: string, expiresAt?: Date) {
  await inTransaction(bff.deps.dataSource, async (tx) => {
    if (points > 0)
      await earnPoints(tx, { memberId, storeId, points, idempotencyKey: ulid(), earnedAt: new Date(), expiresAt });
    if (fen > 0)
      await creditStoredValue(tx, { at: new Date(), memberId, storeId, fen, idempotencyKey: ulid(), kind: 'TOPUP' });
  });
}

const lotsOf = (memberId: string) =>
  select<{ issuing_store_id: string; remaining: number; expires_at: unknown }>(
    db(),
    "SELECT issuing_store_id, remaining, expires_at FROM ledger_lots WHERE member_id = ? AND remaining > 0 AND asset = 'POINTS' ORDER BY remaining",
    [memberId],
  );

describe('Phone binding', () => {
  test('When a member binds a phone with the code flow, Then it is stored encrypted with a blind index and answered in clear to them only', async () => {
    const member = await signInMember(bff, fake, { openid: 'o-phone-1' });
    const response = await bindPhone(bff, fake, member.token, '13812341234');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      merged: false,
      member: { id: member.memberId, phoneBound: true, phone: '13812341234' },
    });
    const row = await memberRow(member.memberId);
    expect(row.phone_enc).not.toContain('1381234');
    expect(bff.deps.dataCrypto?.decrypt(row.phone_enc)).toBe('13812341234');
    expect(row.phone_index).toMatch(/^[0-9a-f]{64}$/);
    const { phoneMaskedOf } = await import('../../bff/src/domain/members/phone');
    expect(await phoneMaskedOf(db(), member.memberId, bff.deps.dataCrypto!)).toBe('138****1234');
    // Binding the same phone again is a no-op.
    const again = await bindPhone(bff, fake, member.token, '13812341234');
    expect(again.body.merged).toBe(false);
  });

  test('When the legacy encryptedData flow is used, Then it decrypts with the stored session key; a foreign watermark is refused', async () => {
    const member = await signInMember(bff, fake, { openid: 'o-legacy' });
    const legacy = fake.issueLegacyPhone('o-legacy', '13700001111');
    const ok = await bff.api.post(
      '/api/me/phone',
      { encryptedData: legacy.encryptedData, iv: legacy.iv },
      { token: member.token },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.member.phone).toBe('13700001111');
    const other = await signInMember(bff, fake, { openid: 'o-legacy-2' });
    const foreign = fake.issueLegacyPhone('o-legacy-2', '13700002222', 'wxsomeoneelse');
    const refused = await bff.api.post(
      '/api/me/phone',
      { encryptedData: foreign.encryptedData, iv: foreign.iv },
      { token: other.token },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('PHONE_DECRYPT_FAILED');
    expect((await memberRow(other.memberId)).phone_index).toBeNull();
  });

  test.each([
    ['a landline', '02112345678', 86],
    ['a foreign mobile', '4155550100', 1],
    ['a non-mobile prefix', '12012345678', 86],
  ])('When WeChat hands back %s, Then 400 INVALID_PHONE and nothing is bound', async (_label, phone, country) => {
    const member = await signInMember(bff, fake, { openid: `o-bad-${phone}` });
    const response = await bff.api.post(
      '/api/me/phone',
      { code: fake.issuePhoneCode(phone, country) },
      { token: member.token },
    );
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_PHONE');
    expect((await memberRow(member.memberId)).phone_index).toBeNull();
  });

  test('When the phone code is bad, Then 400 INVALID_WECHAT_CODE', async () => {
    const member = await signInMember(bff, fake, { openid: 'o-badcode' });
    const response = await bff.api.post('/api/me/phone', { code: 'not-a-code' }, { token: member.token });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_WECHAT_CODE');
  });

  test('When the shared access token was invalidated, Then the BFF re-fetches it once, stores it in the database and the bind succeeds', async () => {
    const member = await signInMember(bff, fake, { openid: 'o-token' });
    await bindPhone(bff, fake, member.token, nextPhone());
    const [before] = await select<{ token: string }>(db(), 'SELECT token FROM wechat_access_tokens');
    expect(before.token).toBeTruthy();
    // Another party forces a new token: ours is now stale (40001).
    await fetch(`${fake.url}/cgi-bin/stable_token`, {
      method: 'POST',
      body: JSON.stringify({
        grant_type: 'client_credential',
        appid: fake.appid,
        secret: fake.secret,
        force_refresh: true,
      }),
    });
    const other = await signInMember(bff, fake, { openid: 'o-token-2' });
    const response = await bindPhone(bff, fake, other.token, nextPhone());
    expect(response.status).toBe(200);
    const rows = await select<{ token: string }>(db(), 'SELECT token FROM wechat_access_tokens');
    expect(rows).toHaveLength(1);
    expect(rows[0].token).not.toBe(before.token);
  });
});

describe('Merge on phone binding', () => {
  test('When a second WeChat identity binds a held phone, Then it merges into the holder: balances, lots, identities, edges, tier, roles', async () => {
    const phone = nextPhone();
    const holder = await signInMember(bff, fake, { openid: 'o-holder' });
    await bindPhone(bff, fake, holder.token, phone);
    const newcomer = await signInMember(bff, fake, { openid: 'o-newcomer', referralCode: holder.member.referralCode });
    const invitee = await signInMember(bff, fake, { openid: 'o-invitee', referralCode: newcomer.member.referralCode });
    const expiry = new Date(Date.now() + 90 * 86400_000);
    await give(holder.memberId, 100, 500, storeA);
    await give(newcomer.memberId, 40, 300, storeB, expiry);
    await execute(db(), "UPDATE members SET tier = 'gold' WHERE id = ?", [newcomer.memberId]);
    await makeStaff(bff, { memberId: newcomer.memberId, storeId: storeB, role: 'clerk' });

    const response = await bindPhone(bff, fake, newcomer.token, phone);
    expect(response.status).toBe(200);
    expect(response.body.merged).toBe(true);
    expect(response.body.member.id).toBe(holder.memberId);

    const balances = await getMemberBalances(db(), holder.memberId);
    expect(balances).toMatchObject({ points: 140, storedValueFen: 800 });
    expect(await getMemberBalances(db(), newcomer.memberId)).toMatchObject({ points: 0, storedValueFen: 0 });
    const lots = await lotsOf(holder.memberId);
    expect(lots.map((lot) => [lot.issuing_store_id, Number(lot.remaining)])).toEqual([
      [storeB, 40],
      [storeA, 100],
    ]);
    expect(new Date(lots[0].expires_at as string).getTime()).toBeCloseTo(expiry.getTime(), -4);
    const absorbed = await memberRow(newcomer.memberId);
    expect(absorbed).toMatchObject({ status: 'merged', merged_into_id: holder.memberId });
    const survivor = await memberRow(holder.memberId);
    // The newcomer was referred by the holder: that edge would be self-referral, so the survivor keeps none.
    expect(survivor).toMatchObject({ tier: 'gold', referrer_id: null });
    expect((await memberRow(invitee.memberId)).referrer_id).toBe(holder.memberId);
    const identities = await select<{ openid: string }>(
      db(),
      'SELECT openid FROM member_identities WHERE member_id = ? ORDER BY openid',
      [holder.memberId],
    );
    expect(identities.map((i) => i.openid)).toEqual(['o-holder', 'o-newcomer']);
    const [merge] = await select<{ id: string; before_json: string; after_json: string }>(
      db(),
      'SELECT id, before_json, after_json FROM member_merges WHERE from_member_id = ?',
      [newcomer.memberId],
    );
    expect(JSON.parse(merge.before_json).from).toMatchObject({ points: 40, storedValueFen: 300 });
    expect(JSON.parse(merge.after_json).to).toMatchObject({ points: 140, storedValueFen: 800 });

    // The absorbed member's old token is ended by the merge (its app signs in again without
    // showing it); signing in again lands on the survivor, staff role included.
    const viaOldToken = await bindPhone(bff, fake, newcomer.token, phone);
    expect(viaOldToken.status).toBe(401);
    expect(viaOldToken.body.error.details).toEqual({ reason: 'SESSION_REVOKED' });
    const login = await signInMember(bff, fake, { openid: 'o-newcomer' });
    expect(login.memberId).toBe(holder.memberId);
    expect(login.staff).toEqual([{ storeId: storeB, storeCode: 'PM-B', storeName: 'B', role: 'clerk' }]);
    const viaNewToken = await bindPhone(bff, fake, login.token, phone);
    expect(viaNewToken.body).toMatchObject({ merged: false, member: { id: holder.memberId } });
  });

  test('When two members bind the same held phone at once, Then both end up in the one holder', async () => {
    const phone = nextPhone();
    const holder = await signInMember(bff, fake, { openid: 'o-race-holder' });
    await bindPhone(bff, fake, holder.token, phone);
    const racers = await Promise.all(
      ['o-race-1', 'o-race-2', 'o-race-3'].map((openid) => signInMember(bff, fake, { openid })),
    );
    for (const racer of racers) await give(racer.memberId, 10, 0, storeA);
    const answers = await Promise.all(racers.map((racer) => bindPhone(bff, fake, racer.token, phone)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => a.body.member.id))).toEqual(new Set([holder.memberId]));
    expect((await getMemberBalances(db(), holder.memberId)).points).toBe(30);
  });

  test('When two members bind one free phone at once, Then exactly one survivor holds it and the other is merged into it', async () => {
    const phone = nextPhone();
    const racers = await Promise.all(['o-free-1', 'o-free-2'].map((openid) => signInMember(bff, fake, { openid })));
    const answers = await Promise.all(racers.map((racer) => bindPhone(bff, fake, racer.token, phone)));
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers.map((a) => a.body.merged).sort()).toEqual([false, true]);
    // Whoever binds first holds the phone for a moment; the second bind merges the newer member
    // into the older (created first, ids breaking a tie), so the survivor is always the older one.
    const created = await select<{ id: string; created_at: Date | string }>(
      db(),
      'SELECT id, created_at FROM members WHERE id IN (?, ?) ORDER BY created_at, id',
      [racers[0].memberId, racers[1].memberId],
    );
    const older = created[0].id;
    expect(answers.find((a) => a.body.merged === true)!.body.member.id).toBe(older);
    const holders = await select<{ id: string }>(
      db(),
      "SELECT id FROM members WHERE phone_index IS NOT NULL AND status = 'active' AND id IN (?, ?)",
      [racers[0].memberId, racers[1].memberId],
    );
    expect(holders.map((h) => h.id)).toEqual([older]);
  });

  test("When A merged into B and later B into C, Then A's sign-in lands on C", async () => {
    // Created oldest first (C, B, A): the newer member merges into the older.
    const c = await signInMember(bff, fake, { openid: 'o-chain-c' });
    const b = await signInMember(bff, fake, { openid: 'o-chain-b' });
    const a = await signInMember(bff, fake, { openid: 'o-chain-a' });
    const phoneB = nextPhone();
    const phoneC = nextPhone();
    await bindPhone(bff, fake, b.token, phoneB);
    await bindPhone(bff, fake, c.token, phoneC);
    expect((await bindPhone(bff, fake, a.token, phoneB)).body.member.id).toBe(b.memberId);
    expect((await bindPhone(bff, fake, b.token, phoneC)).body.member.id).toBe(c.memberId);
    const again = await signInMember(bff, fake, { openid: 'o-chain-a' });
    expect(again.memberId).toBe(c.memberId);
    const viaA = await bindPhone(bff, fake, again.token, phoneC);
    expect(viaA.body).toMatchObject({ merged: false, member: { id: c.memberId } });
  });
});

describe('Undoing a merge', () => {
  async function mergedPair(prefix: string, points: number) {
    const phone = nextPhone();
    const holder = await signInMember(bff, fake, { openid: `${prefix}-holder` });
    await bindPhone(bff, fake, holder.token, phone);
    const other = await signInMember(bff, fake, { openid: `${prefix}-other` });
    await give(other.memberId, points, 200, storeA);
    await bindPhone(bff, fake, other.token, phone);
    const [merge] = await select<{ id: string }>(db(), 'SELECT id FROM member_merges WHERE from_member_id = ?', [
      other.memberId,
    ]);
    return { holder, other, mergeId: merge.id };
  }

  test('When HQ undoes a merge, Then balances, identity and status come back, it is audited, and a second undo is 409', async () => {
    const { holder, other, mergeId } = await mergedPair('o-undo', 25);
    const admin = await createAdminToken(bff);
    const response = await bff.api.post(`/api/admin/merges/${mergeId}/undo`, {}, { token: admin });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ mergeId, restoredMemberId: other.memberId, survivorId: holder.memberId });
    expect(await getMemberBalances(db(), other.memberId)).toMatchObject({ points: 25, storedValueFen: 200 });
    expect((await memberRow(other.memberId)).status).toBe('active');
    expect((await signInMember(bff, fake, { openid: 'o-undo-other' })).memberId).toBe(other.memberId);
    const audit = await bff.api.get('/api/admin/audit-log?limit=5', admin);
    expect(audit.body.items[0]).toMatchObject({
      action: 'member.merge.undo',
      targetId: other.memberId,
      actorType: 'admin',
    });
    const again = await bff.api.post(`/api/admin/merges/${mergeId}/undo`, {}, { token: admin });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('MERGE_NOT_UNDOABLE');
  });

  test('When the survivor already spent what it received, Then 409 MERGE_NOT_UNDOABLE and nothing changes', async () => {
    const { holder, other, mergeId } = await mergedPair('o-spent', 30);
    const admin = await createAdminToken(bff);
    const spend = await bff.api.post(
      `/api/admin/members/${holder.memberId}/adjust`,
      { asset: 'POINTS', amount: -30, reason: 'spent' },
      { token: admin, idempotencyKey: ulid() },
    );
    expect(spend.status).toBe(200);
    const response = await bff.api.post(`/api/admin/merges/${mergeId}/undo`, {}, { token: admin });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('MERGE_NOT_UNDOABLE');
    expect((await memberRow(other.memberId)).status).toBe('merged');
  });
});
