import { AppError } from './app-error';

/**
 * Every list pages with one kind of cursor (API.md: `?cursor=`, `nextCursor`): opaque to clients,
 * the base64url of `{l: list, k: [key values of the last row]}`. One decoder for every list, so a
 * cursor that this list did not hand out (garbage, edited, another list's) is the same
 * 400 VALIDATION_FAILED everywhere (issue #10, finding 13), never a silent first page.
 */
export function encodeCursor(list: string, key: readonly string[]): string {
  return Buffer.from(JSON.stringify({ l: list, k: key }), 'utf8').toString('base64url');
}

/**
 * The key values of a cursor this list handed out, or null when there is none (first page).
 * `valid` checks each value (e.g. a ULID pattern) so nothing unchecked reaches the SQL.
 */
export function decodeCursor(
  list: string,
  cursor: string | null | undefined,
  valid: Array<(value: string) => boolean>,
): string[] | null {
  if (cursor === undefined || cursor === null || cursor === '') return null;
  const key = readKey(list, cursor);
  if (!key || key.length !== valid.length || !key.every((value, index) => valid[index](value))) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this list handed out.', {
      issues: [{ path: 'query.cursor', message: 'unknown cursor' }],
    });
  }
  return key;
}

function readKey(list: string, cursor: string): string[] | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { l?: unknown; k?: unknown };
    if (parsed?.l !== list || !Array.isArray(parsed.k)) return null;
    return parsed.k.every((value) => typeof value === 'string') ? (parsed.k as string[]) : null;
  } catch {
    return null;
  }
}

export const isUlid = (value: string) => /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/.test(value);
export const isText = (max: number) => (value: string) => value.length > 0 && value.length <= max;
