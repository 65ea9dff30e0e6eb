import { createDecipheriv, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PayClient } from '../../bff/src/wechat/pay-client';
import { verifyAndDecryptNotification } from '../../bff/src/wechat/pay-notification';
import { PlatformKeyring } from '../../bff/src/wechat/platform-keyring';
import { type FakeWechat, startFakeWechat } from '../../scripts/src/fake-wechat';

const keysDir = join(__dirname, '../../.keys/test-fake-wechat');

interface Received {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

let fake: FakeWechat;
let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
/** Statuses the receiver answers with, in order; 204 once exhausted. */
let answers: number[] = [];
let pay: PayClient;

beforeAll(async () => {
  fake = await startFakeWechat({ keysDir, notifyRetryDelaysMs: [50, 50, 50] });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, rawBody: Buffer.concat(chunks) });
      res.writeHead(answers.shift() ?? 204);
      res.end();
    });
  });
  await new Promise<void>((resolveListen) => receiver.listen(0, '127.0.0.1', resolveListen));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/pay/notify`;
  pay = new PayClient({
    appid: fake.appid,
    mchid: fake.mchid,
    privateKeyPem: readFileSync(fake.merchant.privateKeyPath),
    serial: fake.merchant.serial,
    apiBase: fake.url,
  });
});
afterAll(async () => {
  await fake.close();
  await new Promise((resolveClose) => receiver.close(resolveClose));
});
beforeEach(() => {
  fake.reset();
  received = [];
  answers = [];
});

let sequence = 0;
async function placeOrder(amountFen = 1200): Promise<string> {
  sequence += 1;
  const outTradeNo = `N${Date.now()}${sequence}`;
  await pay.createJsapiOrder({
    description: 'Top-up',
    outTradeNo,
    notifyUrl: receiverUrl,
    amountFen,
    openid: 'o-notify',
  });
  return outTradeNo;
}

async function waitFor(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolveWait) => setTimeout(resolveWait, 20));
  }
}

function decrypt(resource: { ciphertext: string; nonce: string; associated_data: string }): string {
  const sealed = Buffer.from(resource.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(fake.apiV3Key), Buffer.from(resource.nonce));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  decipher.setAAD(Buffer.from(resource.associated_data));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString('utf8');
}

function certificateKeyring() {
  return new PlatformKeyring({
    fetchCertificates: () => pay.fetchPlatformCertificates(fake.apiV3Key),
  });
}

describe('fake WeChat Pay: notifications', () => {
  test('When an order is paid, Then the notification verifies with node crypto and decrypts with the APIv3 key', async () => {
    const outTradeNo = await placeOrder(1200);
    await fake.pay(outTradeNo, { awaitDelivery: true });
    expect(received).toHaveLength(1);
    const { headers, rawBody } = received[0];
    expect(headers['wechatpay-serial']).toBe(fake.platform.certSerial);
    const message = `${headers['wechatpay-timestamp']}\n${headers['wechatpay-nonce']}\n${rawBody.toString('utf8')}\n`;
    const platformKey = createPublicKey(readFileSync(fake.platform.certPath));
    expect(
      verify(
        'sha256',
        Buffer.from(message),
        platformKey,
        Buffer.from(String(headers['wechatpay-signature']), 'base64'),
      ),
    ).toBe(true);
    const body = JSON.parse(rawBody.toString('utf8'));
    expect(body).toMatchObject({
      event_type: 'TRANSACTION.SUCCESS',
      resource_type: 'encrypt-resource',
      resource: { algorithm: 'AEAD_AES_256_GCM' },
    });
    expect(body.resource.nonce).toHaveLength(12);
    expect(JSON.parse(decrypt(body.resource))).toMatchObject({
      out_trade_no: outTradeNo,
      mchid: fake.mchid,
      appid: fake.appid,
      trade_state: 'SUCCESS',
      amount: { total: 1200 },
    });
  });

  test('When the ciphertext is tampered, Then the GCM tag check fails though the signature verifies', async () => {
    const outTradeNo = await placeOrder();
    await fake.pay(outTradeNo, { tamper: 'ciphertext', awaitDelivery: true });
    const body = JSON.parse(received[0].rawBody.toString('utf8'));
    expect(() => decrypt(body.resource)).toThrow();
    const verifying = verifyAndDecryptNotification(
      { ...received[0], now: new Date() },
      { apiV3Key: fake.apiV3Key, platformKeys: certificateKeyring() },
    );
    await expect(verifying).rejects.toMatchObject({ reason: 'bad_ciphertext' });
  });

  test('When the signature is tampered, Then verifyAndDecryptNotification says bad_signature', async () => {
    const outTradeNo = await placeOrder();
    await fake.pay(outTradeNo, { tamper: 'signature', awaitDelivery: true });
    const verifying = verifyAndDecryptNotification(
      { ...received[0], now: new Date() },
      { apiV3Key: fake.apiV3Key, platformKeys: certificateKeyring() },
    );
    await expect(verifying).rejects.toMatchObject({ reason: 'bad_signature' });
  });

  test('When the fake signs in public-key mode, Then the serial is the PUB_KEY_ID and pub_key.pem verifies it', async () => {
    const outTradeNo = await placeOrder(800);
    await fake.pay(outTradeNo, {
      signingMode: 'publicKey',
      awaitDelivery: true,
    });
    expect(received[0].headers['wechatpay-serial']).toBe(fake.platform.publicKeyId);
    const keyring = new PlatformKeyring({
      publicKey: {
        id: fake.platform.publicKeyId,
        pem: readFileSync(fake.platform.publicKeyPath),
      },
    });
    const notification = await verifyAndDecryptNotification<{
      out_trade_no: string;
    }>({ ...received[0], now: new Date() }, { apiV3Key: fake.apiV3Key, platformKeys: keyring });
    expect(notification.resource.out_trade_no).toBe(outTradeNo);
    const certOnly = verifyAndDecryptNotification(
      { ...received[0], now: new Date() },
      { apiV3Key: fake.apiV3Key, platformKeys: certificateKeyring() },
    );
    await expect(certOnly).rejects.toMatchObject({ reason: 'bad_signature' });
  });

  test('When the receiver answers 500, Then WeChat retries until it gets a 2xx and records every attempt', async () => {
    const outTradeNo = await placeOrder();
    answers = [500, 500];
    await fake.pay(outTradeNo);
    await waitFor(() => received.length === 3);
    const listed = (await (await fetch(`${fake.url}/__control/notifications?outTradeNo=${outTradeNo}`)).json()) as {
      items: Array<{ state: string; attempts: Array<{ status: number }> }>;
    };
    await waitFor(() => fake.state.notifications[0]?.state === 'delivered');
    expect(listed.items[0].attempts.map((attempt) => attempt.status).slice(0, 2)).toEqual([500, 500]);
    expect(fake.state.notifications[0].attempts.map((attempt) => attempt.status)).toEqual([500, 500, 204]);
    expect(new Set(received.map((delivery) => delivery.rawBody.toString()))).toHaveProperty('size', 1);
  });

  test('When the receiver never answers 2xx, Then delivery stops after the schedule and is marked failed', async () => {
    const outTradeNo = await placeOrder();
    answers = [500, 500, 500, 500, 500];
    await fake.pay(outTradeNo);
    await waitFor(() => fake.state.notifications[0]?.state === 'failed');
    expect(received).toHaveLength(4);
  });

  test('When duplicate is asked for, Then two identical notifications arrive; a refund sends REFUND.SUCCESS', async () => {
    const outTradeNo = await placeOrder(1000);
    await fake.pay(outTradeNo, { duplicate: true, awaitDelivery: true });
    expect(received).toHaveLength(2);
    expect(received[0].rawBody.equals(received[1].rawBody)).toBe(true);
    await pay.refund({
      outTradeNo,
      outRefundNo: `R${outTradeNo}`,
      refundFen: 300,
      totalFen: 1000,
    });
    await waitFor(() => received.length === 3);
    const refund = await verifyAndDecryptNotification<{
      refund_status: string;
      amount: { refund: number };
    }>({ ...received[2], now: new Date() }, { apiV3Key: fake.apiV3Key, platformKeys: certificateKeyring() });
    expect(refund.eventType).toBe('REFUND.SUCCESS');
    expect(refund.resource).toMatchObject({
      refund_status: 'SUCCESS',
      amount: { refund: 300 },
    });
  });

  test('When the notification is 10 minutes old, Then it is stale', async () => {
    const outTradeNo = await placeOrder();
    await fake.pay(outTradeNo, {
      timestampOffsetSeconds: -600,
      awaitDelivery: true,
    });
    const verifying = verifyAndDecryptNotification(
      { ...received[0], now: new Date() },
      { apiV3Key: fake.apiV3Key, platformKeys: certificateKeyring() },
    );
    await expect(verifying).rejects.toMatchObject({ reason: 'stale' });
  });
});
