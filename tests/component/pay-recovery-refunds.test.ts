import { select } from '../../bff/src/db/tx';
import {
  checkout,
  createAdminToken,
  createStaff,
  createStore,
  scanMember,
  type TestMember,
} from '../support/instore-fixtures';
import {
  bonusRule,
  bootPayStage,
  notificationLog,
  orderStatus,
  type PayStage,
  payingMember,
  runReconcile,
  setTopupRule,
  settled,
  startTopup,
  storedValueOf,
  waitUntil,
} from '../support/pay-fixtures';

let stage: PayStage;
let admin: string;
let storeA: string;
let storeB: string;
let clerkB: TestMember;

beforeAll(async () => {
  stage = await bootPayStage();
  admin = await createAdminToken(stage.bff);
  storeA = await createStore(stage.bff, 'Store A');
  storeB = await createStore(stage.bff, 'Store B');
  clerkB = await createStaff(stage.bff, storeB);
  expect((await setTopupRule(stage, admin, bonusRule)).status).toBe(200);
});
afterEach(() => {
  stage.bff.deps.failpoints = undefined;
  stage.fake.settings.holdRefunds = false;
});
afterAll(() => stage?.close());

const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000);

/** Fails the payment transaction after WeChat's answer is in hand, `times` times: a killed process. */
function killBeforeCommit(times: number) {
  let left = times;
  stage.bff.deps.failpoints = {
    hit(name) {
      if (name === 'pay.apply-payment.before-commit' && left-- > 0) throw new Error('process killed before commit');
    },
  };
}

/** A member whose ¥500 top-up at store A (with ¥50 HQ bonus) is paid but whose notification never came. */
async function paidTopupWithoutNotification() {
  const member = await payingMember(stage);
  const topup = await startTopup(stage, member.token, { amountFen: 50_000, storeId: storeA });
  await stage.fake.pay(topup.outTradeNo, { delayMs: 60_000 });
  return { member, topup };
}

async function paidTopup() {
  const member = await payingMember(stage);
  const topup = await startTopup(stage, member.token, { amountFen: 50_000, storeId: storeA });
  await stage.fake.pay(topup.outTradeNo, { awaitDelivery: true });
  expect(await storedValueOf(stage, member.token)).toBe(55_000);
  return { member, topup };
}

function refund(topupId: string, token = admin) {
  return stage.bff.api.post(`/api/admin/topups/${topupId}/refund`, { reason: '顾客申请退款' }, { token });
}

async function refundRow(topupId: string) {
  const [row] = await select<{ status: string; out_refund_no: string }>(
    stage.bff.db.dataSource.manager,
    'SELECT status, out_refund_no FROM pay_refunds WHERE order_id = ? ORDER BY id DESC LIMIT 1',
    [topupId],
  );
  return row;
}

describe('reconcile-payments: a lost notification never loses a top-up', () => {
  test('When the notification never arrives, Then the job finds the payment after 5 minutes and credits it once', async () => {
    const { member, topup } = await paidTopupWithoutNotification();
    expect((await runReconcile(stage, admin, new Date())).body.processed).toBe(0);
    expect(await storedValueOf(stage, member.token)).toBe(0);
    const run = await runReconcile(stage, admin, minutesFromNow(6));
    expect(run.status).toBe(200);
    expect(run.body.processed).toBeGreaterThanOrEqual(1);
    expect(await storedValueOf(stage, member.token)).toBe(55_000);
    await runReconcile(stage, admin, minutesFromNow(7));
    expect(await storedValueOf(stage, member.token)).toBe(55_000);
    expect(await orderStatus(stage, topup.topupId)).toBe('paid');
  });

  test('When an order is left unpaid past its expiry, Then the job closes it at WeChat and here, and it can no longer be paid', async () => {
    const member = await payingMember(stage);
    const topup = await startTopup(stage, member.token, { amountFen: 2_000 });
    await runReconcile(stage, admin, minutesFromNow(6));
    expect(await orderStatus(stage, topup.topupId)).toBe('pending');
    // Past the 15 minutes sent as time_expire, WeChat no longer lets the member pay it.
    stage.fake.state.clockOffsetMs = 16 * 60_000;
    await expect(stage.fake.pay(topup.outTradeNo)).rejects.toThrow(/expired/);
    stage.fake.state.clockOffsetMs = 0;
    await runReconcile(stage, admin, minutesFromNow(16));
    expect(await orderStatus(stage, topup.topupId)).toBe('closed');
    expect(stage.fake.state.orders.get(topup.outTradeNo)?.state).toBe('CLOSED');
    await expect(stage.fake.pay(topup.outTradeNo)).rejects.toThrow(/closed/);
    expect(await storedValueOf(stage, member.token)).toBe(0);
  });
});

