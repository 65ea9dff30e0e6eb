import { createAdminToken } from '../support/instore-fixtures';
import {
  bootPayStage,
  type KeyMode,
  type PayStage,
  payingMember,
  runReconcile,
  startTopup,
  storedValueOf,
} from '../support/pay-fixtures';

describe.each<KeyMode>(['publicKey', 'certificate'])('Notifications in %s mode', (mode) => {
  let stage: PayStage;
  beforeAll(async () => {
    stage = await bootPayStage({ mode });
  });
  afterAll(() => stage?.close());

  test('When WeChat signs with the key this mode knows, Then the top-up is credited', async () => {
    const member = await payingMember(stage);
    const topup = await startTopup(stage, member.token, { amountFen: 1_234 });
    await stage.fake.pay(topup.outTradeNo, { awaitDelivery: true });
    const record = stage.fake.state.notifications.at(-1);
    expect(record?.headers['Wechatpay-Serial']).toBe(
      mode === 'publicKey' ? stage.fake.platform.publicKeyId : stage.fake.platform.certSerial,
    );
    expect(record?.attempts[0].status).toBe(204);
    expect(await storedValueOf(stage, member.token)).toBe(1_234);
  });

  test('When WeChat signs with the other mode’s key, Then only a BFF that knows it accepts', async () => {
    const member = await payingMember(stage);
    const topup = await startTopup(stage, member.token, { amountFen: 500 });
    const other = mode === 'publicKey' ? 'certificate' : 'publicKey';
    await stage.fake.pay(topup.outTradeNo, { signingMode: other, awaitDelivery: true });
    const status = stage.fake.state.notifications.at(-1)?.attempts[0].status;
    // Public-key mode still fetches platform certificates for an unknown serial (switch-over);
    // certificate mode has no public key configured, so a PUB_KEY_ID signature cannot verify.
    if (mode === 'publicKey') {
      expect(status).toBe(204);
      expect(await storedValueOf(stage, member.token)).toBe(500);
    } else {
      expect(status).toBe(401);
      expect(await storedValueOf(stage, member.token)).toBe(0);
    }
  });
});

describe('Certificate mode when WeChat cannot hand out its certificates', () => {
  let stage: PayStage;
  beforeAll(async () => {
    stage = await bootPayStage({ mode: 'certificate', retryDelaysMs: [100] });
  });
  afterAll(() => stage?.close());

  test('When /v3/certificates fails, Then 500 FAIL (our side, WeChat retries), nothing credited, and reconciliation credits it', async () => {
    const member = await payingMember(stage);
    const topup = await startTopup(stage, member.token, { amountFen: 700 });
    stage.fake.failNext({ path: '/v3/certificates', httpStatus: 500 });
    await stage.fake.pay(topup.outTradeNo, { awaitDelivery: true });
    const record = stage.fake.state.notifications.find((n) => n.outTradeNo === topup.outTradeNo);
    expect(record?.attempts[0].status).toBe(500);
    expect(await storedValueOf(stage, member.token)).toBe(0);
    const admin = await createAdminToken(stage.bff);
    await runReconcile(stage, admin, new Date(Date.now() + 6 * 60_000));
    expect(await storedValueOf(stage, member.token)).toBe(700);
  });
});
