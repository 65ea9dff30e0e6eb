import { select, type Tx } from '../../db/tx';
import { CREDIT_BALANCE_SQL, CREDIT_PENDING_SQL, DEBIT_SQL, type HistoryViolation } from './ledger-history';
import type { Asset } from './types';

/** What the ledger audit (audit-ledger.ts) found; the same shape for a full and an incremental one. */
export interface LedgerAudit {
  balanced: boolean;
  /** `full`: every transfer was summed; `incremental`: the checkpoint plus the transfers after it. */
  scope: 'full' | 'incremental';
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
  /** Rows breaking the append-only history (ledger-history.ts); the incremental audit reads the new ones. */
  historyViolations: HistoryViolation[];
}

export interface AccountRow {
  id: string;
  owner_type: string;
  owner_id: string;
  purpose: string;
  asset: Asset;
  balance: string | number;
  pending_in: string | number;
  no_negative: number | boolean;
}

export function emptyAssets(): Record<Asset, { sum: number }> {
  return { POINTS: { sum: 0 }, CNY: { sum: 0 } };
}

/** The findings over the accounts given, each against what its transfers say. */
export function judge(
  scope: LedgerAudit['scope'],
  accounts: AccountRow[],
  expectedOf: (accountId: string) => { balance: number; pendingIn: number },
  lots: Map<string, number>,
  assets: Record<Asset, { sum: number }>,
  historyViolations: HistoryViolation[],
): LedgerAudit {
  const audit: LedgerAudit = {
    balanced: true,
    scope,
    assets,
    mismatchedAccounts: [],
    negativeMemberAccounts: [],
    lotMismatches: [],
    historyViolations,
  };
  for (const row of accounts) {
    const balance = Number(row.balance);
    const pendingIn = Number(row.pending_in);
    const want = expectedOf(row.id);
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
    audit.lotMismatches.length === 0 &&
    audit.historyViolations.length === 0;
  return audit;
}

/** What an account's transfers add to its balance and its pending credits. */
export interface AccountSums {
  balance: number;
  pendingIn: number;
}

export interface TransferSums extends AccountSums {
  /** What its transfers below the watermark add up to: the checkpoint's part. */
  settled: AccountSums;
}

/**
 * What each account's transfers in `source` (a table, or a table with a WHERE clause) say, by the
 * rules of ledger-history.ts. History is append-only (posting or voiding a hold is a later row),
 * so a row's part never changes once written: everything below the watermark can go into the
 * checkpoint, pending holds included. Debits and credits are summed separately; over the whole
 * table each side reads an index that starts with the account and carries status and amount (the
 * id rides along in every InnoDB index), in order and without a temporary table.
 */
export async function transferSums(
  db: Tx,
  source: string,
  sourceParams: unknown[],
  watermark: string,
): Promise<Map<string, TransferSums>> {
  const below = (rule: string) => `CASE WHEN id < ? THEN ${rule} ELSE 0 END`;
  const credits = await select<{
    account_id: string;
    posted: string | number;
    pending: string | number;
    settled_posted: string | number;
    settled_pending: string | number;
  }>(
    db,
    `SELECT to_account_id AS account_id,
            SUM(${CREDIT_BALANCE_SQL}) AS posted,
            SUM(${CREDIT_PENDING_SQL}) AS pending,
            SUM(${below(CREDIT_BALANCE_SQL)}) AS settled_posted,
            SUM(${below(CREDIT_PENDING_SQL)}) AS settled_pending
       FROM ${source} GROUP BY to_account_id`,
    [watermark, watermark, ...sourceParams],
  );
  const debits = await select<{ account_id: string; debited: string | number; settled: string | number }>(
    db,
    `SELECT from_account_id AS account_id, SUM(${DEBIT_SQL}) AS debited, SUM(${below(DEBIT_SQL)}) AS settled
       FROM ${source} GROUP BY from_account_id`,
    [watermark, ...sourceParams],
  );
  const sums = new Map<string, TransferSums>();
  for (const row of credits) {
    sums.set(row.account_id, {
      balance: Number(row.posted),
      pendingIn: Number(row.pending),
      settled: { balance: Number(row.settled_posted), pendingIn: Number(row.settled_pending) },
    });
  }
  for (const row of debits) {
    const sum = sums.get(row.account_id) ?? { balance: 0, pendingIn: 0, settled: { balance: 0, pendingIn: 0 } };
    sum.balance -= Number(row.debited);
    sum.settled.balance -= Number(row.settled);
    sums.set(row.account_id, sum);
  }
  return sums;
}
