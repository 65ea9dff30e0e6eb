import { looksLikePhone, yuanToFen } from './pos';

describe('the terminal POS input', () => {
  test('When a mobile number is typed in any usual form, Then it is a phone lookup; a member code is not', () => {
    for (const phone of ['13912345678', '139 1234 5678', '+86 139-1234-5678', '8613912345678']) {
      expect(looksLikePhone(phone)).toBe(true);
    }
    for (const other of ['123456789012345678', '1391234567', '23912345678', '139123456789', 'abc']) {
      expect(looksLikePhone(other)).toBe(false);
    }
  });

  test('When an amount is typed in yuan, Then it is read as whole fen or refused', () => {
    expect(yuanToFen('88.5')).toBe(8_850);
    expect(yuanToFen('88.50')).toBe(8_850);
    expect(yuanToFen(' 100 ')).toBe(10_000);
    expect(yuanToFen('0.07')).toBe(7);
    for (const bad of ['12.345', '-1', '1e3', '', '¥5']) expect(yuanToFen(bad)).toBeNull();
  });
});
