/** Money is integer fen everywhere; these are the only conversions to and from text. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "12", "12.3", "12.34" → fen; null for anything else (no negative, at most two decimals). */
export function parseYuanToFen(text: string): number | null {
  const match = /^\s*(\d{1,9})(?:\.(\d{0,2}))?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Whole non-negative integers typed into a field (points); null for anything else. */
export function parseWholeNumber(text: string): number | null {
  const match = /^\s*(\d{1,9})\s*$/.exec(text);
  return match ? Number(match[1]) : null;
}

export function formatPoints(points: number): string {
  return `${points} 积分`;
}
