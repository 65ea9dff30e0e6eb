import { code128Values, code128Widths } from './code128';

describe('Code 128', () => {
  it('When the text is an even run of digits, Then set C packs two digits per symbol with a mod-103 checksum', () => {
    // 105 + 12·1 + 34·2 + 56·3 = 353; 353 mod 103 = 44
    expect(code128Values('123456')).toEqual([105, 12, 34, 56, 44]);
  });

  it('When the text has letters, Then set B is used', () => {
    // 104 + 33·1 (A) + 34·2 (B) = 205; 205 mod 103 = 102
    expect(code128Values('AB')).toEqual([104, 33, 34, 102]);
  });

  it('When an 18-digit member code is encoded, Then every symbol is 11 modules and the stop 13', () => {
    const widths = code128Widths('660000123412345678');
    const total = widths.reduce((sum, w) => sum + w, 0);
    // start + 9 data + checksum = 11 symbols of 11 modules, plus the 13-module stop
    expect(total).toBe(11 * 11 + 13);
    expect(widths.length % 2).toBe(1); // starts and ends with a bar
  });
});
