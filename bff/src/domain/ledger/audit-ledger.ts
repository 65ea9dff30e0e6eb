import type { DataSource } from 'typeorm';
import { inSnapshot, select, type Tx } from '../../db/tx';
import {
  type AuditCheckpoint,
  type AuditOutcome,
  advanceCheckpoint,
  readCheckpoint,
  watermarkOf,
} from './audit-checkpoint';
import { type AccountRow, emptyAssets, judge, type LedgerAudit, transferSums } from './audit-findings';
import { incrementalAudit } from './audit-incremental';

export type { LedgerAudit } from './audit-findings';

export interface AuditOptions {
  /**
   * `full` (the default here: the test suites and the benchmark) sums every transfer;
   * `incremental` (the admin route and the CLI unless asked for full) starts from the checkpoint
   * and falls back to full when there is none yet.
   */
  scope?: 'full' | 'incremental';
  /** The audit's instant (the injected clock), recorded with the checkpoint. */
  now?: Date;
  /** How far the checkpoint's watermark trails the newest transfer (default SETTLE_MS). */
  settleMs?: number;
}

/**
 * The ledger's invariants (DESIGN.md "Ledger"): per asset all balances (posted plus pending
 * credits) sum to zero; every cached balance equals what its transfers say (posted credits minus
 * posted and pending debits; pending credits separately); no wallet is negative; the points and
 * stored value left in a wallet's lots equal its balance. A balanced audit moves the checkpoint
 * forward (audit-checkpoint.ts), so the next incremental one reads only newer transfers.
 */
export async function auditLedger(dataSource: DataSource, options: AuditOptions = {}): Promise<LedgerAudit> {
  const now = options.now ?? new Date();
  // One consistent view: checked piecewise on a live ledger, a transfer committing between two
  // reads would look like a mismatch.
  const { audit, advance } = await inSnapshot(dataSource, async (db) => {
    const checkpoint = await readCheckpoint(db);
    const watermark = await watermarkOf(db, options.settleMs);
    if (options.scope === 'incremental' && checkpoint) return incrementalAudit(db, checkpoint, watermark, now);
    return fullAudit(db, checkpoint, watermark, now);
  });
  if (audit.balanced) await advanceCheckpoint(dataSource, advance);
  return audit;
}

async function fullAudit(
  db: Tx,
  checkpoint: AuditCheckpoint | null,
  watermark: string,
  now: Date,
): Promise<AuditOutcome> {
  const accounts = await select<AccountRow>(
    db,
    'SELECT id, owner_type, owner_id, purpose, asset, balance, pending_in, no_negative FROM ledger_accounts',
  );
  const sums = await transferSums(db, 'ledger_transfers', [], watermark);
  const lots = await lotTotals(db);
  const assets = emptyAssets();
  for (const row of accounts) assets[row.asset].sum += Number(row.balance) + Number(row.pending_in);
  const audit = judge('full', accounts, (id) => sums.get(id) ?? { balance: 0, pendingIn: 0 }, lots, assets);
  const known = await checkpointSums(db);
  const changed = new Map<string, number>();
  for (const [accountId, sum] of sums) {
    if (sum.settled !== (known.get(accountId) ?? 0)) changed.set(accountId, sum.settled);
  }
  for (const [accountId, balance] of known) if (!sums.has(accountId) && balance !== 0) changed.set(accountId, 0);
  const pending = await select<{ id: string }>(
    db,
    "SELECT id FROM ledger_transfers WHERE status = 'pending' AND id < ?",
    [watermark],
  );
  return {
    audit,
    advance: {
      from: checkpoint?.version ?? null,
      watermark,
      auditedAt: now,
      mode: 'set',
      sums: changed,
      pending: pending.map((row) => row.id),
    },
  };
}

async function checkpointSums(db: Tx): Promise<Map<string, number>> {
  const rows = await select<{ account_id: string; balance: string | number }>(
    db,
    'SELECT account_id, balance FROM ledger_audit_sums',
  );
  return new Map(rows.map((row) => [row.account_id, Number(row.balance)]));
}

async function lotTotals(db: Tx): Promise<Map<string, number>> {
  const rows = await select<{ account_id: string; remaining: string | number }>(
    db,
    'SELECT account_id, SUM(remaining) AS remaining FROM ledger_lots GROUP BY account_id',
  );
  return new Map(rows.map((row) => [row.account_id, Number(row.remaining)]));
}
