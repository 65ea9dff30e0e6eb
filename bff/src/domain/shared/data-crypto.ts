import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Encryption at rest with DATA_KEY (32 bytes): AES-256-GCM for values we must read back (phone
 * numbers, member-code secrets, WeChat session keys), and an HMAC-SHA256 "blind index" for
 * values we must look up by equality without storing them in clear.
 * Stored form: base64url(iv(12) ‖ tag(16) ‖ ciphertext).
 */
export class DataCrypto {
  private readonly key: Buffer;
  private readonly indexKey: Buffer;

  constructor(dataKeyBase64: string) {
    this.key = Buffer.from(dataKeyBase64, 'base64');
    if (this.key.length !== 32) throw new Error('DATA_KEY must be 32 bytes');
    // A separate key for the blind index, so the index reveals nothing about the cipher key.
    this.indexKey = createHmac('sha256', this.key).update('tongka/blind-index/v1').digest();
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  decrypt(stored: string): string {
    const raw = Buffer.from(stored, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed hash for unique indexes and lookups (hex, 64 chars). */
  blindIndex(value: string): string {
    return createHmac('sha256', this.indexKey).update(value).digest('hex');
  }
}
