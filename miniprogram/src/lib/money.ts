import { parseMoneyText, parsePointsText } from './number-input';

/** Money is integer fen everywhere; these are the only conversions to and from text. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "12", "12.3", "12.34" → fen; null for anything else (lib/number-input.ts says why). */
export function parseYuanToFen(text: string): number | null {
  const parsed = parseMoneyText(text);
  return parsed.ok ? parsed.value : null;
}

/** Whole non-negative integers typed into a field (points); null for anything else. */
export function parseWholeNumber(text: string): number | null {
  const parsed = parsePointsText(text);
  return parsed.ok ? parsed.value : null;
}

export function formatPoints(points: number): string {
  return `${points} 积分`;
}
