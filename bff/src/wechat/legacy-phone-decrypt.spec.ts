import { createCipheriv, randomBytes } from 'node:crypto';
import { LegacyDecryptError } from './errors';
import { decryptLegacyPhone } from './legacy-phone-decrypt';

const sessionKey = randomBytes(16).toString('base64');

function encrypt(payload: unknown, key = sessionKey) {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-cbc', Buffer.from(key, 'base64'), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(payload)), cipher.final()]);
  return { encryptedData: data.toString('base64'), iv: iv.toString('base64') };
}

const payload = (appid: string) => ({
  phoneNumber: '13800138000',
  purePhoneNumber: '13800138000',
  countryCode: 86,
  watermark: { timestamp: 1, appid },
});

describe('decryptLegacyPhone', () => {
  test('When the data was encrypted for our appid, Then the phone comes back with countryCode as a string', () => {
    const result = decryptLegacyPhone({
      ...encrypt(payload('wxours')),
      sessionKey,
      appid: 'wxours',
    });
    expect(result).toEqual({
      phoneNumber: '13800138000',
      purePhoneNumber: '13800138000',
      countryCode: '86',
      watermark: { timestamp: 1, appid: 'wxours' },
    });
  });

  test('When the watermark names another appid, Then it is rejected', () => {
    expect(() =>
      decryptLegacyPhone({
        ...encrypt(payload('wxother')),
        sessionKey,
        appid: 'wxours',
      }),
    ).toThrow(/watermark/);
  });

  test('When the session_key is another one, Then LegacyDecryptError', () => {
    const other = randomBytes(16).toString('base64');
    const attempt = () =>
      decryptLegacyPhone({
        ...encrypt(payload('wxours'), other),
        sessionKey,
        appid: 'wxours',
      });
    expect(attempt).toThrow(LegacyDecryptError);
  });

  test('When iv is not 16 bytes, Then LegacyDecryptError', () => {
    const attempt = () =>
      decryptLegacyPhone({
        ...encrypt(payload('wxours')),
        iv: 'AAAA',
        sessionKey,
        appid: 'wxours',
      });
    expect(attempt).toThrow(LegacyDecryptError);
  });
});
