import { monotonicFactory, ulid } from './ulid';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe('pooled ulid', () => {
  it('makes valid, distinct ids carrying the given time', () => {
    const ids = Array.from({ length: 10_000 }, () => ulid(1_700_000_000_000));
    expect(ids.every((id) => ULID.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id.slice(0, 10))).size).toBe(1);
    // The random part uses the whole alphabet (the pool refills past its 4 KiB).
    expect(new Set(ids.flatMap((id) => id.slice(10).split(''))).size).toBe(32);
  });

  it('sorts in creation order within one millisecond when monotonic', () => {
    const next = monotonicFactory();
    const ids = Array.from({ length: 1000 }, () => next(1_700_000_000_000));
    expect([...ids].sort()).toEqual(ids);
  });
});
