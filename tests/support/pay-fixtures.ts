import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { select } from '../../bff/src/db/tx';
import { type FakeWechat, startFakeWechat } from '../../scripts/src/fake-wechat';
import { bffSettingsFor } from '../../scripts/src/fake-wechat/bff-settings';
import { fakeWechatKeysDir, signInMember } from './identity-fixtures';
import { newKey } from './instore-fixtures';
import { bootTestBff, type TestBff } from './test-bff';

/** A BFF wired to a fake WeChat Pay, notifications delivered to its /api/pay/notify. */

export type KeyMode = 'both' | 'publicKey' | 'certificate';

export interface PayStage {
  bff: TestBff;
  fake: FakeWechat;
  close(): Promise<void>;
}

/**
 * `publicKey`: the BFF knows only WECHATPAY_PUBLIC_KEY/_ID and the fake signs with it;
 * `certificate`: the BFF has no public key and fetches /v3/certificates, the fake signs with the
 * platform certificate; `both`: a switch-over, both configured.
 */
export async function bootPayStage(
  options: { mode?: KeyMode; retryDelaysMs?: number[]; sqlite?: boolean } = {},
): Promise<PayStage> {
  const mode = options.mode ?? 'both';
  const fake = await startFakeWechat({
    keysDir: fakeWechatKeysDir,
    notifyRetryDelaysMs: options.retryDelaysMs ?? [150, 150, 300],
    settings: { signingMode: mode === 'publicKey' ? 'publicKey' : 'certificate' },
  });
  const settings: Record<string, string> = { ...bffSettingsFor(fake) };
  if (mode === 'certificate') {
    delete settings.WECHATPAY_PUBLIC_KEY;
    delete settings.WECHATPAY_PUBLIC_KEY_ID;
  }
  const bff = await bootTestBff({ config: settings, sqlite: options.sqlite });
  bff.config.WECHATPAY_NOTIFY_URL = `${bff.url}/api/pay/notify`;
  return {
    bff,
    fake,
    async close() {
      await fake.close();
      await bff.close();
    },
  };
}

let openidSeq = 0;
export async function payingMember(stage: PayStage) {
  const openid = `o-pay-${Date.now().toString(36)}-${openidSeq++}`;
  const member = await signInMember(stage.bff, stage.fake, { openid });
  return { ...member, id: member.memberId, openid };
}

export function setTopupRule(stage: PayStage, admin: string, rule: Record<string, unknown>) {
  return stage.bff.api.put('/api/admin/topup-rule', rule, { token: admin });
}

/** "充100送10, 充500送50" with ¥1–¥5,000 limits. */
export const bonusRule = {
  minFen: 100,
  maxFen: 500_000,
  presetsFen: [10_000, 50_000],
  bonuses: [
    { thresholdFen: 10_000, bonusFen: 1_000 },
    { thresholdFen: 50_000, bonusFen: 5_000 },
  ],
};

export async function startTopup(
  stage: PayStage,
  token: string,
  body: { amountFen: number; storeId?: string },
  key = newKey(),
) {
  const res = await stage.bff.api.post('/api/pay/topups', body, { token, idempotencyKey: key });
  if (res.status !== 201) throw new Error(`topup: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { topupId: string; outTradeNo: string; bonusFen: number; payParams: Record<string, string> };
}

export async function storedValueOf(stage: PayStage, token: string): Promise<number> {
  const res = await stage.bff.api.get('/api/me', token);
  return res.body.storedValueFen;
}

export async function orderStatus(stage: PayStage, topupId: string): Promise<string> {
  const [row] = await select<{ status: string }>(
    stage.bff.db.dataSource.manager,
    'SELECT status FROM pay_orders WHERE id = ?',
    [topupId],
  );
  return row?.status;
}

export async function notificationLog(stage: PayStage, outTradeNo: string | null) {
  return select<{ event_type: string | null; outcome: string }>(
    stage.bff.db.dataSource.manager,
    outTradeNo === null
      ? 'SELECT event_type, outcome FROM pay_notification_log WHERE out_trade_no IS NULL ORDER BY id'
      : 'SELECT event_type, outcome FROM pay_notification_log WHERE out_trade_no = ? ORDER BY id',
    outTradeNo === null ? [] : [outTradeNo],
  );
}

/** Waits until every notification the fake sent for this order has been answered (or given up). */
export async function settled(stage: PayStage, outTradeNo: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = stage.fake.state.notifications.filter((record) => record.outTradeNo === outTradeNo);
    if (records.length > 0 && records.every((record) => record.state !== 'pending')) return;
    if (Date.now() > deadline) throw new Error(`notifications for ${outTradeNo} still pending`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 25));
  }
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolveWait) => setTimeout(resolveWait, 25));
  }
}

/** The paySign verifies with the merchant certificate over appId\ntimeStamp\nnonceStr\npackage\n. */
export function paySignVerifies(fake: FakeWechat, params: Record<string, string>): boolean {
  const message = `${fake.appid}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`;
  const key = createPublicKey(readFileSync(fake.merchant.certPath));
  return verify('RSA-SHA256', Buffer.from(message), key, Buffer.from(params.paySign, 'base64'));
}

export function runReconcile(stage: PayStage, admin: string, asOf: Date) {
  return stage.bff.api.post('/api/admin/jobs/reconcile-payments/run', { asOf: asOf.toISOString() }, { token: admin });
}
