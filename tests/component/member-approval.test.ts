import { createHmac } from 'node:crypto';
import type { PosClient } from '../../scripts/src/pos/pos-client';
import {
  balancesOf,
  checkout,
  countRows,
  createMember,
  grantPoints,
  MovableClock,
  newKey,
  scanMember,
  type TestMember,
  topUp,
  twoStores,
} from '../support/instore-fixtures';
import { bindPhone, clientFor, issueKey } from '../support/pos-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

// Monday 2026-11-23, 12:00 in Shanghai.
const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
let bff: TestBff;
let stage: Awaited<ReturnType<typeof twoStores>>;
let pos: PosClient;
let order = 0;

const WRITES = ['checkouts', 'ledger_transfers', 'member_approvals'];
const TWO_MINUTES = 2 * 60 * 1000;

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  stage = await twoStores(bff);
  pos = clientFor(bff, await issueKey(bff, stage.admin, stage.storeA, '前台收银'));
  // Small limits keep the figures readable: more than 1,000 points or ¥50 of stored value needs the member.
  const put = await bff.api.put(
    '/api/admin/member-approval-rule',
    { pointsAbove: 1_000, storedValueAboveFen: 5_000 },
    { token: stage.admin },
  );
  expect(put.status).toBe(200);
});
afterAll(() => bff?.close());

/** A member holding 10,000 points and ¥200, scanned at store A; the order deducts 2,000 points. */
async function largeOrder(member?: TestMember) {
  const who = member ?? (await createMember(bff));
  if (!member) {
    await grantPoints(bff, who.id, stage.storeA, 10_000);
    await topUp(bff, who.id, stage.storeA, 20_000);
  }
  const scanId = await scanMember(bff, stage.clerkA, stage.storeA, who);
  const body = { scanId, orderRef: `MA-${++order}`, amountFen: 10_000, redeemPoints: 2_000 };
  return { member: who, body };
}

const askMember = (body: Record<string, unknown>, storeId = stage.storeA, clerk = stage.clerkA) =>
  bff.api.post(`/api/stores/${storeId}/member-approvals`, body, { token: clerk.token, idempotencyKey: newKey() });
const tillView = (id: string, storeId = stage.storeA, clerk = stage.clerkA) =>
  bff.api.get(`/api/stores/${storeId}/member-approvals/${id}`, clerk.token);
const decide = (member: TestMember, id: string, decision: 'approve' | 'reject') =>
  bff.api.post(`/api/me/member-approvals/${id}/${decision}`, {}, { token: member.token });
const enterPin = (id: string, pin: string) =>
  bff.api.post(`/api/stores/${stage.storeA}/member-approvals/${id}/pin`, { pin }, { token: stage.clerkA.token });
const setPin = (member: TestMember, body: Record<string, unknown>) =>
  bff.api.put('/api/me/payment-pin', body, { token: member.token });

/** A large order the member already approved on their phone. */
async function approvedOrder() {
  const { member, body } = await largeOrder();
  const asked = await askMember(body);
  expect(asked.status).toBe(201);
  expect((await decide(member, asked.body.approvalId, 'approve')).status).toBe(200);
  return { member, body, approvalId: asked.body.approvalId as string };
}

