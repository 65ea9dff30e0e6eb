import { createAdminToken, createMember } from '../support/instore-fixtures';
import {
  bootPayStage,
  notificationLog,
  orderStatus,
  type PayStage,
  payingMember,
  settled,
  startTopup,
  storedValueOf,
} from '../support/pay-fixtures';
import { bootTestBff } from '../support/test-bff';

// Every refusal below is retried by WeChat; one retry is enough to show it keeps being refused.
let stage: PayStage;

beforeAll(async () => {
  stage = await bootPayStage({ retryDelaysMs: [100] });
  await createAdminToken(stage.bff);
});
afterAll(() => stage?.close());

async function paidWith(options: Parameters<PayStage['fake']['pay']>[1]) {
  const member = await payingMember(stage);
  const topup = await startTopup(stage, member.token, { amountFen: 8_800 });
  await stage.fake.pay(topup.outTradeNo, { ...options, awaitDelivery: true });
  await settled(stage, topup.outTradeNo);
  const attempts = stage.fake.state.notifications.find((n) => n.outTradeNo === topup.outTradeNo)?.attempts ?? [];
  return { member, topup, statuses: attempts.map((attempt) => attempt.status) };
}

async function expectNothingCredited(member: { token: string }, topupId: string) {
  expect(await storedValueOf(stage, member.token)).toBe(0);
  expect((await stage.bff.api.get('/api/me/ledger?asset=CNY', member.token)).body.items).toEqual([]);
  expect(await orderStatus(stage, topupId)).toBe('pending');
}

describe('POST /api/pay/notify refuses what it cannot trust', () => {
  test('When the signature is forged, Then 401 SIGN_ERROR, nothing credited, logged', async () => {
    const { member, topup, statuses } = await paidWith({ tamper: 'signature' });
    expect(statuses).toEqual([401, 401]);
    await expectNothingCredited(member, topup.topupId);
    const log = await notificationLog(stage, null);
    expect(log.filter((line) => line.outcome === 'rejected:bad_signature').length).toBeGreaterThanOrEqual(2);
  });

  test('When the signature names a serial nobody knows, Then 401 and nothing credited', async () => {
    const member = await payingMember(stage);
    const topup = await startTopup(stage, member.token, { amountFen: 100 });
    const res = await stage.bff.api.request('POST', '/api/pay/notify', {
      headers: {
        'wechatpay-serial': 'PUB_KEY_ID_0000000000000000',
        'wechatpay-signature': Buffer.from('x').toString('base64'),
        'wechatpay-timestamp': String(Math.floor(Date.now() / 1000)),
        'wechatpay-nonce': 'n',
      },
      rawBody: JSON.stringify({ id: 'forged', resource: { ciphertext: 'AAAA', nonce: '123456789012' } }),
    });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'SIGN_ERROR' });
    await expectNothingCredited(member, topup.topupId);
  });

  test('When the timestamp is 6 minutes old, Then 401, nothing credited, logged as stale', async () => {
    const { member, topup, statuses } = await paidWith({ timestampOffsetSeconds: -360 });
    expect(statuses).toEqual([401, 401]);
    await expectNothingCredited(member, topup.topupId);
    const log = await notificationLog(stage, null);
    expect(log.some((line) => line.outcome === 'rejected:stale')).toBe(true);
  });

  test('When the ciphertext was tampered with (GCM tag fails), Then 400 FAIL, nothing credited, logged', async () => {
    const { member, topup, statuses } = await paidWith({ tamper: 'ciphertext' });
    expect(statuses).toEqual([400, 400]);
    await expectNothingCredited(member, topup.topupId);
    const log = await notificationLog(stage, null);
    expect(log.some((line) => line.outcome === 'rejected:bad_ciphertext')).toBe(true);
  });

  test.each([
    ['amount', { amount: { total: 1, payer_total: 1, currency: 'CNY', payer_currency: 'CNY' } }],
    ['mchid', { mchid: '1900000999' }],
    ['appid', { appid: 'wx0000000000000bad' }],
  ])(
    'When an authentic notification names another %s, Then 400 FAIL, nothing credited, logged',
    async (field, overrides) => {
      const { member, topup, statuses } = await paidWith({ resourceOverrides: overrides });
      expect(statuses).toEqual([400, 400]);
      await expectNothingCredited(member, topup.topupId);
      const log = await notificationLog(stage, topup.outTradeNo);
      expect(log.map((line) => line.outcome)).toEqual([`mismatch:${field}`, `mismatch:${field}`]);
    },
  );

  test('When WeChat notifies about an order we never placed, Then 204 and it is logged', async () => {
    const member = await payingMember(stage);
    const topup = await startTopup(stage, member.token, { amountFen: 100 });
    // The same order number reaches another merchant system's database: here it is unknown.
    await stage.bff.db.dataSource.query('UPDATE pay_orders SET out_trade_no = ? WHERE id = ?', [
      `X${topup.outTradeNo.slice(1)}`,
      topup.topupId,
    ]);
    await stage.fake.pay(topup.outTradeNo, { awaitDelivery: true });
    expect(stage.fake.state.notifications.at(-1)?.attempts[0].status).toBe(204);
    expect((await notificationLog(stage, topup.outTradeNo)).map((line) => line.outcome)).toEqual(['unknown_order']);
    expect(await storedValueOf(stage, member.token)).toBe(0);
  });
});

describe('A BFF without WeChat Pay settings', () => {
  test('When a member tries to top up, or a notification arrives, Then 503 PAY_NOT_CONFIGURED and nothing written', async () => {
    const plain = await bootTestBff();
    try {
      const member = await createMember(plain);
      const topup = await plain.api.post(
        '/api/pay/topups',
        { amountFen: 1_000 },
        { token: member.token, idempotencyKey: 'k-1' },
      );
      expect(topup.status).toBe(503);
      expect(topup.body.error.code).toBe('PAY_NOT_CONFIGURED');
      const notify = await plain.api.post('/api/pay/notify', { id: 'x' });
      expect(notify.status).toBe(503);
      const [orders] = await plain.db.dataSource.query('SELECT COUNT(*) AS n FROM pay_orders');
      expect(Number(orders.n)).toBe(0);
    } finally {
      await plain.close();
    }
  });
});
