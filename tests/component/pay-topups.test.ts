import { select } from '../../bff/src/db/tx';
import { PayClient, payOptionsFromConfig } from '../../bff/src/wechat';
import { bindPhone } from '../support/identity-fixtures';
import { createAdminToken, createStore, newKey } from '../support/instore-fixtures';
import {
  bonusRule,
  bootPayStage,
  orderStatus,
  type PayStage,
  payingMember,
  paySignVerifies,
  setTopupRule,
  settled,
  startTopup,
  storedValueOf,
} from '../support/pay-fixtures';

let stage: PayStage;
let admin: string;
let storeA: string;

beforeAll(async () => {
  stage = await bootPayStage();
  admin = await createAdminToken(stage.bff);
  storeA = await createStore(stage.bff, 'Store A');
  expect((await setTopupRule(stage, admin, bonusRule)).status).toBe(200);
});
afterAll(() => stage?.close());

const notify = (headers: Record<string, string>, body: string) =>
  stage.bff.api.request('POST', '/api/pay/notify', {
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
    rawBody: body,
  });

async function ledgerLines(token: string) {
  return (await stage.bff.api.get('/api/me/ledger?asset=CNY', token)).body.items;
}

describe('HQ top-up rule', () => {
  test('When HQ sets a bonus larger than its threshold, or presets outside the limits, Then 400 and the rule stays', async () => {
    const bad = await setTopupRule(stage, admin, { ...bonusRule, bonuses: [{ thresholdFen: 100, bonusFen: 200 }] });
    expect(bad.status).toBe(400);
    const outside = await setTopupRule(stage, admin, { ...bonusRule, presetsFen: [50] });
    expect(outside.status).toBe(400);
    const member = await payingMember(stage);
    expect((await stage.bff.api.get('/api/admin/topup-rule', member.token)).status).toBe(403);
    expect((await stage.bff.api.get('/api/admin/topup-rule', admin)).body.rule).toEqual(bonusRule);
  });

  test('When a member opens the top-up page, Then the presets carry their bonus and the stores are listed', async () => {
    const member = await payingMember(stage);
    const res = await stage.bff.api.get('/api/pay/topup-options', member.token);
    expect(res.status).toBe(200);
    expect(res.body.presets).toEqual([
      { amountFen: 10_000, bonusFen: 1_000 },
      { amountFen: 50_000, bonusFen: 5_000 },
    ]);
    expect(res.body.stores).toContainEqual({ id: storeA, name: 'Store A' });
  });
});