describe('Member approval of large deductions', () => {
  test('When HQ never set the rule, Then more than 50,000 points or ¥500 of stored value needs the member', async () => {
    const { defaultRules } = await import('../../bff/src/domain/rules/rule-store');
    expect(defaultRules['member-approval']).toEqual({ pointsAbove: 50_000, storedValueAboveFen: 50_000 });
    const rule = await bff.api.get('/api/admin/member-approval-rule', stage.admin);
    expect(rule.body.rule).toEqual({ pointsAbove: 1_000, storedValueAboveFen: 5_000 });
  });

  test('When the clerk checks out a deduction above the limit alone, Then 403 MEMBER_APPROVAL_REQUIRED and nothing is written; at the limit no approval is needed', async () => {
    const { member, body } = await largeOrder();
    const preview = await bff.api.post(`/api/stores/${stage.storeA}/checkouts/preview`, body, {
      token: stage.clerkA.token,
    });
    expect(preview.body.memberApproval).toEqual({
      approvalRequired: true,
      approved: false,
      pointsAbove: 1_000,
      storedValueAboveFen: 5_000,
    });
    const before = await countRows(bff, WRITES);
    const alone = await checkout(bff, stage.clerkA, stage.storeA, body);
    expect(alone.status).toBe(403);
    expect(alone.body.error.code).toBe('MEMBER_APPROVAL_REQUIRED');
    expect(await countRows(bff, WRITES)).toEqual(before);

    // Exactly 1,000 points and ¥50 is not above the limit.
    const atLimit = await checkout(bff, stage.clerkA, stage.storeA, {
      ...body,
      redeemPoints: 1_000,
      storedValueFen: 5_000,
    });
    expect(atLimit.status).toBe(201);
    expect(atLimit.body.memberApproval.approvalRequired).toBe(false);
    expect(await balancesOf(bff, member)).toMatchObject({ storedValueFen: 20_000 - 5_000 });
  });

  test('When the member approves on their phone, Then the card lists the request, the till sees it approved and the checkout runs once (a retry replays it)', async () => {
    const { member, body } = await largeOrder();
    const asked = await askMember(body);
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ kind: 'checkout', status: 'pending', amountFen: 10_000, points: 2_000 });
    expect(asked.body.storedValueFen).toBe(0);
    expect(Date.parse(asked.body.expiresAt) - clock.now().getTime()).toBe(TWO_MINUTES);

    const card = await bff.api.get('/api/me/member-approvals', member.token);
    expect(card.body.items).toHaveLength(1);
    expect(card.body.items[0]).toMatchObject({
      approvalId: asked.body.approvalId,
      storeName: 'Store A',
      points: 2_000,
    });

    const approved = await decide(member, asked.body.approvalId, 'approve');
    expect(approved.body).toMatchObject({ status: 'approved', decidedWith: 'phone' });
    expect((await decide(member, asked.body.approvalId, 'approve')).status).toBe(200); // a double tap
    expect((await tillView(asked.body.approvalId)).body.status).toBe('approved');
    expect((await bff.api.get('/api/me/member-approvals', member.token)).body.items).toEqual([]);

    const key = newKey();
    const sale = await checkout(
      bff,
      stage.clerkA,
      stage.storeA,
      { ...body, memberApprovalId: asked.body.approvalId },
      key,
    );
    expect(sale.status).toBe(201);
    // 2,000 points = ¥20 off ¥100; cash ¥80 earns 80 points.
    expect(sale.body).toMatchObject({ pointsRedeemed: 2_000, cashDueFen: 8_000, pointsEarned: 80 });
    expect(sale.body.member.points).toBe(10_000 - 2_000 + 80);
    const retry = await checkout(
      bff,
      stage.clerkA,
      stage.storeA,
      { ...body, memberApprovalId: asked.body.approvalId },
      key,
    );
    expect(retry.status).toBe(201);
    expect(retry.body.checkoutId).toBe(sale.body.checkoutId);
    expect((await tillView(asked.body.approvalId)).body.status).toBe('used');
  });

  test('When an approval that paid one checkout is sent with another, or with two at once, Then one runs and the rest are 409 MEMBER_APPROVAL_USED', async () => {
    const { body, approvalId } = await approvedOrder();
    expect((await checkout(bff, stage.clerkA, stage.storeA, { ...body, memberApprovalId: approvalId })).status).toBe(
      201,
    );
    const again = await checkout(bff, stage.clerkA, stage.storeA, {
      ...body,
      orderRef: `MA-${++order}`,
      memberApprovalId: approvalId,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('MEMBER_APPROVAL_USED');

    const second = await approvedOrder();
    const [a, b] = await Promise.all([
      checkout(bff, stage.clerkA, stage.storeA, { ...second.body, memberApprovalId: second.approvalId }),
      checkout(bff, stage.clerkA, stage.storeA, {
        ...second.body,
        orderRef: `MA-${++order}`,
        memberApprovalId: second.approvalId,
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect((a.status === 409 ? a : b).body.error.code).toBe('MEMBER_APPROVAL_USED');
    // One deduction of 2,000 points and 80 earned on ¥80 cash.
    expect(await balancesOf(bff, second.member)).toMatchObject({ points: 10_000 - 2_000 + 80 });
  });

  test('When two minutes pass before the member answers, Then the till sees 超时 (expired) and approving is 410', async () => {
    const { member, body } = await largeOrder();
    const asked = await askMember(body);
    clock.advance(TWO_MINUTES);
    expect((await tillView(asked.body.approvalId)).body.status).toBe('expired');
    const late = await decide(member, asked.body.approvalId, 'approve');
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe('MEMBER_APPROVAL_EXPIRED');
  });

  test('When an approval is not used within two minutes, Then the checkout is 410 MEMBER_APPROVAL_EXPIRED', async () => {
    const { body, approvalId } = await approvedOrder();
    clock.advance(TWO_MINUTES);
    const sale = await checkout(bff, stage.clerkA, stage.storeA, { ...body, memberApprovalId: approvalId });
    expect(sale.status).toBe(410);
    expect(sale.body.error.code).toBe('MEMBER_APPROVAL_EXPIRED');
  });

  test('When the amount or the deduction differs from what the member approved, Then 409 MEMBER_APPROVAL_MISMATCH', async () => {
    const { body, approvalId } = await approvedOrder();
    const dearer = await checkout(bff, stage.clerkA, stage.storeA, {
      ...body,
      amountFen: 12_000,
      memberApprovalId: approvalId,
    });
    expect(dearer.status).toBe(409);
    expect(dearer.body.error).toMatchObject({ code: 'MEMBER_APPROVAL_MISMATCH', details: { field: 'amount' } });
    const morePoints = await checkout(bff, stage.clerkA, stage.storeA, {
      ...body,
      redeemPoints: 3_000,
      memberApprovalId: approvalId,
    });
    expect(morePoints.body.error).toMatchObject({ code: 'MEMBER_APPROVAL_MISMATCH', details: { field: 'deduction' } });
  });

  test("When another member's approval is sent, or a member answers another's request, Then 409 MISMATCH and 404", async () => {
    const first = await approvedOrder();
    const other = await largeOrder();
    const sale = await checkout(bff, stage.clerkA, stage.storeA, { ...other.body, memberApprovalId: first.approvalId });
    expect(sale.status).toBe(409);
    expect(sale.body.error).toMatchObject({ code: 'MEMBER_APPROVAL_MISMATCH', details: { field: 'member' } });

    const asked = await askMember(other.body);
    const stranger = await decide(first.member, asked.body.approvalId, 'approve');
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.code).toBe('MEMBER_APPROVAL_NOT_FOUND');
  });

  test("When another store's clerk uses or reads the approval, Then 404 MEMBER_APPROVAL_NOT_FOUND", async () => {
    const { member, approvalId } = await approvedOrder();
    const scanB = await scanMember(bff, stage.clerkB, stage.storeB, member);
    const atB = await checkout(bff, stage.clerkB, stage.storeB, {
      scanId: scanB,
      orderRef: `MA-${++order}`,
      amountFen: 10_000,
      redeemPoints: 2_000,
      memberApprovalId: approvalId,
    });
    expect(atB.status).toBe(404);
    expect(atB.body.error.code).toBe('MEMBER_APPROVAL_NOT_FOUND');
    expect((await tillView(approvalId, stage.storeB, stage.clerkB)).status).toBe(404);
  });

  test('When the member declines, Then the till sees 已拒绝 (rejected) and the checkout is 409 MEMBER_APPROVAL_REJECTED', async () => {
    const { member, body } = await largeOrder();
    const asked = await askMember(body);
    expect((await decide(member, asked.body.approvalId, 'reject')).body.status).toBe('rejected');
    expect((await tillView(asked.body.approvalId)).body.status).toBe('rejected');
    const sale = await checkout(bff, stage.clerkA, stage.storeA, { ...body, memberApprovalId: asked.body.approvalId });
    expect(sale.status).toBe(409);
    expect(sale.body.error.code).toBe('MEMBER_APPROVAL_REJECTED');
  });

  test('When approve and decline arrive at once, Then exactly one wins and the request says which', async () => {
    const { member, body } = await largeOrder();
    const asked = await askMember(body);
    const [yes, no] = await Promise.all([
      decide(member, asked.body.approvalId, 'approve'),
      decide(member, asked.body.approvalId, 'reject'),
    ]);
    expect([yes.status, no.status].sort()).toEqual([200, 409]);
    const winner = yes.status === 200 ? 'approved' : 'rejected';
    const loser = yes.status === 200 ? no : yes;
    expect(loser.body.error.code).toBe(winner === 'approved' ? 'MEMBER_APPROVAL_DECIDED' : 'MEMBER_APPROVAL_REJECTED');
    expect((await tillView(asked.body.approvalId)).body.status).toBe(winner);
  });
});

describe('The payment PIN at the till', () => {
  test('When the member has no PIN, Then the till is told so; an easy PIN is refused and the PIN is stored only as a slow hash', async () => {
    const { member, body } = await largeOrder();
    const asked = await askMember(body);
    const none = await enterPin(asked.body.approvalId, '258013');
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('PAYMENT_PIN_NOT_SET');
    expect((await setPin(member, { pin: '123456' })).status).toBe(400);
    expect((await setPin(member, { pin: '258013' })).body).toEqual({ set: true, lockedUntil: null });
    const [row] = await bff.db.dataSource.query('SELECT pin_hash FROM member_payment_pins WHERE member_id = ?', [
      member.id,
    ]);
    expect(row.pin_hash).toMatch(/^scrypt\$/);
    expect(row.pin_hash).not.toContain('258013');
    // Changing it takes the current PIN.
    expect((await setPin(member, { pin: '731946' })).status).toBe(403);
    expect((await setPin(member, { pin: '731946', currentPin: '258013' })).status).toBe(200);

    const approved = await enterPin(asked.body.approvalId, '731946');
    expect(approved.body).toMatchObject({ status: 'approved', decidedWith: 'pin' });
    const sale = await checkout(bff, stage.clerkA, stage.storeA, { ...body, memberApprovalId: asked.body.approvalId });
    expect(sale.status).toBe(201);
  });

  test('When five wrong PINs are typed, Then the PIN locks for 15 minutes (even the right one is refused) and the count resets after', async () => {
    const { member, body } = await largeOrder();
    await setPin(member, { pin: '258013' });
    const asked = await askMember(body);
    const wrong = await enterPin(asked.body.approvalId, '000001');
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toMatchObject({ code: 'PAYMENT_PIN_INCORRECT', details: { attemptsLeft: 4 } });
    for (const pin of ['000002', '000003', '000004'])
      expect((await enterPin(asked.body.approvalId, pin)).status).toBe(403);
    const fifth = await enterPin(asked.body.approvalId, '000005');
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe('PAYMENT_PIN_LOCKED');
    const right = await enterPin(asked.body.approvalId, '258013');
    expect(right.status).toBe(423);
    expect((await tillView(asked.body.approvalId)).body.status).toBe('pending');
    expect((await bff.api.get('/api/me/payment-pin', member.token)).body.lockedUntil).toBe(
      new Date(clock.now().getTime() + 15 * 60 * 1000).toISOString(),
    );

    clock.advance(15 * 60 * 1000);
    const again = await largeOrder(member);
    const second = await askMember(again.body);
    expect((await enterPin(second.body.approvalId, '258013')).body.status).toBe('approved');
  });
});

/** The card's one-time approval code, computed here from RFC 4226 with node:crypto: HMAC-SHA256(secret, "approve:" + minute). */
async function cardCode(member: TestMember, stepShift = 0): Promise<string> {
  const res = await bff.api.get('/api/me/member-code-secret', member.token);
  const step = Math.floor(clock.now().getTime() / 60_000) + stepShift;
  const mac = createHmac('sha256', Buffer.from(res.body.secret, 'base64url')).update(`approve:${step}`).digest();
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}
const enterCode = (id: string, approvalCode: string, storeId = stage.storeA, clerk = stage.clerkA) =>
  bff.api.post(`/api/stores/${storeId}/member-approvals/${id}/pin`, { approvalCode }, { token: clerk.token });
/** Asks the member `times` times for the same order (one pending request each). */
async function pendingRequests(body: Record<string, unknown>, times: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < times; i++) {
    const asked = await askMember(body);
    expect(asked.status).toBe(201);
    ids.push(asked.body.approvalId);
  }
  return ids;
}

describe("The one-time approval code on the member's card", () => {
  test('When the clerk types the code the card shows, Then the request is approved once and the checkout runs; the same code cannot approve again', async () => {
    const { member, body } = await largeOrder();
    const [first, second] = await pendingRequests(body, 2);
    const code = await cardCode(member);
    const approved = await enterCode(first!, code);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedWith: 'code' });
    const replay = await enterCode(second!, code);
    expect(replay.status).toBe(409);
    expect(replay.body.error.code).toBe('APPROVAL_CODE_USED');
    expect((await tillView(second!)).body.status).toBe('pending');
    const sale = await checkout(bff, stage.clerkA, stage.storeA, { ...body, memberApprovalId: first });
    expect(sale.status).toBe(201);
    expect(await balancesOf(bff, member)).toMatchObject({ points: 10_000 - 2_000 + 80 });
  });

  test('When the code is from one minute before or after, Then it is accepted; two minutes off it is wrong and counts', async () => {
    const { member, body } = await largeOrder();
    const ids = await pendingRequests(body, 3);
    const before = await enterCode(ids[0]!, await cardCode(member, -1));
    expect(before.body).toMatchObject({ status: 'approved', decidedWith: 'code' });
    const after = await enterCode(ids[1]!, await cardCode(member, 1));
    expect(after.body).toMatchObject({ status: 'approved', decidedWith: 'code' });
    const early = await enterCode(ids[2]!, await cardCode(member, -2));
    expect(early.status).toBe(403);
    expect(early.body.error).toMatchObject({ code: 'APPROVAL_CODE_INCORRECT', details: { attemptsLeft: 4 } });
    const late = await enterCode(ids[2]!, await cardCode(member, 2));
    expect(late.body.error).toMatchObject({ code: 'APPROVAL_CODE_INCORRECT', details: { attemptsLeft: 3 } });
    expect((await tillView(ids[2]!)).body.status).toBe('pending');
  });

  test("When another store's clerk types the right code, Then 404 and the code still approves at the member's till", async () => {
    const { member, body } = await largeOrder();
    const [id] = await pendingRequests(body, 1);
    const code = await cardCode(member);
    const elsewhere = await enterCode(id!, code, stage.storeB, stage.clerkB);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.code).toBe('MEMBER_APPROVAL_NOT_FOUND');
    expect((await enterCode(id!, code)).body.status).toBe('approved');
  });

  test('When wrong PINs and wrong codes add up to five, Then both lock for 15 minutes, even the right code; a member without a PIN locks the same way', async () => {
    const { member, body } = await largeOrder();
    await setPin(member, { pin: '258013' });
    const [id] = await pendingRequests(body, 1);
    for (const pin of ['000001', '000002', '000003']) expect((await enterPin(id!, pin)).status).toBe(403);
    const fourth = await enterCode(id!, '000004');
    expect(fourth.body.error).toMatchObject({ code: 'APPROVAL_CODE_INCORRECT', details: { attemptsLeft: 1 } });
    const fifth = await enterCode(id!, '000005');
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe('PAYMENT_PIN_LOCKED');
    expect((await enterCode(id!, await cardCode(member))).status).toBe(423);
    expect((await enterPin(id!, '258013')).status).toBe(423);
    expect((await tillView(id!)).body.status).toBe('pending');

    const noPin = await largeOrder();
    const [other] = await pendingRequests(noPin.body, 1);
    for (const code of ['000011', '000012', '000013', '000014'])
      expect((await enterCode(other!, code)).status).toBe(403);
    expect((await enterCode(other!, '000015')).status).toBe(423);
    const status = await bff.api.get('/api/me/payment-pin', noPin.member.token);
    expect(status.body).toEqual({
      set: false,
      lockedUntil: new Date(clock.now().getTime() + 15 * 60 * 1000).toISOString(),
    });
    // Setting a first PIN keeps the lock-out the codes earned.
    expect((await setPin(noPin.member, { pin: '258013' })).body.set).toBe(true);
    expect((await enterPin(other!, '258013')).status).toBe(423);

    clock.advance(15 * 60 * 1000);
    const again = await largeOrder(noPin.member);
    const [fresh] = await pendingRequests(again.body, 1);
    expect((await enterCode(fresh!, await cardCode(noPin.member))).body.status).toBe('approved');
  });

  test('When the body has both pin and approvalCode, or neither, or a short code, Then 400 and nothing is decided', async () => {
    const { body } = await largeOrder();
    const [id] = await pendingRequests(body, 1);
    for (const entry of [{ pin: '258013', approvalCode: '123456' }, {}, { approvalCode: '12345' }]) {
      const res = await bff.api.post(`/api/stores/${stage.storeA}/member-approvals/${id}/pin`, entry, {
        token: stage.clerkA.token,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await tillView(id!)).body.status).toBe('pending');
  });
});

