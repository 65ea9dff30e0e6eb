import { select, type Tx } from '../../db/tx';
import type { AuditCheckpoint, AuditOutcome } from './audit-checkpoint';
import { type AccountRow, type AccountSums, emptyAssets, judge, transferSums } from './audit-findings';
import { historyViolations } from './ledger-history';
import type { Asset } from './types';

interface CheckedAccount extends AccountRow {
  checkpoint_balance: string | number;
  checkpoint_pending_in: string | number;
}

const CHUNK = 1000;
const ACCOUNT_COLUMNS =
  'a.id, a.owner_type, a.owner_id, a.purpose, a.asset, a.balance, a.pending_in, a.no_negative, COALESCE(s.balance, 0) AS checkpoint_balance, COALESCE(s.pending_in, 0) AS checkpoint_pending_in';
const WITH_CHECKPOINT = 'ledger_accounts a LEFT JOIN ledger_audit_sums s ON s.account_id = a.id';

/**
 * The audit from the checkpoint: the transfers after its watermark are summed per account (a range
 * of the primary key; a hold below it that is posted or voided since shows as its new post/void
 * row); every account whose cached balance or pending credits differ from its checkpoint sums or
 * that is negative, and every account those transfers touched, is checked against checkpoint + new
 * transfers, with its lots; the new rows are checked against the append-only history rules; the
 * per-asset sums are one pass over the accounts. Cost: the accounts once, the new transfers once;
 * not the history. What it cannot see is a change to a transfer or lot below the watermark that
 * left the cached balances alone: that is the full audit's.
 */
export async function incrementalAudit(
  db: Tx,
  checkpoint: AuditCheckpoint,
  watermark: string,
  now: Date,
): Promise<AuditOutcome> {
  const next = watermark > checkpoint.watermark ? watermark : checkpoint.watermark;
  const delta = await transferSums(db, 'ledger_transfers WHERE id >= ?', [checkpoint.watermark], next);
  const accounts = await accountsToCheck(db, delta);
  const expectedOf = (accountId: string) => {
    const account = accounts.get(accountId);
    const change = delta.get(accountId) ?? { balance: 0, pendingIn: 0 };
    return {
      balance: Number(account?.checkpoint_balance ?? 0) + change.balance,
      pendingIn: Number(account?.checkpoint_pending_in ?? 0) + change.pendingIn,
    };
  };
  const lots = await lotTotalsOf(db, [...accounts.keys()]);
  const violations = await historyViolations(db, checkpoint.watermark);
  const audit = judge('incremental', [...accounts.values()], expectedOf, lots, await assetSums(db), violations);
  const sums = new Map<string, AccountSums>();
  for (const [accountId, sum] of delta) {
    if (sum.settled.balance !== 0 || sum.settled.pendingIn !== 0) sums.set(accountId, sum.settled);
  }
  return {
    audit,
    advance: { from: checkpoint.version, watermark: next, auditedAt: now, mode: 'add', sums },
  };
}

/** Accounts whose cached state moved away from the checkpoint, and those the new transfers touched. */
async function accountsToCheck(db: Tx, delta: Map<string, unknown>): Promise<Map<string, CheckedAccount>> {
  const moved = await select<CheckedAccount>(
    db,
    `SELECT ${ACCOUNT_COLUMNS} FROM ${WITH_CHECKPOINT}
      WHERE a.balance <> COALESCE(s.balance, 0) OR a.pending_in <> COALESCE(s.pending_in, 0)
         OR (a.no_negative <> 0 AND a.balance < 0)`,
  );
  const accounts = new Map(moved.map((row) => [row.id, row]));
  const unseen = [...delta.keys()].filter((id) => !accounts.has(id));
  for (let start = 0; start < unseen.length; start += CHUNK) {
    const part = unseen.slice(start, start + CHUNK);
    const rows = await select<CheckedAccount>(
      db,
      `SELECT ${ACCOUNT_COLUMNS} FROM ${WITH_CHECKPOINT} WHERE a.id IN (${part.map(() => '?').join(', ')})`,
      part,
    );
    for (const row of rows) accounts.set(row.id, row);
  }
  return accounts;
}

/**
 * Past this many accounts one pass over all lots (grouped in index order) is cheaper than looking
 * each account's lots up (a row read per lot, in chunks).
 */
const LOOKUP_LIMIT = 10_000;

async function lotTotalsOf(db: Tx, accountIds: string[]): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  if (accountIds.length > LOOKUP_LIMIT) {
    const wanted = new Set(accountIds);
    const rows = await select<{ account_id: string; remaining: string | number }>(
      db,
      'SELECT account_id, SUM(remaining) AS remaining FROM ledger_lots GROUP BY account_id',
    );
    for (const row of rows) if (wanted.has(row.account_id)) totals.set(row.account_id, Number(row.remaining));
    return totals;
  }
  for (let start = 0; start < accountIds.length; start += CHUNK) {
    const part = accountIds.slice(start, start + CHUNK);
    const rows = await select<{ account_id: string; remaining: string | number }>(
      db,
      `SELECT account_id, SUM(remaining) AS remaining FROM ledger_lots
        WHERE account_id IN (${part.map(() => '?').join(', ')}) GROUP BY account_id`,
      part,
    );
    for (const row of rows) totals.set(row.account_id, Number(row.remaining));
  }
  return totals;
}

async function assetSums(db: Tx): Promise<Record<Asset, { sum: number }>> {
  const assets = emptyAssets();
  const rows = await select<{ asset: Asset; total: string | number }>(
    db,
    'SELECT asset, SUM(balance + pending_in) AS total FROM ledger_accounts GROUP BY asset',
  );
  for (const row of rows) assets[row.asset].sum = Number(row.total);
  return assets;
}
