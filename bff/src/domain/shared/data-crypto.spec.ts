import { DataCrypto } from './data-crypto';

const crypto = new DataCrypto(Buffer.alloc(32, 9).toString('base64'));

describe('DataCrypto', () => {
  test('When a value is encrypted, Then it decrypts back and never equals the clear text', () => {
    const stored = crypto.encrypt('13812345678');
    expect(stored).not.toContain('13812345678');
    expect(crypto.decrypt(stored)).toBe('13812345678');
    expect(crypto.encrypt('13812345678')).not.toBe(stored); // random IV
  });

  test('When the ciphertext is tampered with, Then decryption fails', () => {
    const raw = Buffer.from(crypto.encrypt('13812345678'), 'base64url');
    raw[raw.length - 1] ^= 1;
    expect(() => crypto.decrypt(raw.toString('base64url'))).toThrow();
  });

  test('When the blind index is taken twice, Then it is stable and differs per value and key', () => {
    expect(crypto.blindIndex('13812345678')).toBe(crypto.blindIndex('13812345678'));
    expect(crypto.blindIndex('13812345678')).not.toBe(crypto.blindIndex('13812345679'));
    const other = new DataCrypto(Buffer.alloc(32, 8).toString('base64'));
    expect(other.blindIndex('13812345678')).not.toBe(crypto.blindIndex('13812345678'));
  });
});
