import { createCipheriv, createPublicKey, type KeyObject, randomBytes, sign, verify } from 'node:crypto';
import type { FakeContext } from './fake-context';
import type { RequestContext } from './http-kit';
import type { SigningMode } from './state';

/** WeChat Pay v3 cryptography as seen from WeChat's side. */

const nonceAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomNonce(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => nonceAlphabet[byte % nonceAlphabet.length]).join('');
}

/** The key WeChat signs with, and the Wechatpay-Serial that names it. */
export function signingKey(fake: FakeContext, mode: SigningMode): { privateKey: KeyObject; serial: string } {
  if (mode === 'publicKey') {
    return {
      privateKey: fake.keys.platformPublicKey.privateKey,
      serial: fake.keys.platformPublicKey.publicKeyId,
    };
  }
  return {
    privateKey: fake.keys.platformCert.privateKey,
    serial: fake.keys.platformCert.serial,
  };
}

/** Signs `timestamp\nnonce\nbody\n` (responses and notifications) and returns the Wechatpay-* headers. */
export function wechatpayHeaders(
  fake: FakeContext,
  body: string,
  mode: SigningMode,
  timestampS?: number,
): Record<string, string> {
  const { privateKey, serial } = signingKey(fake, mode);
  const timestamp = String(timestampS ?? Math.floor(fake.state.now() / 1000));
  const nonce = randomNonce(32);
  const signature = sign('sha256', Buffer.from(`${timestamp}\n${nonce}\n${body}\n`), privateKey).toString('base64');
  return {
    'Wechatpay-Serial': serial,
    'Wechatpay-Signature': signature,
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
  };
}

/** AEAD_AES_256_GCM with the APIv3 key; ciphertext is base64(ct ‖ 16-byte tag). */
export function encryptResource(apiV3Key: string, plaintext: string, associatedData: string) {
  const nonce = randomNonce(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: encrypted.toString('base64'),
    associated_data: associatedData,
    nonce,
  };
}

function parseAuthorization(header: string): Record<string, string> | undefined {
  const prefix = 'WECHATPAY2-SHA256-RSA2048 ';
  if (!header.startsWith(prefix)) return undefined;
  const fields: Record<string, string> = {};
  for (const match of header.slice(prefix.length).matchAll(/(\w+)="([^"]*)"/g)) fields[match[1]] = match[2];
  return fields;
}

/**
 * Verifies the merchant's Authorization header over `METHOD\npath?query\ntimestamp\nnonce\nbody\n`
 * with the merchant certificate's public key. Returns the reason for refusal, or undefined.
 */
export function checkMerchantSignature(fake: FakeContext, ctx: RequestContext): string | undefined {
  const fields = parseAuthorization(String(ctx.req.headers.authorization ?? ''));
  if (!fields) return 'Authorization header is missing or not WECHATPAY2-SHA256-RSA2048';
  const { mchid, nonce_str: nonce, timestamp, serial_no: serial, signature } = fields;
  if (!mchid || !nonce || !timestamp || !serial || !signature) return 'Authorization header lacks a field';
  if (mchid !== fake.mchid) return 'mchid in Authorization does not match';
  if (serial.toUpperCase() !== fake.keys.merchant.serial.toUpperCase())
    return 'serial_no does not match the merchant certificate';
  if (Math.abs(Number(timestamp) - fake.state.now() / 1000) > 300) return 'timestamp is outside 5 minutes';
  const message = `${ctx.method}\n${ctx.pathWithQuery}\n${timestamp}\n${nonce}\n${ctx.rawBody.toString('utf8')}\n`;
  const publicKey = createPublicKey(fake.keys.merchant.certPem);
  const valid = verify('sha256', Buffer.from(message), publicKey, Buffer.from(signature, 'base64'));
  return valid ? undefined : 'signature does not verify';
}
