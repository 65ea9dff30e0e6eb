/**
 * Readable Chinese lines built from JSON the BFF stores (approval requests, risk evidence): plain
 * text with ids kept apart, so the page can shorten each id and show the full one in a tooltip.
 */
import { points } from './format';

/** A piece of a line: text, or an id shown shortened (full id on hover). */
export type TextPart = string | { id: string };

/** The last six characters of a long id (ULIDs share their time prefix), e.g. `…7XK2QD`. */
export function shortId(id: string): string {
  return id.length <= 10 ? id : `…${id.slice(-6)}`;
}

/** The line as it reads on screen, ids shortened. */
export function plainText(parts: TextPart[]): string {
  return parts.map((part) => (typeof part === 'string' ? part : shortId(part.id))).join('');
}

/** `+1,500` / `-300`: a signed count with grouped thousands. */
export function signedPoints(value: number): string {
  return value > 0 ? `+${points(value)}` : points(value);
}

/** Days from `from` to `to` (YYYY-MM-DD) counting both, or null when either is not a date. */
export function daysBetween(from: unknown, to: unknown): number | null {
  const first = typeof from === 'string' ? Date.parse(`${from}T00:00:00Z`) : Number.NaN;
  const last = typeof to === 'string' ? Date.parse(`${to}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(first) || Number.isNaN(last) || last < first) return null;
  return Math.round((last - first) / 86_400_000) + 1;
}

export const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
export const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * Any other shape: `key: value` pairs in order, empty values left out, ULIDs as ids, nested values
 * as compact JSON. Never throws.
 */
export function fallbackParts(value: unknown): TextPart[] {
  if (value === null || value === undefined) return ['—'];
  if (!isRecord(value)) return [compact(value)];
  const parts: TextPart[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === null || item === undefined || item === '') continue;
    if (parts.length > 0) parts.push('，');
    parts.push(`${key}: `);
    parts.push(typeof item === 'string' && ID_PATTERN.test(item) ? { id: item } : compact(item));
  }
  return parts.length > 0 ? parts : ['—'];
}

function compact(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
