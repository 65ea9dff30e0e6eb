import { hashPin, pinMatches } from './pin-hash';

describe('Payment PIN hashing', () => {
  it('When a PIN is hashed, Then the hash holds no digits of it in clear and only that PIN matches', async () => {
    const stored = await hashPin('258013');
    expect(stored.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(stored).not.toContain('258013');
    expect(await pinMatches('258013', stored)).toBe(true);
    expect(await pinMatches('258014', stored)).toBe(false);
  });

  it('When the same PIN is hashed twice, Then the salts differ (no table of six-digit hashes works)', async () => {
    expect(await hashPin('258013')).not.toBe(await hashPin('258013'));
  });
});
