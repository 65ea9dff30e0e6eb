import { readInstant, select, type Tx } from '../../db/tx';
import { stillPending } from './pending-transfers';

export interface MemberBalances {
  /** Spendable points (held points already taken out). */
  points: number;
  /**
   * Points not spendable yet: held by two-phase debits still pending (they come back if the hold
   * is voided) plus earned points in their pending period (the wallet's pending credits).
   */
  pendingPoints: number;
  storedValueFen: number;
  /** Points owed after a clawback found too few; repaid first by later earns. */
  pointsDebt: number;
}

/** One statement: the member's accounts, and for each the points still held by pending debits. */
export const MEMBER_BALANCES_SQL = `SELECT a.purpose, a.asset, a.balance, a.pending_in,
       (SELECT SUM(t.amount) FROM ledger_transfers t WHERE t.from_account_id = a.id AND ${stillPending('t')}) AS held
  FROM ledger_accounts a WHERE a.owner_type = 'member' AND a.owner_id = ?`;

export async function getMemberBalances(db: Tx, memberId: string): Promise<MemberBalances> {
  const accounts = await select<{
    purpose: string;
    asset: string;
    balance: string | number;
    pending_in: string | number;
    held: string | number | null;
  }>(db, MEMBER_BALANCES_SQL, [memberId]);
  const accountOf = (purpose: string, asset: string) =>
    accounts.find((a) => a.purpose === purpose && a.asset === asset);
  const balanceOf = (purpose: string, asset: string) => Number(accountOf(purpose, asset)?.balance ?? 0);
  const wallet = accountOf('wallet', 'POINTS');
  return {
    points: balanceOf('wallet', 'POINTS'),
    pendingPoints: wallet ? Number(wallet.held ?? 0) + Number(wallet.pending_in) : 0,
    storedValueFen: balanceOf('wallet', 'CNY'),
    pointsDebt: Math.max(0, -balanceOf('debt', 'POINTS')),
  };
}

/** Points that will expire within `days` of `asOf`, grouped by expiry instant, soonest first. */
export async function expiringSoon(
  db: Tx,
  memberId: string,
  asOf: Date,
  days = 30,
): Promise<Array<{ points: number; expiresAt: Date }>> {
  const until = new Date(asOf.getTime() + days * 86_400_000);
  const rows = await select<{ expires_at: unknown; points: string | number }>(
    db,
    `SELECT expires_at, SUM(remaining) AS points FROM ledger_lots
      WHERE member_id = ? AND asset = 'POINTS' AND remaining > 0 AND expires_at > ? AND expires_at <= ?
      GROUP BY expires_at ORDER BY expires_at`,
    [memberId, asOf, until],
  );
  return rows.map((row) => ({ points: Number(row.points), expiresAt: readInstant(row.expires_at) }));
}
