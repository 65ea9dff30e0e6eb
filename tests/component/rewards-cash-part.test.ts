import { select } from '../../bff/src/db/tx';
import { balancesOf, createAdminToken, createStore, grantPoints, newKey } from '../support/instore-fixtures';
import { expectBalancedLedger } from '../support/ledger-fixtures';
import {
  bootPayStage,
  notificationLog,
  orderStatus,
  type PayStage,
  payingMember,
  paySignVerifies,
  runReconcile,
} from '../support/pay-fixtures';

/** Points + cash rewards: the cash part is a WeChat Pay JSAPI order; paid posts the hold, close or timeout voids it, once. */
let stage: PayStage;
let admin: string;
let storeA: string;

beforeAll(async () => {
  stage = await bootPayStage();
  admin = await createAdminToken(stage.bff);
  storeA = await createStore(stage.bff, 'Store A');
});
afterAll(() => stage?.close());

const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000);

async function cashReward(stock = 1) {
  const body = { name: '保温杯', pointsPrice: 400, cashPriceFen: 990, stock };
  const res = await stage.bff.api.post('/api/admin/rewards', body, { token: admin });
  if (res.status !== 201) throw new Error(`create reward: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

async function memberWithPoints(points: number) {
  const member = await payingMember(stage);
  await grantPoints(stage.bff, member.id, storeA, points);
  return member;
}

const exchange = (token: string, rewardId: string, key = newKey()) =>
  stage.bff.api.post(`/api/rewards/${rewardId}/exchange`, { quantity: 1 }, { token, idempotencyKey: key });

const points = async (member: { token: string }) => (await balancesOf(stage.bff, member as never)).points;

async function exchangeRow(id: string) {
  const [row] = await select<{ status: string; pickup_code: string | null }>(
    stage.bff.db.dataSource.manager,
    'SELECT status, pickup_code FROM reward_exchanges WHERE id = ?',
    [id],
  );
  return row;
}

async function transferStatus(exchangeId: string) {
  const [row] = await select<{ status: string }>(
    stage.bff.db.dataSource.manager,
    // The hold stays as written; a later transfer naming it (pending_id) posts or voids it.
    `SELECT CASE r.status WHEN 'post_pending' THEN 'posted' WHEN 'void_pending' THEN 'voided' ELSE t.status END AS status
       FROM ledger_transfers t LEFT JOIN ledger_transfers r ON r.pending_id = t.id
      WHERE t.cause_type = 'reward-exchange' AND t.cause_id = ?`,
    [exchangeId],
  );
  return row?.status;
}

async function stockOf(rewardId: string) {
  const [row] = await select<{ stock: number | string }>(
    stage.bff.db.dataSource.manager,
    'SELECT stock FROM rewards WHERE id = ?',
    [rewardId],
  );
  return Number(row.stock);
}

const releaseHolds = (asOf: Date) =>
  stage.bff.api.post('/api/admin/jobs/release-reward-holds/run', { asOf: asOf.toISOString() }, { token: admin });

test('When a member exchanges a 400-point + ¥9.90 item, Then 201 with the held points and a JSAPI order of ¥9.90 for their openid', async () => {
  const rewardId = await cashReward();
  const member = await memberWithPoints(1_000);
  const key = newKey();
  const res = await exchange(member.token, rewardId, key);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ pointsHeld: 400, cashFen: 990, outTradeNo: `RX${res.body.exchangeId}` });
  expect(paySignVerifies(stage.fake, res.body.payParams)).toBe(true);
  expect(stage.fake.state.orders.get(res.body.outTradeNo)).toMatchObject({ totalFen: 990, openid: member.openid });
  const replay = await exchange(member.token, rewardId, key);
  expect(replay.status).toBe(201);
  expect(replay.body.exchangeId).toBe(res.body.exchangeId);
  expect(await points(member)).toBe(600);
  expect(await transferStatus(res.body.exchangeId)).toBe('pending');
  expect(await exchangeRow(res.body.exchangeId)).toMatchObject({ status: 'pending_payment', pickup_code: null });
  expect(await stockOf(rewardId)).toBe(0);
});

test('When the cash part is paid and the notification replayed twice, Then the hold is posted once and a pickup code is given', async () => {
  const rewardId = await cashReward();
  const member = await memberWithPoints(1_000);
  const res = await exchange(member.token, rewardId);
  await stage.fake.pay(res.body.outTradeNo, { awaitDelivery: true });
  const record = stage.fake.state.notifications.find((n) => n.outTradeNo === res.body.outTradeNo);
  if (!record) throw new Error('no notification');
  const headers = Object.fromEntries(Object.entries(record.headers).map(([k, v]) => [k.toLowerCase(), v as string]));
  for (let i = 0; i < 2; i++) {
    const again = await stage.bff.api.request('POST', '/api/pay/notify', { headers, rawBody: record.body });
    expect(again.status).toBe(204);
  }
  expect(await transferStatus(res.body.exchangeId)).toBe('posted');
  const row = await exchangeRow(res.body.exchangeId);
  expect(row.status).toBe('ready');
  expect(row.pickup_code).toMatch(/^8\d{11}$/);
  expect(await points(member)).toBe(600);
  expect(await orderStatus(stage, res.body.exchangeId)).toBe('paid');
  // A later hold release leaves this paid exchange alone.
  expect((await releaseHolds(minutesFromNow(20))).status).toBe(200);
  expect(await transferStatus(res.body.exchangeId)).toBe('posted');
  expect(await exchangeRow(res.body.exchangeId)).toMatchObject({ status: 'ready' });
  const mine = await stage.bff.api.get('/api/me/reward-exchanges', member.token);
  expect(mine.body.items.find((x: { exchangeId: string }) => x.exchangeId === res.body.exchangeId)).toMatchObject({
    status: 'ready',
    pickupCode: row.pickup_code,
    pointsSpent: 400,
    cashFen: 990,
  });
});

test('When the unpaid order is closed by reconcile-payments, Then the hold is voided, points and stock return, and release-reward-holds finds nothing', async () => {
  const rewardId = await cashReward();
  const member = await memberWithPoints(1_000);
  const res = await exchange(member.token, rewardId);
  expect(await points(member)).toBe(600);
  const run = await runReconcile(stage, admin, minutesFromNow(20));
  expect(run.status).toBe(200);
  expect(await orderStatus(stage, res.body.exchangeId)).toBe('closed');
  expect(stage.fake.state.orders.get(res.body.outTradeNo)?.state).toBe('CLOSED');
  expect(await transferStatus(res.body.exchangeId)).toBe('voided');
  expect(await exchangeRow(res.body.exchangeId)).toMatchObject({ status: 'cancelled', pickup_code: null });
  expect(await points(member)).toBe(1_000);
  expect(await stockOf(rewardId)).toBe(1);
  expect((await releaseHolds(minutesFromNow(20))).body.processed).toBe(0);
  expect(await stockOf(rewardId)).toBe(1);
});

test('When release-reward-holds voids the hold first, Then points and stock return once, and reconcile closing the order later changes nothing', async () => {
  const rewardId = await cashReward();
  const member = await memberWithPoints(1_000);
  const res = await exchange(member.token, rewardId);
  expect((await releaseHolds(minutesFromNow(16))).body.processed).toBe(1);
  expect(await points(member)).toBe(1_000);
  expect(await stockOf(rewardId)).toBe(1);
  await runReconcile(stage, admin, minutesFromNow(20));
  expect(await orderStatus(stage, res.body.exchangeId)).toBe('closed');
  expect(await stockOf(rewardId)).toBe(1);
  expect(await points(member)).toBe(1_000);
  expect(await transferStatus(res.body.exchangeId)).toBe('voided');
});

test('When the payment notification arrives after the timeout void, Then the exchange stays cancelled (no points taken, no stock taken) and the payment is logged paid_after_void for a refund by hand', async () => {
  const rewardId = await cashReward();
  const member = await memberWithPoints(1_000);
  const res = await exchange(member.token, rewardId);
  expect((await releaseHolds(minutesFromNow(16))).body.processed).toBe(1);
  await stage.fake.pay(res.body.outTradeNo, { awaitDelivery: true });
  expect(await orderStatus(stage, res.body.exchangeId)).toBe('paid');
  expect(await exchangeRow(res.body.exchangeId)).toMatchObject({ status: 'cancelled', pickup_code: null });
  expect(await transferStatus(res.body.exchangeId)).toBe('voided');
  expect(await points(member)).toBe(1_000);
  expect(await stockOf(rewardId)).toBe(1);
  expect(await notificationLog(stage, res.body.outTradeNo)).toContainEqual(
    expect.objectContaining({ event_type: 'REWARD_EXCHANGE.PAID_AFTER_VOID', outcome: 'paid_after_void' }),
  );
});

test('When WeChat Pay refuses the order, Then 502 and nothing is held: points and stock stay', async () => {
  const rewardId = await cashReward();
  const member = await memberWithPoints(1_000);
  stage.fake.failNext({ path: '/v3/pay/transactions/jsapi', httpStatus: 400 });
  const res = await exchange(member.token, rewardId);
  expect(res.status).toBe(502);
  expect(res.body.error.code).toBe('WECHAT_PAY_REJECTED');
  expect(await points(member)).toBe(1_000);
  expect(await stockOf(rewardId)).toBe(1);
});

test('After the file, Then the ledger audit balances', async () => {
  const audit = await expectBalancedLedger(stage.bff.db.dataSource);
  expect(audit.balanced).toBe(true);
});