describe('POS: looking a member up by phone number', () => {
  async function memberWithPhone(PHONE: string): Promise<TestMember> {
    const member = await createMember(bff);
    await bindPhone(bff, member.id, PHONE);
    await grantPoints(bff, member.id, stage.storeA, 5_000);
    return member;
  }

  test('When a POS looks up a phone number, Then it learns nothing until the member approves, then gets a scan to check out with', async () => {
    const member = await memberWithPhone('13912345678');
    const lookup = await pos.request('POST', '/api/pos/members/lookup-by-phone', { phone: '+86 139 1234 5678' }, 'L-1');
    expect(lookup.status).toBe(201);
    expect(lookup.body).toMatchObject({ kind: 'phone-lookup', status: 'pending', storeName: 'Store A', scanId: null });
    expect(JSON.stringify(lookup.body)).not.toContain(member.id);
    const waiting = await pos.request('GET', `/api/pos/member-approvals/${lookup.body.approvalId}`);
    expect(waiting.body).toMatchObject({ status: 'pending', scan: null });

    const card = await bff.api.get('/api/me/member-approvals', member.token);
    expect(card.body.items[0]).toMatchObject({ kind: 'phone-lookup', storeName: 'Store A' });
    expect((await decide(member, lookup.body.approvalId, 'approve')).status).toBe(200);

    const ready = await pos.request('GET', `/api/pos/member-approvals/${lookup.body.approvalId}`);
    expect(ready.body.status).toBe('approved');
    expect(ready.body.scan.member).toMatchObject({ id: member.id, points: 5_000, phoneMasked: '139****5678' });
    const sale = await pos.checkout('POS-PHONE-1', {
      scanId: ready.body.scan.scanId,
      amountFen: 3_000,
      redeemPoints: 500,
    });
    expect(sale.status).toBe(201);
    expect(sale.body.member.points).toBe(5_000 - 500 + 25);
  });

  test('When the member declines the lookup or no member has the number, Then the POS gets no scan or 404', async () => {
    const member = await memberWithPhone('13812340000');
    const lookup = await pos.request('POST', '/api/pos/members/lookup-by-phone', { phone: '13812340000' }, 'L-2');
    await decide(member, lookup.body.approvalId, 'reject');
    const refused = await pos.request('GET', `/api/pos/member-approvals/${lookup.body.approvalId}`);
    expect(refused.body).toMatchObject({ status: 'rejected', scan: null });
    const unknown = await pos.request('POST', '/api/pos/members/lookup-by-phone', { phone: '13700000000' }, 'L-3');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('MEMBER_NOT_FOUND');
  });

  test('When a store has looked up 60 phone numbers this hour, Then the next lookup is 429 and asks nobody; other stores are not held up', async () => {
    const member = await memberWithPhone('13812349999');
    const storeB = clientFor(bff, await issueKey(bff, stage.admin, stage.storeB, 'B till'));
    const lookup = (client: PosClient, phone: string, key: string) =>
      client.request('POST', '/api/pos/members/lookup-by-phone', { phone }, key);
    for (let i = 0; i < 60; i++) expect((await lookup(storeB, '13700000001', `RL-${i}`)).status).toBe(404);
    const before = await countRows(bff, ['member_approvals']);
    const refused = await lookup(storeB, '13812349999', 'RL-60');
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(await countRows(bff, ['member_approvals'])).toEqual(before);
    expect((await bff.api.get('/api/me/member-approvals', member.token)).body.items).toEqual([]);
    expect((await lookup(pos, '13812349999', 'RL-A')).status).toBe(201);
  });

  test('When a POS deducts above the limit, Then it asks the member the same way and checks out with the approval', async () => {
    const { member, body } = await largeOrder();
    const { scanId, amountFen, redeemPoints } = body;
    const order = { scanId, amountFen, redeemPoints };
    const alone = await pos.checkout('POS-BIG-1', order);
    expect(alone.body.error.code).toBe('MEMBER_APPROVAL_REQUIRED');
    const asked = await pos.request('POST', '/api/pos/member-approvals', { ...order, orderRef: 'POS-BIG-1' }, 'A-1');
    expect(asked.status).toBe(201);
    // Another store's key neither sees nor answers it.
    const other = clientFor(bff, await issueKey(bff, stage.admin, stage.storeB, 'B till 2'));
    for (const res of [
      await other.approval(asked.body.approvalId),
      await other.enterPin(asked.body.approvalId, '258013'),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('MEMBER_APPROVAL_NOT_FOUND');
    }
    await decide(member, asked.body.approvalId, 'approve');
    const sale = await pos.checkout('POS-BIG-2', { ...order, memberApprovalId: asked.body.approvalId });
    expect(sale.status).toBe(201);
  });

  test("When the POS clerk types the code on the member's card, Then the request is approved and the POS checks out with it", async () => {
    const { member, body } = await largeOrder();
    const { scanId, amountFen, redeemPoints } = body;
    const order = { scanId, amountFen, redeemPoints };
    const asked = await pos.request('POST', '/api/pos/member-approvals', { ...order, orderRef: 'POS-BIG-3' }, 'A-2');
    const wrong = await pos.enterApprovalCode(asked.body.approvalId, '000000');
    expect(wrong.body.error.code).toBe('APPROVAL_CODE_INCORRECT');
    const approved = await pos.enterApprovalCode(asked.body.approvalId, await cardCode(member));
    expect(approved.body).toMatchObject({ status: 'approved', decidedWith: 'code' });
    const sale = await pos.checkout('POS-BIG-3', { ...order, memberApprovalId: asked.body.approvalId });
    expect(sale.status).toBe(201);
  });
});
