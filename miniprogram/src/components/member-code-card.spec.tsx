import { inflateSync } from 'node:zlib';
import { act, render } from '@testing-library/react';
import { memberCodeAt, secondsUntilNextCode } from '@tongka/shared-types/dist/member-code';
import type { MemberCodeSecret } from '../services/types';
import { MemberCodeCard } from './member-code-card';

const secret: MemberCodeSecret = {
  memberCodeId: 1234,
  secret: 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI',
  algorithm: 'TOTP-SHA256',
  digits: 8,
  period: 30,
  prefix: '66',
};
// 2026-11-23T07:00:10Z: 20 s before the next 30 s step.
const fixedNowMs = Date.UTC(2026, 10, 23, 7, 0, 10);

function text(container: HTMLElement, id: string): string {
  return container.querySelector(`#${id}`)?.textContent ?? '';
}

describe('MemberCodeCard', () => {
  it('When shown at a fixed clock, Then its digits are memberCodeAt for that instant', () => {
    const { container } = render(<MemberCodeCard secret={secret} nowMs={fixedNowMs} />);
    const digits = text(container, 'member-code-digits');
    expect(digits).toBe(memberCodeAt(1234, secret.secret, fixedNowMs));
    expect(digits).toMatch(/^6600001234\d{8}$/);
    expect(text(container, 'member-code-countdown')).toBe(String(secondsUntilNextCode(fixedNowMs)));
    expect(text(container, 'member-code-countdown')).toBe('20');
  });

  it('When the clock crosses a 30 s step, Then the code changes to the next step', () => {
    const { container, rerender } = render(<MemberCodeCard secret={secret} nowMs={fixedNowMs} />);
    const before = text(container, 'member-code-digits');
    act(() => rerender(<MemberCodeCard secret={secret} nowMs={fixedNowMs + 25_000} />));
    const after = text(container, 'member-code-digits');
    expect(after).toBe(memberCodeAt(1234, secret.secret, fixedNowMs + 25_000));
    expect(after).not.toBe(before);
  });

  it('When rendered, Then the barcode and QR are PNG data URLs', () => {
    const { container } = render(<MemberCodeCard secret={secret} nowMs={fixedNowMs} />);
    for (const id of ['member-barcode', 'member-qr']) {
      const src = container.querySelector(`#${id}`)?.getAttribute('src') ?? '';
      expect(src.startsWith('data:image/png;base64,')).toBe(true);
      const png = Buffer.from(src.split(',')[1], 'base64');
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    }
  });
});

describe('PNG encoding of the barcode', () => {
  it('When a matrix is encoded, Then decoding the IDAT gives back its dark and light modules', async () => {
    const { matrixToPngDataUrl } = await import('../lib/png');
    const pattern = [true, false, false, true, true, false, true, false, true];
    const url = matrixToPngDataUrl({ width: pattern.length, height: 1, isDark: (x) => pattern[x] }, 1);
    const png = Buffer.from(url.split(',')[1], 'base64');
    const idatAt = png.indexOf('IDAT');
    const length = png.readUInt32BE(idatAt - 4);
    const raw = inflateSync(png.subarray(idatAt + 4, idatAt + 4 + length));
    expect(raw[0]).toBe(0); // filter byte
    const bits = [...pattern.keys()].map((x) => ((raw[1 + (x >> 3)] >> (7 - (x & 7))) & 1) === 0);
    expect(bits).toEqual(pattern);
  });
});
