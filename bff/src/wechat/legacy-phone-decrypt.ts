import { createDecipheriv } from 'node:crypto';
import { LegacyDecryptError } from './errors';

/**
 * The legacy getPhoneNumber flow (old clients): `encryptedData` + `iv` decrypted with AES-128-CBC
 * and PKCS#7 under the base64-decoded session_key, accepted only when watermark.appid is ours.
 */

export interface LegacyPhoneInput {
  encryptedData: string;
  iv: string;
  sessionKey: string;
  appid: string;
}

export interface LegacyPhoneInfo {
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
  watermark: { timestamp: number; appid: string };
}

function decode(value: string, name: string, bytes?: number): Buffer {
  const buffer = Buffer.from(value, 'base64');
  if (buffer.length === 0 || (bytes !== undefined && buffer.length !== bytes)) {
    throw new LegacyDecryptError(`${name} must be base64 of ${bytes ?? 'some'} bytes`);
  }
  return buffer;
}

export function decryptLegacyPhone(input: LegacyPhoneInput): LegacyPhoneInfo {
  const key = decode(input.sessionKey, 'session_key', 16);
  const iv = decode(input.iv, 'iv', 16);
  const data = decode(input.encryptedData, 'encryptedData');
  let plaintext: string;
  try {
    const decipher = createDecipheriv('aes-128-cbc', key, iv);
    plaintext = Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    throw new LegacyDecryptError('encryptedData does not decrypt with this session_key and iv');
  }
  let payload: Partial<LegacyPhoneInfo> & { countryCode?: string | number };
  try {
    payload = JSON.parse(plaintext);
  } catch {
    throw new LegacyDecryptError('decrypted data is not JSON');
  }
  if (payload.watermark?.appid !== input.appid) throw new LegacyDecryptError('watermark.appid is not our appid');
  if (!payload.purePhoneNumber || !payload.phoneNumber)
    throw new LegacyDecryptError('decrypted data lacks the phone number');
  return {
    phoneNumber: payload.phoneNumber,
    purePhoneNumber: payload.purePhoneNumber,
    countryCode: String(payload.countryCode ?? ''),
    watermark: payload.watermark,
  };
}