describe('POST /api/pay/topups', () => {
  test('When a member tops up ¥100 at store A, Then a JSAPI order for their openid and payParams signed by the merchant key', async () => {
    const member = await payingMember(stage);
    const topup = await startTopup(stage, member.token, { amountFen: 10_000, storeId: storeA });
    expect(topup.bonusFen).toBe(1_000);
    expect(topup.outTradeNo).toMatch(/^[0-9A-Za-z_\-|*]{6,32}$/);
    const wechatOrder = stage.fake.state.orders.get(topup.outTradeNo);
    expect(wechatOrder).toMatchObject({ totalFen: 10_000, openid: member.openid, state: 'NOTPAY' });
    expect(topup.payParams).toMatchObject({ signType: 'RSA', package: `prepay_id=${wechatOrder?.prepayId}` });
    expect(paySignVerifies(stage.fake, topup.payParams)).toBe(true);
    expect(await orderStatus(stage, topup.topupId)).toBe('pending');
    expect(await storedValueOf(stage, member.token)).toBe(0);
  });

  test('When the same Idempotency-Key is sent again, Then the same order comes back and WeChat has one order', async () => {
    const member = await payingMember(stage);
    const key = newKey();
    const first = await startTopup(stage, member.token, { amountFen: 5_000 }, key);
    const again = await stage.bff.api.post(
      '/api/pay/topups',
      { amountFen: 5_000 },
      { token: member.token, idempotencyKey: key },
    );
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first);
    const other = await stage.bff.api.post(
      '/api/pay/topups',
      { amountFen: 6_000 },
      { token: member.token, idempotencyKey: key },
    );
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  test('When the amount is outside HQ limits, or the store does not exist, Then 4xx and no order anywhere', async () => {
    const member = await payingMember(stage);
    const before = stage.fake.state.orders.size;
    const low = await stage.bff.api.post(
      '/api/pay/topups',
      { amountFen: 99 },
      { token: member.token, idempotencyKey: newKey() },
    );
    expect(low.status).toBe(400);
    expect(low.body.error.code).toBe('TOPUP_AMOUNT_OUT_OF_RANGE');
    const high = await stage.bff.api.post(
      '/api/pay/topups',
      { amountFen: 500_001 },
      { token: member.token, idempotencyKey: newKey() },
    );
    expect(high.body.error.code).toBe('TOPUP_AMOUNT_OUT_OF_RANGE');
    const store = await stage.bff.api.post(
      '/api/pay/topups',
      { amountFen: 1_000, storeId: '01HZZZZZZZZZZZZZZZZZZZZZZZ' },
      { token: member.token, idempotencyKey: newKey() },
    );
    expect(store.status).toBe(404);
    expect(stage.fake.state.orders.size).toBe(before);
    const [count] = await select<{ n: number }>(
      stage.bff.db.dataSource.manager,
      'SELECT COUNT(*) AS n FROM pay_orders WHERE member_id = ?',
      [member.id],
    );
    expect(Number(count.n)).toBe(0);
  });

  test('When WeChat Pay refuses the order, Then 502 WECHAT_PAY_REJECTED, nothing kept, and the same key works afterwards', async () => {
    const member = await payingMember(stage);
    const key = newKey();
    stage.fake.failNext({ path: '/v3/pay/transactions/jsapi', httpStatus: 400 });
    const refused = await stage.bff.api.post(
      '/api/pay/topups',
      { amountFen: 2_000 },
      { token: member.token, idempotencyKey: key },
    );
    expect(refused.status).toBe(502);
    expect(refused.body.error.code).toBe('WECHAT_PAY_REJECTED');
    stage.fake.failNext({ path: '/v3/pay/transactions/jsapi', reset: true });
    const down = await stage.bff.api.post(
      '/api/pay/topups',
      { amountFen: 2_000 },
      { token: member.token, idempotencyKey: key },
    );
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('WECHAT_UNAVAILABLE');
    const ok = await stage.bff.api.post(
      '/api/pay/topups',
      { amountFen: 2_000 },
      { token: member.token, idempotencyKey: key },
    );
    expect(ok.status).toBe(201);
  });

  test('When WeChat Pay does not answer within the client timeout, Then the call fails as unavailable instead of hanging', async () => {
    const client = new PayClient({ ...payOptionsFromConfig(stage.bff.config), timeoutMs: 200 });
    stage.fake.failNext({ path: '/v3/pay/transactions/out-trade-no/TU00000000000000000000000001', delayMs: 1_000 });
    const started = Date.now();
    await expect(client.queryOrder('TU00000000000000000000000001')).rejects.toThrow(/no answer within 200 ms/);
    expect(Date.now() - started).toBeLessThan(900);
  });

  test('When a member without a WeChat identity tops up, Then 409 NO_WECHAT_IDENTITY', async () => {
    const { createMember } = await import('../support/instore-fixtures');
    const imported = await createMember(stage.bff);
    const res = await stage.bff.api.post(
      '/api/pay/topups',
      { amountFen: 1_000 },
      { token: imported.token, idempotencyKey: newKey() },
    );
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('NO_WECHAT_IDENTITY');
  });
});

describe('POST /api/pay/notify: applied exactly once', () => {
  test('When the member pays, Then the paid value and the HQ bonus land as two lines and the top-up reads paid', async () => {
    const member = await payingMember(stage);
    const topup = await startTopup(stage, member.token, { amountFen: 50_000, storeId: storeA });
    await stage.fake.pay(topup.outTradeNo, { awaitDelivery: true });
    expect(stage.fake.state.notifications.at(-1)?.attempts[0].status).toBe(204);
    expect(await storedValueOf(stage, member.token)).toBe(55_000);
    const lines = await ledgerLines(member.token);
    expect(
      lines.map((line: { kind: string; amount: number; storeId: string }) => [line.kind, line.amount, line.storeId]),
    ).toEqual([
      ['TOPUP_BONUS', 5_000, storeA],
      ['TOPUP', 50_000, storeA],
    ]);
    const mine = await stage.bff.api.get(`/api/pay/topups/${topup.topupId}`, member.token);
    expect(mine.body).toMatchObject({
      status: 'paid',
      amountFen: 50_000,
      bonusFen: 5_000,
      storeId: storeA,
      refund: null,
    });
    const lots = await select<{ funded_by: string; issuing_store_id: string; amount: number }>(
      stage.bff.db.dataSource.manager,
      'SELECT funded_by, issuing_store_id, amount FROM ledger_lots WHERE member_id = ? ORDER BY id',
      [member.id],
    );
    expect(lots.map((lot) => [lot.funded_by, lot.issuing_store_id, Number(lot.amount)])).toEqual([
      ['STORE', storeA, 50_000],
      ['HQ', storeA, 5_000],
    ]);
  });

  test('When the same notification is replayed 10 times, Then every answer is 204 and the member is credited once', async () => {
    const member = await payingMember(stage);
    const topup = await startTopup(stage, member.token, { amountFen: 10_000 });
    await stage.fake.pay(topup.outTradeNo, { awaitDelivery: true });
    const record = stage.fake.state.notifications.find((n) => n.outTradeNo === topup.outTradeNo);
    if (!record) throw new Error('no notification');
    for (let i = 0; i < 10; i++) expect((await notify(record.headers, record.body)).status).toBe(204);
    expect(await storedValueOf(stage, member.token)).toBe(11_000);
    expect(await ledgerLines(member.token)).toHaveLength(2);
  });

  test('When 10 copies of a notification arrive at once, Then one applies, all answer 204, the member is credited once', async () => {
    const member = await payingMember(stage);
    const topup = await startTopup(stage, member.token, { amountFen: 10_000, storeId: storeA });
    // Paid at WeChat, notification held back so the ten copies below are the first to arrive.
    await stage.fake.pay(topup.outTradeNo, { delayMs: 60_000 });
    const record = stage.fake.state.notifications.find((n) => n.outTradeNo === topup.outTradeNo);
    if (!record) throw new Error('no notification');
    const answers = await Promise.all(Array.from({ length: 10 }, () => notify(record.headers, record.body)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(204));
    expect(await storedValueOf(stage, member.token)).toBe(11_000);
    expect(await ledgerLines(member.token)).toHaveLength(2);
    const log = await select<{ outcome: string }>(
      stage.bff.db.dataSource.manager,
      'SELECT outcome FROM pay_notification_log WHERE out_trade_no = ?',
      [topup.outTradeNo],
    );
    expect(log.filter((line) => line.outcome === 'applied')).toHaveLength(1);
    expect(log.filter((line) => line.outcome === 'duplicate')).toHaveLength(9);
  });

  test('When the member merged into another between ordering and paying, Then the survivor is credited and sees the top-up', async () => {
    const older = await payingMember(stage);
    expect((await bindPhone(stage.bff, stage.fake, older.token, '13900139001')).status).toBe(200);
    const newer = await payingMember(stage);
    const topup = await startTopup(stage, newer.token, { amountFen: 10_000 });
    const merged = await bindPhone(stage.bff, stage.fake, newer.token, '13900139001');
    expect(merged.body).toMatchObject({ merged: true, member: { id: older.id } });
    await stage.fake.pay(topup.outTradeNo, { awaitDelivery: true });
    expect(await storedValueOf(stage, merged.body.token)).toBe(11_000);
    const seen = await stage.bff.api.get(`/api/pay/topups/${topup.topupId}`, merged.body.token);
    expect(seen.body).toMatchObject({ status: 'paid', amountFen: 10_000 });
    const stranger = await payingMember(stage);
    expect((await stage.bff.api.get(`/api/pay/topups/${topup.topupId}`, stranger.token)).status).toBe(404);
  });

  test('When WeChat delivers twice a second apart (duplicate option), Then one credit', async () => {
    const member = await payingMember(stage);
    const topup = await startTopup(stage, member.token, { amountFen: 3_000 });
    await stage.fake.pay(topup.outTradeNo, { duplicate: true, awaitDelivery: true });
    await settled(stage, topup.outTradeNo);
    expect(await storedValueOf(stage, member.token)).toBe(3_000);
  });
});
