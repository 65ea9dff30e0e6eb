import { verify } from 'node:crypto';
import { decryptAes256Gcm } from './aes-gcm';
import { WechatPayNotificationError } from './errors';
import type { PlatformKeyResolver } from './platform-keyring';

/**
 * Verifies and decrypts a WeChat Pay notification (WECHAT.md "Notifications"): RSA-SHA256 over
 * `timestamp\nnonce\nrawBody\n` with the key named by Wechatpay-Serial, timestamp within ±5
 * minutes, then AES-256-GCM with the tag checked. Throws WechatPayNotificationError whose
 * `reason` is 'bad_signature', 'stale', 'bad_ciphertext' or 'malformed'.
 */

export interface NotificationInput {
  /** Request headers; names are matched case-insensitively. */
  headers: Record<string, string | string[] | undefined>;
  /** The body bytes exactly as received, before any JSON parsing. */
  rawBody: Buffer | string;
  now: Date;
}

export interface NotificationKeys {
  apiV3Key: string;
  platformKeys: PlatformKeyResolver;
}

export interface VerifiedNotification<T> {
  id: string;
  eventType: string;
  createTime: string;
  summary: string;
  /** The serial or PUB_KEY_ID that signed it. */
  serial: string;
  resource: T;
}

interface NotificationEnvelope {
  id: string;
  create_time: string;
  event_type: string;
  summary: string;
  resource: {
    algorithm: string;
    ciphertext: string;
    associated_data?: string;
    nonce: string;
    original_type?: string;
  };
}

const maxSkewS = 300;

function header(headers: NotificationInput['headers'], name: string): string {
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  const value = Array.isArray(entry?.[1]) ? entry[1][0] : entry?.[1];
  if (!value) throw new WechatPayNotificationError('bad_signature', `missing header ${name}`);
  return value;
}

async function verifySignature(
  input: NotificationInput,
  keys: NotificationKeys,
  raw: Buffer,
): Promise<{ serial: string; timestampS: number }> {
  const serial = header(input.headers, 'wechatpay-serial');
  const signature = header(input.headers, 'wechatpay-signature');
  const timestamp = header(input.headers, 'wechatpay-timestamp');
  const nonce = header(input.headers, 'wechatpay-nonce');
  const publicKey = await keys.platformKeys.publicKeyFor(serial);
  if (!publicKey) throw new WechatPayNotificationError('bad_signature', `no platform key for serial ${serial}`);
  const message = Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), raw, Buffer.from('\n')]);
  if (!verify('sha256', message, publicKey, Buffer.from(signature, 'base64'))) {
    throw new WechatPayNotificationError('bad_signature', 'signature does not verify');
  }
  return { serial, timestampS: Number(timestamp) };
}

function parseEnvelope(raw: Buffer): NotificationEnvelope {
  try {
    const envelope = JSON.parse(raw.toString('utf8')) as NotificationEnvelope;
    if (typeof envelope.resource?.ciphertext === 'string' && typeof envelope.resource.nonce === 'string')
      return envelope;
  } catch {
    // fall through
  }
  throw new WechatPayNotificationError('malformed', 'body is not a notification');
}

export async function verifyAndDecryptNotification<T = unknown>(
  input: NotificationInput,
  keys: NotificationKeys,
): Promise<VerifiedNotification<T>> {
  const raw = Buffer.isBuffer(input.rawBody) ? input.rawBody : Buffer.from(input.rawBody, 'utf8');
  const { serial, timestampS } = await verifySignature(input, keys, raw);
  if (!Number.isFinite(timestampS) || Math.abs(input.now.getTime() / 1000 - timestampS) > maxSkewS) {
    throw new WechatPayNotificationError('stale', `timestamp ${timestampS} is more than 5 minutes away`);
  }
  const envelope = parseEnvelope(raw);
  if (envelope.resource.algorithm !== 'AEAD_AES_256_GCM') {
    throw new WechatPayNotificationError('malformed', `unsupported algorithm ${envelope.resource.algorithm}`);
  }
  let plaintext: string;
  try {
    plaintext = decryptAes256Gcm(envelope.resource, keys.apiV3Key);
  } catch {
    throw new WechatPayNotificationError('bad_ciphertext', 'resource does not decrypt (authentication tag mismatch)');
  }
  let resource: T;
  try {
    resource = JSON.parse(plaintext) as T;
  } catch {
    throw new WechatPayNotificationError('malformed', 'decrypted resource is not JSON');
  }
  return {
    id: envelope.id,
    eventType: envelope.event_type,
    createTime: envelope.create_time,
    summary: envelope.summary,
    serial,
    resource,
  };
}
