import { createDecipheriv } from 'node:crypto';

/**
 * AEAD_AES_256_GCM as WeChat Pay uses it (notification resources, /v3/certificates): key = the
 * 32-character APIv3 key, ciphertext = base64(ct ‖ 16-byte tag). Unlike the SDK's decipher_gcm
 * (2.2.x), this checks the tag: `final()` throws when a byte was changed.
 */
export interface AesGcmResource {
  ciphertext: string;
  nonce: string;
  associated_data?: string;
}

export function decryptAes256Gcm(resource: AesGcmResource, apiV3Key: string): string {
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new Error('APIv3 key must be 32 bytes');
  const sealed = Buffer.from(resource.ciphertext, 'base64');
  if (sealed.length < 17) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(resource.nonce, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString('utf8');
}
