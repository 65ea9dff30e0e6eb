import { createPublicKey, createSign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WechatPayError, WechatUnavailableError } from '../../bff/src/wechat/errors';
import { PayClient } from '../../bff/src/wechat/pay-client';
import { type FakeWechat, startFakeWechat } from '../../scripts/src/fake-wechat';

const keysDir = join(__dirname, '../../.keys/test-fake-wechat');
let fake: FakeWechat;
let pay: PayClient;

beforeAll(async () => {
  fake = await startFakeWechat({ keysDir });
  pay = new PayClient({
    appid: fake.appid,
    mchid: fake.mchid,
    privateKeyPem: readFileSync(fake.merchant.privateKeyPath),
    merchantCertPem: readFileSync(fake.merchant.certPath),
    apiBase: fake.url,
    timeoutMs: 2000,
  });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const order = (outTradeNo: string, amountFen = 1000) => ({
  description: 'Tongka top-up',
  outTradeNo,
  notifyUrl: 'http://127.0.0.1:9/api/pay/notify',
  amountFen,
  openid: 'o-payer',
});

/** A request signed the way the SDK does, with a chosen key, to probe the fake's checks. */
function signedFetch(path: string, body: string, keyPem: Buffer, serial: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = 'N0NCE1234567890';
  const signature = createSign('RSA-SHA256')
    .update(`POST\n${path}\n${timestamp}\n${nonce}\n${body}\n`)
    .sign(keyPem, 'base64');
  const authorization = `WECHATPAY2-SHA256-RSA2048 mchid="${fake.mchid}",nonce_str="${nonce}",timestamp="${timestamp}",serial_no="${serial}",signature="${signature}"`;
  return fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: {
      Authorization: authorization,
      'Content-Type': 'application/json',
    },
    body,
  });
}

describe('fake WeChat Pay: merchant signatures', () => {
  test("When the SDK signs a JSAPI order, Then the fake accepts it and paySign verifies with the merchant's certificate", async () => {
    const { prepayId, payParams } = await pay.createJsapiOrder(order('T20260101000001'));
    expect(payParams.package).toBe(`prepay_id=${prepayId}`);
    expect(payParams.signType).toBe('RSA');
    const message = `${fake.appid}\n${payParams.timeStamp}\n${payParams.nonceStr}\n${payParams.package}\n`;
    const merchantKey = createPublicKey(readFileSync(fake.merchant.certPath));
    expect(verify('sha256', Buffer.from(message), merchantKey, Buffer.from(payParams.paySign, 'base64'))).toBe(true);
  });

  test('When the request is signed with another key, Then 401 SIGN_ERROR; a lower-case serial is fine', async () => {
    const body = JSON.stringify({ appid: fake.appid, mchid: fake.mchid });
    const platformKey = readFileSync(join(keysDir, 'platform_key.pem'));
    const forged = await signedFetch('/v3/pay/transactions/jsapi', body, platformKey, fake.merchant.serial);
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { code: string }).code).toBe('SIGN_ERROR');
    const merchantKey = readFileSync(fake.merchant.privateKeyPath);
    const genuine = await signedFetch(
      '/v3/pay/transactions/jsapi',
      body,
      merchantKey,
      fake.merchant.serial.toLowerCase(),
    );
    expect(genuine.status).toBe(400);
    expect(((await genuine.json()) as { code: string }).code).toBe('PARAM_ERROR');
  });

  test('When the body is invalid, Then 400 PARAM_ERROR surfaces as WechatPayError', async () => {
    const bad = pay.createJsapiOrder({ ...order('bad no!'), amountFen: 0 });
    await expect(bad).rejects.toBeInstanceOf(WechatPayError);
    await expect(bad).rejects.toMatchObject({
      status: 400,
      code: 'PARAM_ERROR',
    });
  });
});

describe('fake WeChat Pay: orders and refunds', () => {
  test('When an order is paid and refunded, Then query, refund and refund query tell the story', async () => {
    await pay.createJsapiOrder(order('T20260101000002', 1000));
    expect(await pay.queryOrder('T20260101000002')).toMatchObject({
      trade_state: 'NOTPAY',
      amount: { total: 1000 },
    });
    await fake.pay('T20260101000002');
    const paid = await pay.queryOrder('T20260101000002');
    expect(paid).toMatchObject({
      trade_state: 'SUCCESS',
      transaction_id: expect.any(String),
      payer: { openid: 'o-payer' },
    });
    fake.settings.holdRefunds = true;
    const refund = await pay.refund({
      outTradeNo: 'T20260101000002',
      outRefundNo: 'R20260101000002',
      refundFen: 400,
      totalFen: 1000,
    });
    expect(refund).toMatchObject({
      status: 'PROCESSING',
      amount: { refund: 400, total: 1000 },
    });
    const tooMuch = pay.refund({
      outTradeNo: 'T20260101000002',
      outRefundNo: 'R20260101000003',
      refundFen: 700,
      totalFen: 1000,
    });
    await expect(tooMuch).rejects.toMatchObject({ status: 400 });
    await fake.settleRefund('R20260101000002', 'SUCCESS');
    expect(await pay.queryRefund('R20260101000002')).toMatchObject({
      status: 'SUCCESS',
      success_time: expect.any(String),
    });
    expect(await pay.queryRefund('R-unknown')).toBeNull();
    fake.settings.holdRefunds = false;
  });

  test('When an unpaid order is closed, Then 204 and it cannot be paid; an unknown order queries as null', async () => {
    await pay.createJsapiOrder(order('T20260101000004'));
    await pay.closeOrder('T20260101000004');
    expect(await pay.queryOrder('T20260101000004')).toMatchObject({
      trade_state: 'CLOSED',
    });
    await expect(fake.pay('T20260101000004')).rejects.toThrow(/closed/);
    expect(await pay.queryOrder('T-unknown-1')).toBeNull();
  });

  test('When WeChat Pay fails or is unreachable, Then WechatUnavailableError', async () => {
    fake.failNext({ path: '/v3/pay/transactions/jsapi', httpStatus: 500 });
    await expect(pay.createJsapiOrder(order('T20260101000005'))).rejects.toBeInstanceOf(WechatUnavailableError);
    fake.failNext({ path: '/v3/pay/transactions/jsapi', reset: true });
    await expect(pay.createJsapiOrder(order('T20260101000005'))).rejects.toBeInstanceOf(WechatUnavailableError);
  });

  test('When platform certificates are fetched, Then the decrypted certificate carries the platform serial', async () => {
    const certificates = await pay.fetchPlatformCertificates(fake.apiV3Key);
    expect(certificates.map((certificate) => certificate.serial)).toEqual([fake.platform.certSerial]);
    const expected = createPublicKey(readFileSync(fake.platform.certPath)).export({ type: 'spki', format: 'pem' });
    expect(certificates[0].publicKey.export({ type: 'spki', format: 'pem' })).toBe(expected);
  });
});