describe('A kill between WeChat’s answer and our commit loses nothing', () => {
  test('When the notification’s transaction dies before commit, Then 500 FAIL, nothing credited, and WeChat’s retry credits once', async () => {
    killBeforeCommit(1);
    const member = await payingMember(stage);
    const topup = await startTopup(stage, member.token, { amountFen: 10_000 });
    await stage.fake.pay(topup.outTradeNo, { awaitDelivery: true });
    const record = stage.fake.state.notifications.find((n) => n.outTradeNo === topup.outTradeNo);
    expect(record?.attempts[0].status).toBe(500);
    await settled(stage, topup.outTradeNo);
    expect(record?.attempts.map((attempt) => attempt.status)).toEqual([500, 204]);
    expect(await storedValueOf(stage, member.token)).toBe(11_000);
    expect((await notificationLog(stage, topup.outTradeNo)).map((line) => line.outcome)).toEqual(['failed', 'applied']);
  });

  test('When reconciliation’s transaction dies after WeChat said paid, Then nothing is credited and the next run completes it', async () => {
    const { member } = await paidTopupWithoutNotification();
    killBeforeCommit(1);
    await runReconcile(stage, admin, minutesFromNow(6));
    expect(await storedValueOf(stage, member.token)).toBe(0);
    await runReconcile(stage, admin, minutesFromNow(6));
    expect(await storedValueOf(stage, member.token)).toBe(55_000);
  });
});

