import { memberCodeAt } from '@tongka/shared-types';
import { ulid } from 'ulid';
import { inTransaction, select } from '../../bff/src/db/tx';
import { earnPoints, getMemberBalances } from '../../bff/src/domain/ledger';
import type { FakeWechat } from '../../scripts/src/fake-wechat';
import {
  bindPhone,
  bootBffWithFakeWechat,
  createAdminToken,
  createStore,
  makeStaff,
  type SignedInMember,
  signInMember,
} from '../support/identity-fixtures';
import type { TestBff } from '../support/test-bff';

/**
 * Issue #10, findings 2 and 4, and sessions:
 * - a blocked member escaped the block by binding a phone their other, unblocked account held
 *   (the caller was always merged into the holder and the block was lost); now the newer member
 *   merges into the older whoever calls, and blocks follow the stricter side;
 * - undoing a merge left the token the merge handed out working on the survivor's account and the
 *   survivor's member-code secret valid; now both sides' sessions end and both secrets rotate;
 * - blocks, staff revocations and deletions end the member's sessions at once.
 */
let bff: TestBff;
let fake: FakeWechat;
let storeId: string;
let clerkToken: string;
let admin: string;
let phoneSeq = 13_900_000_000 + Math.floor(Math.random() * 90_000_000);
const nextPhone = () => String(phoneSeq++);

beforeAll(async () => {
  ({ bff, fake } = await bootBffWithFakeWechat());
  storeId = (await createStore(bff, { code: 'SEC-M', name: '安全门店' })).id;
  const clerk = await signInMember(bff, fake, { openid: 'o-sec-clerk' });
  await makeStaff(bff, { memberId: clerk.memberId, storeId, role: 'clerk' });
  clerkToken = clerk.token;
  admin = await createAdminToken(bff);
});
afterAll(async () => {
  await bff?.close();
  await fake?.close();
});

const db = () => bff.deps.dataSource.manager;

async function give(memberId: string, points: number) {
  await inTransaction(bff.deps.dataSource, (tx) =>
    earnPoints(tx, { memberId, storeId, points, idempotencyKey: ulid(), earnedAt: new Date() }),
  );
}

async function block(memberId: string) {
  const response = await bff.api.put(
    `/api/admin/members/${memberId}/status`,
    { earnBlocked: false, spendBlocked: true, reason: 'fraud review' },
    { token: admin },
  );
  expect(response.status).toBe(200);
}

async function flagsOf(memberId: string) {
  const [row] = await select<{ status: string; spend_blocked: unknown }>(
    db(),
    'SELECT status, spend_blocked FROM members WHERE id = ?',
    [memberId],
  );
  return { status: row.status, spendBlocked: Boolean(Number(row.spend_blocked)) };
}

/** The survivor's card at the till: scan, then try to pay 100 points. */
async function spendAtTill(member: SignedInMember) {
  const secret = await bff.api.get('/api/me/member-code-secret', member.token);
  const code = memberCodeAt(secret.body.memberCodeId, secret.body.secret, Date.now());
  const scan = await bff.api.post(`/api/stores/${storeId}/scan`, { code }, { token: clerkToken });
  expect(scan.status).toBe(200);
  return bff.api.post(
    `/api/stores/${storeId}/checkouts`,
    { scanId: scan.body.scanId, orderRef: `SEC-${ulid()}`, amountFen: 10_000, redeemPoints: 100 },
    { token: clerkToken, idempotencyKey: ulid() },
  );
}

