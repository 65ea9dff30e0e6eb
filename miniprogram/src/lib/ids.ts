/**
 * Client-side keys. Idempotency keys only need to be unique per caller; the weapp has no
 * synchronous crypto RNG, so time plus Math.random is used (≈ 80 random bits).
 */
function randomChars(length: number): string {
  let out = '';
  while (out.length < length) out += Math.random().toString(36).slice(2);
  return out.slice(0, length);
}

export function newIdempotencyKey(): string {
  return `tk-${Date.now().toString(36)}-${randomChars(16)}`;
}

/** A POS-style order reference, unique per store in practice: POS + yymmddHHMMSS + 4 random. */
export function newOrderRef(nowMs = Date.now()): string {
  const d = new Date(nowMs + 8 * 60 * 60 * 1000);
  const parts = [
    d.getUTCFullYear() % 100,
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  ];
  return `POS${parts.map((n) => String(n).padStart(2, '0')).join('')}${randomChars(4).toUpperCase()}`;
}
