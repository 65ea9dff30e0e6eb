import { randomUUID } from 'node:crypto';
import type { FakeContext } from './fake-context';
import { encryptResource, wechatpayHeaders } from './pay-crypto';
import type { NotificationRecord, SigningMode } from './state';

/** Builds, signs and delivers WeChat Pay notifications with WeChat's retry behaviour. */

export interface NotifyOptions {
  /** Also send an identical copy at the same moment (WeChat may deliver twice). */
  duplicate?: boolean;
  /** 'signature': the signature covers other bytes; 'ciphertext': one byte flipped, GCM tag fails. */
  tamper?: 'signature' | 'ciphertext';
  /** Wait before the first attempt. */
  delayMs?: number;
  /** Overrides the server's signing mode for this notification. */
  signingMode?: SigningMode;
  /** Shifts Wechatpay-Timestamp (e.g. -600 for a stale notification). */
  timestampOffsetSeconds?: number;
  /**
   * Fields replaced in the resource before it is encrypted and signed: an authentic notification
   * that does not match the merchant's order (another mchid/appid, another amount).
   */
  resourceOverrides?: Record<string, unknown>;
}

export interface NotificationInput {
  eventType: 'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED';
  summary: string;
  originalType: 'transaction' | 'refund';
  resource: Record<string, unknown>;
  url: string;
  outTradeNo: string;
  outRefundNo?: string;
}

/** WeChat writes times in Beijing time with an explicit offset: 2026-01-02T15:04:05+08:00. */
export function beijingTime(ms: number): string {
  return `${new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 19)}+08:00`;
}

function buildBody(fake: FakeContext, input: NotificationInput, options: NotifyOptions): string {
  const plain = { ...input.resource, ...options.resourceOverrides };
  const resource = encryptResource(fake.keys.apiV3Key, JSON.stringify(plain), input.originalType);
  if (options.tamper === 'ciphertext') {
    const bytes = Buffer.from(resource.ciphertext, 'base64');
    bytes[0] ^= 0x01;
    resource.ciphertext = bytes.toString('base64');
  }
  return JSON.stringify({
    id: randomUUID(),
    create_time: beijingTime(fake.state.now()),
    resource_type: 'encrypt-resource',
    event_type: input.eventType,
    summary: input.summary,
    resource: { original_type: input.originalType, ...resource },
  });
}

function buildHeaders(fake: FakeContext, body: string, options: NotifyOptions): Record<string, string> {
  const mode = options.signingMode ?? fake.settings.signingMode;
  const timestampS = Math.floor(fake.state.now() / 1000) + (options.timestampOffsetSeconds ?? 0);
  // A tampered signature is a real signature over different bytes, so only verification can tell.
  const signedBody = options.tamper === 'signature' ? `${body} ` : body;
  const headers = wechatpayHeaders(fake, signedBody, mode, timestampS);
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'Mozilla/4.0',
    ...headers,
  };
}

async function attemptOnce(fake: FakeContext, record: NotificationRecord): Promise<boolean> {
  const startedAt = Date.now();
  const at = new Date(fake.state.now()).toISOString();
  try {
    // WeChat waits 5 seconds for an answer.
    const response = await fetch(record.url, {
      method: 'POST',
      headers: record.headers,
      body: record.body,
      signal: AbortSignal.timeout(5000),
    });
    await response.arrayBuffer().catch(() => undefined);
    record.attempts.push({
      at,
      status: response.status,
      durationMs: Date.now() - startedAt,
    });
    // The HTTP status decides; a 200 with {"code":"FAIL"} still counts as received.
    return response.status >= 200 && response.status < 300;
  } catch (error) {
    record.attempts.push({
      at,
      error: (error as Error).message,
      durationMs: Date.now() - startedAt,
    });
    return false;
  }
}

/** Delivers one record; resolves after the first attempt, retries continue in the background. */
function deliver(fake: FakeContext, record: NotificationRecord, delayMs: number): Promise<void> {
  return new Promise((resolveFirst) => {
    const attempt = async (retryIndex: number) => {
      const delivered = await attemptOnce(fake, record);
      if (retryIndex === 0) resolveFirst();
      fake.log(
        `notify ${record.eventType} ${record.outTradeNo} → ${record.attempts.at(-1)?.status ?? 'network error'}`,
      );
      if (delivered) record.state = 'delivered';
      else if (retryIndex >= fake.notifyRetryDelaysMs.length) record.state = 'failed';
      else fake.later(fake.notifyRetryDelaysMs[retryIndex], () => attempt(retryIndex + 1));
    };
    fake.later(delayMs, () => attempt(0));
  });
}

/** Sends a notification (twice with `duplicate`); the promise settles after the first attempts. */
export function sendNotification(fake: FakeContext, input: NotificationInput, options: NotifyOptions = {}) {
  const body = buildBody(fake, input, options);
  const headers = buildHeaders(fake, body, options);
  const copies = options.duplicate ? [false, true] : [false];
  const records = copies.map(
    (duplicate): NotificationRecord => ({
      id: (JSON.parse(body) as { id: string }).id,
      eventType: input.eventType,
      outTradeNo: input.outTradeNo,
      outRefundNo: input.outRefundNo,
      url: input.url,
      headers,
      body,
      duplicate,
      attempts: [],
      state: 'pending',
    }),
  );
  fake.state.notifications.push(...records);
  const firstAttempts = Promise.all(records.map((record) => deliver(fake, record, options.delayMs ?? 0)));
  return { records, firstAttempts };
}
