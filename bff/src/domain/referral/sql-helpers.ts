import type { Tx } from '../../db/tx';

/** ` FOR UPDATE` on MySQL/TiDB; SQLite (the embedded demo) serialises writers and has no row locks. */
export function forUpdate(tx: Tx): string {
  return tx.connection.options.type === 'better-sqlite3' ? '' : ' FOR UPDATE';
}

/** A member id as a referrer may see it: only the last 4 (random) characters of the ULID. */
export function maskMemberId(memberId: string): string {
  return `会员****${memberId.slice(-4)}`;
}

export const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
