import type { DataSource } from 'typeorm';
import { inSnapshot, select, type Tx } from '../../db/tx';
import type { Asset } from './types';

export interface LedgerAudit {
  balanced: boolean;
  assets: Record<Asset, { sum: number }>;
  mismatchedAccounts: Array<{
    accountId: string;
    ownerType: string;
    ownerId: string;
    purpose: string;
    asset: string;
    balance: number;
    expectedBalance: number;
    pendingIn: number;
    expectedPendingIn: number;
  }>;
  negativeMemberAccounts: Array<{ accountId: string; memberId: string; asset: string; balance: number }>;
  lotMismatches: Array<{ accountId: string; memberId: string; asset: string; balance: number; lotsRemaining: number }>;
}

interface AccountRow {
  id: string;
  owner_type: string;
  owner_id: string;
  purpose: string;
  asset: Asset;
  balance: string | number;
  pending_in: string | number;
  no_negative: number | boolean;
}

/**
 * The ledger's invariants (DESIGN.md "Ledger"): per asset all balances (posted plus pending
 * credits) sum to zero; every cached balance equals what its transfers say (posted credits minus
 * posted and pending debits; pending credits separately); no wallet is negative; the points and
 * stored value left in a wallet's lots equal its balance.
 */
export async function auditLedger(dataSource: DataSource): Promise<LedgerAudit> {
  // One consistent view: checked piecewise on a live ledger, a transfer committing between two
  // reads would look like a mismatch.
  return inSnapshot(dataSource, auditLedgerIn);
}

async function auditLedgerIn(db: Tx): Promise<LedgerAudit> {
  const accounts = await select<AccountRow>(
    db,
    'SELECT id, owner_type, owner_id, purpose, asset, balance, pending_in, no_negative FROM ledger_accounts',
  );
  const expected = await expectedBalances(db);
  const lots = await lotTotals(db);
  const assets: Record<Asset, { sum: number }> = { POINTS: { sum: 0 }, CNY: { sum: 0 } };
  const audit: LedgerAudit = {
    balanced: true,
    assets,
    mismatchedAccounts: [],
    negativeMemberAccounts: [],
    lotMismatches: [],
  };
  for (const row of accounts) {
    const balance = Number(row.balance);
    const pendingIn = Number(row.pending_in);
    assets[row.asset].sum += balance + pendingIn;
    const want = expected.get(row.id) ?? { balance: 0, pendingIn: 0 };
    if (want.balance !== balance || want.pendingIn !== pendingIn) {
      audit.mismatchedAccounts.push({
        accountId: row.id,
        ownerType: row.owner_type,
        ownerId: row.owner_id,
        purpose: row.purpose,
        asset: row.asset,
        balance,
        expectedBalance: want.balance,
        pendingIn,
        expectedPendingIn: want.pendingIn,
      });
    }
    if (Number(row.no_negative) && balance < 0) {
      audit.negativeMemberAccounts.push({ accountId: row.id, memberId: row.owner_id, asset: row.asset, balance });
    }
    const lotsRemaining = lots.get(row.id) ?? 0;
    if ((row.purpose === 'wallet' && lotsRemaining !== balance) || (row.purpose !== 'wallet' && lotsRemaining !== 0)) {
      audit.lotMismatches.push({ accountId: row.id, memberId: row.owner_id, asset: row.asset, balance, lotsRemaining });
    }
  }
  audit.balanced =
    assets.POINTS.sum === 0 &&
    assets.CNY.sum === 0 &&
    audit.mismatchedAccounts.length === 0 &&
    audit.negativeMemberAccounts.length === 0 &&
    audit.lotMismatches.length === 0;
  return audit;
}

async function expectedBalances(db: Tx): Promise<Map<string, { balance: number; pendingIn: number }>> {
  const rows = await select<{ account_id: string; balance: string | number; pending_in: string | number }>(
    db,
    `SELECT account_id, SUM(balance_delta) AS balance, SUM(pending_delta) AS pending_in FROM (
       SELECT to_account_id AS account_id,
              CASE WHEN status = 'posted' THEN amount ELSE 0 END AS balance_delta,
              CASE WHEN status = 'pending' THEN amount ELSE 0 END AS pending_delta
         FROM ledger_transfers
       UNION ALL
       SELECT from_account_id, CASE WHEN status = 'voided' THEN 0 ELSE -amount END, 0 FROM ledger_transfers
     ) movements GROUP BY account_id`,
  );
  return new Map(
    rows.map((row) => [row.account_id, { balance: Number(row.balance), pendingIn: Number(row.pending_in) }]),
  );
}

async function lotTotals(db: Tx): Promise<Map<string, number>> {
  const rows = await select<{ account_id: string; remaining: string | number }>(
    db,
    'SELECT account_id, SUM(remaining) AS remaining FROM ledger_lots GROUP BY account_id',
  );
  return new Map(rows.map((row) => [row.account_id, Number(row.remaining)]));
}