describe('Blocks survive a phone merge', () => {
  test('When a blocked member binds the phone their older, unblocked account holds, Then the older survives blocked and the frozen points cannot be spent', async () => {
    const phone = nextPhone();
    const clean = await signInMember(bff, fake, { openid: 'o-clean-old' });
    await bindPhone(bff, fake, clean.token, phone);
    const blocked = await signInMember(bff, fake, { openid: 'o-blocked-new' });
    await give(blocked.memberId, 500);
    await block(blocked.memberId);
    const again = await signInMember(bff, fake, { openid: 'o-blocked-new' });
    const bound = await bindPhone(bff, fake, again.token, phone);
    expect(bound.status).toBe(200);
    expect(bound.body).toMatchObject({ merged: true, member: { id: clean.memberId } });
    expect(await flagsOf(clean.memberId)).toEqual({ status: 'active', spendBlocked: true });
    expect((await getMemberBalances(db(), clean.memberId)).points).toBe(500);
    const survivor = { ...again, token: bound.body.token, memberId: clean.memberId };
    const spend = await spendAtTill(survivor);
    expect(spend.status).toBe(403);
    expect(spend.body.error.code).toBe('MEMBER_BLOCKED');
    expect((await getMemberBalances(db(), clean.memberId)).points).toBe(500);
  });

  test('When the older account binds the phone a newer, blocked account holds, Then the caller survives, blocked, and the holder is merged into it', async () => {
    const phone = nextPhone();
    const older = await signInMember(bff, fake, { openid: 'o-older-caller' });
    const holder = await signInMember(bff, fake, { openid: 'o-newer-holder' });
    await bindPhone(bff, fake, holder.token, phone);
    await give(holder.memberId, 300);
    await block(holder.memberId);
    const bound = await bindPhone(bff, fake, older.token, phone);
    expect(bound.body).toMatchObject({ merged: true, member: { id: older.memberId, phoneBound: true } });
    expect(await flagsOf(holder.memberId)).toMatchObject({ status: 'merged' });
    expect(await flagsOf(older.memberId)).toEqual({ status: 'active', spendBlocked: true });
    expect((await getMemberBalances(db(), older.memberId)).points).toBe(300);
  });

  test('When such a merge is undone, Then each side gets its own block and phone back', async () => {
    const phone = nextPhone();
    const older = await signInMember(bff, fake, { openid: 'o-undo-older' });
    const holder = await signInMember(bff, fake, { openid: 'o-undo-holder' });
    await bindPhone(bff, fake, holder.token, phone);
    await block(holder.memberId);
    await bindPhone(bff, fake, older.token, phone);
    const [merge] = await select<{ id: string }>(db(), 'SELECT id FROM member_merges WHERE from_member_id = ?', [
      holder.memberId,
    ]);
    const undone = await bff.api.post(`/api/admin/merges/${merge.id}/undo`, {}, { token: admin });
    expect(undone.status).toBe(200);
    expect(await flagsOf(older.memberId)).toEqual({ status: 'active', spendBlocked: false });
    expect(await flagsOf(holder.memberId)).toEqual({ status: 'active', spendBlocked: true });
    const phones = await select<{ id: string }>(
      db(),
      'SELECT id FROM members WHERE phone_index IS NOT NULL AND id IN (?, ?)',
      [older.memberId, holder.memberId],
    );
    expect(phones.map((row) => row.id)).toEqual([holder.memberId]);
  });
});