describe('POST /api/admin/topups/:id/refund', () => {
  test('When part was spent at store B, Then the unused paid value is refunded, the bonus forfeited, held until WeChat says SUCCESS', async () => {
    const { member, topup } = await paidTopup();
    const scanId = await scanMember(stage.bff, clerkB, storeB, { id: member.id, memberCodeId: 0, token: member.token });
    const sale = await checkout(stage.bff, clerkB, storeB, {
      scanId,
      orderRef: `R-${topup.topupId}`,
      amountFen: 20_000,
      storedValueFen: 20_000,
    });
    expect(sale.status).toBe(201);
    stage.fake.settings.holdRefunds = true;
    const res = await refund(topup.topupId);
    expect(res.status).toBe(202);
    // ¥500 paid − ¥200 spent (paid value goes before the bonus) = ¥300 back; the ¥50 bonus forfeited.
    expect(res.body).toMatchObject({ status: 'processing', refundFen: 30_000, bonusForfeitedFen: 5_000 });
    expect(stage.fake.state.refunds.get(res.body.outRefundNo)).toMatchObject({ refundFen: 30_000, totalFen: 50_000 });
    expect(await storedValueOf(stage, member.token)).toBe(0);
    const held = (await stage.bff.api.get('/api/me/ledger?asset=CNY', member.token)).body.items.slice(0, 2);
    expect(
      held.map((line: { kind: string; amount: number; status: string }) => [line.kind, line.amount, line.status]),
    ).toEqual([
      ['TOPUP_REFUND', -5_000, 'pending'],
      ['TOPUP_REFUND', -30_000, 'pending'],
    ]);
    await stage.fake.settleRefund(res.body.outRefundNo, 'SUCCESS', { awaitDelivery: true });
    const after = await stage.bff.api.get(`/api/admin/topups/${topup.topupId}`, admin);
    expect(after.body.refund).toMatchObject({ status: 'success', refundFen: 30_000, bonusForfeitedFen: 5_000 });
    expect(await storedValueOf(stage, member.token)).toBe(0);
    const again = await refund(topup.topupId);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('NOTHING_TO_REFUND');
    // A period around today (settlement periods are at most 366 days): yesterday to tomorrow in UTC covers Shanghai's today.
    const dayOf = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
    const period = `from=${dayOf(-1)}&to=${dayOf(1)}`;
    const items = (await stage.bff.api.get(`/api/admin/settlements?${period}`, admin)).body.items;
    expect(items).toContainEqual(
      expect.objectContaining({ fromStoreId: storeA, toStoreId: storeB, storedValueFen: 20_000 }),
    );
  });

  test('When WeChat reports the refund ABNORMAL and then CLOSED, Then the value stays held, then comes back whole', async () => {
    const { member, topup } = await paidTopup();
    stage.fake.settings.holdRefunds = true;
    const res = await refund(topup.topupId);
    expect(res.body).toMatchObject({ refundFen: 50_000, bonusForfeitedFen: 5_000 });
    await stage.fake.settleRefund(res.body.outRefundNo, 'ABNORMAL', { awaitDelivery: true });
    expect((await refundRow(topup.topupId)).status).toBe('abnormal');
    expect(await storedValueOf(stage, member.token)).toBe(0);
    expect((await refund(topup.topupId)).body.error.code).toBe('REFUND_IN_PROGRESS');
    await stage.fake.settleRefund(res.body.outRefundNo, 'CLOSED', { awaitDelivery: true });
    expect((await refundRow(topup.topupId)).status).toBe('closed');
    expect(await storedValueOf(stage, member.token)).toBe(55_000);
    // The closed refund frees the top-up for another try.
    stage.fake.settings.holdRefunds = false;
    const retry = await refund(topup.topupId);
    expect(retry.status).toBe(202);
    await waitUntil(async () => (await refundRow(topup.topupId)).status === 'success');
    expect(await storedValueOf(stage, member.token)).toBe(0);
  });

  test('When the refund notification comes before the payment notification, Then both settle and the late payment credits nothing', async () => {
    const member = await payingMember(stage);
    const topup = await startTopup(stage, member.token, { amountFen: 10_000, storeId: storeA });
    await stage.fake.pay(topup.outTradeNo, { delayMs: 2_500 });
    await runReconcile(stage, admin, minutesFromNow(6));
    expect(await storedValueOf(stage, member.token)).toBe(11_000);
    const res = await refund(topup.topupId);
    expect(res.status).toBe(202);
    await waitUntil(async () => (await refundRow(topup.topupId)).status === 'success');
    await settled(stage, topup.outTradeNo);
    const outcomes = (await notificationLog(stage, topup.outTradeNo)).map(
      (line) => `${line.event_type} ${line.outcome}`,
    );
    expect(outcomes).toEqual(['RECONCILE.PAYMENT applied', 'REFUND.SUCCESS applied', 'TRANSACTION.SUCCESS duplicate']);
    expect(await storedValueOf(stage, member.token)).toBe(0);
  });

  test('When WeChat refuses the refund, Then 502 and the held value comes straight back', async () => {
    const { member, topup } = await paidTopup();
    stage.fake.failNext({ path: '/v3/refund/domestic/refunds', httpStatus: 400 });
    const res = await refund(topup.topupId);
    expect(res.status).toBe(502);
    expect(await storedValueOf(stage, member.token)).toBe(55_000);
    expect((await refundRow(topup.topupId)).status).toBe('closed');
  });

  test('When WeChat cannot be reached, Then the request stays held and reconcile-payments sends it again', async () => {
    const { member, topup } = await paidTopup();
    stage.fake.failNext({ path: '/v3/refund/domestic/refunds', reset: true });
    const res = await refund(topup.topupId);
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('requested');
    expect(await storedValueOf(stage, member.token)).toBe(0);
    await runReconcile(stage, admin, minutesFromNow(6));
    await waitUntil(async () => (await refundRow(topup.topupId)).status === 'success');
    expect(stage.fake.state.refunds.get(res.body.outRefundNo)?.status).toBe('SUCCESS');
  });

  test('When HQ lists a member’s top-ups, Then newest first with their refund, filtered by status, paged', async () => {
    const { member, topup } = await paidTopup();
    const pending = await startTopup(stage, member.token, { amountFen: 1_000 });
    const all = await stage.bff.api.get(`/api/admin/topups?memberId=${member.id}`, admin);
    expect(all.body.items.map((item: { topupId: string }) => item.topupId)).toEqual([pending.topupId, topup.topupId]);
    const paid = await stage.bff.api.get(`/api/admin/topups?memberId=${member.id}&status=paid&limit=1`, admin);
    expect(paid.body).toMatchObject({
      items: [{ topupId: topup.topupId, status: 'paid', refund: null }],
      nextCursor: null,
    });
    const first = await stage.bff.api.get(`/api/admin/topups?memberId=${member.id}&limit=1`, admin);
    const next = await stage.bff.api.get(
      `/api/admin/topups?memberId=${member.id}&limit=1&cursor=${first.body.nextCursor}`,
      admin,
    );
    expect(next.body.items.map((item: { topupId: string }) => item.topupId)).toEqual([topup.topupId]);
    expect((await stage.bff.api.get('/api/admin/topups', member.token)).status).toBe(403);
  });

  test('When the top-up is unpaid, unknown, or the caller is not HQ, Then 409 / 404 / 403 and nothing held', async () => {
    const member = await payingMember(stage);
    const unpaid = await startTopup(stage, member.token, { amountFen: 1_000 });
    expect((await refund(unpaid.topupId)).body.error.code).toBe('TOPUP_NOT_PAID');
    expect((await refund('01HZZZZZZZZZZZZZZZZZZZZZZZ')).status).toBe(404);
    expect((await refund(unpaid.topupId, member.token)).status).toBe(403);
  });
});