describe('Undoing a merge cuts the absorbed caller off', () => {
  test('When HQ undoes a merge, Then the token it handed out and both old sessions stop working and both member codes change', async () => {
    const phone = nextPhone();
    const holder = await signInMember(bff, fake, { openid: 'o-cut-holder' });
    await bindPhone(bff, fake, holder.token, phone);
    await give(holder.memberId, 80);
    const holderSecret = (await bff.api.get('/api/me/member-code-secret', holder.token)).body;
    const newcomer = await signInMember(bff, fake, { openid: 'o-cut-newcomer' });
    const newcomerSecret = (await bff.api.get('/api/me/member-code-secret', newcomer.token)).body;
    const bound = await bindPhone(bff, fake, newcomer.token, phone);
    const handedOut = bound.body.token as string;
    // Through the merge the newcomer reads the survivor's card and its code secret.
    expect((await bff.api.get('/api/me', handedOut)).body.points).toBe(80);
    const [merge] = await select<{ id: string }>(db(), 'SELECT id FROM member_merges WHERE from_member_id = ?', [
      newcomer.memberId,
    ]);
    expect((await bff.api.post(`/api/admin/merges/${merge.id}/undo`, {}, { token: admin })).status).toBe(200);

    for (const token of [handedOut, holder.token]) {
      const refused = await bff.api.get('/api/me', token);
      expect(refused.status).toBe(401);
      expect(refused.body.error.details).toEqual({ reason: 'SESSION_REVOKED' });
    }
    // Codes from the secrets fetched before the undo open no scan.
    for (const secret of [holderSecret, newcomerSecret]) {
      const code = memberCodeAt(secret.memberCodeId, secret.secret, Date.now());
      const scan = await bff.api.post(`/api/stores/${storeId}/scan`, { code }, { token: clerkToken });
      expect(scan.status).toBe(400);
      expect(scan.body.error.code).toBe('INVALID_CODE');
    }
    // Signing in again lands each person on their own card.
    const back = await signInMember(bff, fake, { openid: 'o-cut-newcomer' });
    expect(back.memberId).toBe(newcomer.memberId);
    expect((await bff.api.get('/api/me', back.token)).body.points).toBe(0);
    const holderAgain = await signInMember(bff, fake, { openid: 'o-cut-holder' });
    expect((await bff.api.get('/api/me', holderAgain.token)).body.points).toBe(80);
  });
});

describe('Sessions end on block, staff revocation and deletion', () => {
  test('When HQ blocks a member, Then their open session ends and a new sign-in works', async () => {
    const member = await signInMember(bff, fake, { openid: 'o-sess-block' });
    await block(member.memberId);
    const stale = await bff.api.get('/api/me', member.token);
    expect(stale.status).toBe(401);
    expect(stale.body.error.details).toEqual({ reason: 'SESSION_REVOKED' });
    // The app's silent sign-in still sends the ended token: the login must not refuse it.
    const again = await bff.api.post(
      '/api/auth/wechat-login',
      { code: fake.issueLoginCode('o-sess-block') },
      { token: member.token },
    );
    expect(again.status).toBe(200);
    expect((await bff.api.get('/api/me', again.body.token)).status).toBe(200);
  });

  test('When HQ revokes a clerk, Then their session at the till ends at once', async () => {
    const clerk = await signInMember(bff, fake, { openid: 'o-sess-clerk' });
    await makeStaff(bff, { memberId: clerk.memberId, storeId, role: 'clerk' });
    expect((await bff.api.get(`/api/stores/${storeId}/checkouts`, clerk.token)).status).toBe(200);
    const revoked = await bff.api.post(
      `/api/admin/stores/${storeId}/staff/${clerk.memberId}/revoke`,
      {},
      { token: admin },
    );
    expect(revoked.status).toBe(200);
    const stale = await bff.api.get(`/api/stores/${storeId}/checkouts`, clerk.token);
    expect(stale.status).toBe(401);
    const again = await signInMember(bff, fake, { openid: 'o-sess-clerk' });
    expect(again.staff).toEqual([]);
    expect((await bff.api.get(`/api/stores/${storeId}/checkouts`, again.token)).body.error.code).toBe(
      'NOT_STAFF_OF_STORE',
    );
  });

  test('When a member deletes their data, Then the token they used stops working', async () => {
    const member = await signInMember(bff, fake, { openid: 'o-sess-delete' });
    expect((await bff.api.post('/api/me/delete', {}, { token: member.token })).status).toBe(200);
    expect((await bff.api.get('/api/me', member.token)).status).toBe(401);
    const [row] = await select<{ token_version: number }>(db(), 'SELECT token_version FROM members WHERE id = ?', [
      member.memberId,
    ]);
    expect(Number(row.token_version)).toBe(1);
  });
});
