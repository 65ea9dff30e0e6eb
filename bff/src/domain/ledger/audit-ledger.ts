import type { DataSource } from 'typeorm';
import { inSnapshot, select, type Tx } from '../../db/tx';
import {
  type AuditCheckpoint,
  type AuditOutcome,
  advanceCheckpoint,
  readCheckpoint,
  watermarkOf,
} from './audit-checkpoint';
import {
  type AccountRow,
  type AccountSums,
  emptyAssets,
  judge,
  type LedgerAudit,
  transferSums,
} from './audit-findings';
import { incrementalAudit } from './audit-incremental';
import { historyViolations } from './ledger-history';

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
 * stored value left in a wallet's lots equal its balance; the history is append-only
 * (ledger-history.ts, whose rules both audits sum by). A balanced audit moves the checkpoint
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
  const expectedOf = (id: string) => sums.get(id) ?? { balance: 0, pendingIn: 0 };
  const audit = judge('full', accounts, expectedOf, lots, assets, await historyViolations(db));
  // The checkpoint's sums are set to what the transfers below the watermark say, where they differ.
  const known = await checkpointSums(db);
  const changed = new Map<string, AccountSums>();
  for (const [accountId, sum] of sums) {
    const was = known.get(accountId);
    if (sum.settled.balance !== (was?.balance ?? 0) || sum.settled.pendingIn !== (was?.pendingIn ?? 0)) {
      changed.set(accountId, sum.settled);
    }
  }
  for (const [accountId, was] of known) {
    if (!sums.has(accountId) && (was.balance !== 0 || was.pendingIn !== 0)) {
      changed.set(accountId, { balance: 0, pendingIn: 0 });
    }
  }
  return {
    audit,
    advance: { from: checkpoint?.version ?? null, watermark, auditedAt: now, mode: 'set', sums: changed },
  };
}

async function checkpointSums(db: Tx): Promise<Map<string, AccountSums>> {
  const rows = await select<{ account_id: string; balance: string | number; pending_in: string | number }>(
    db,
    'SELECT account_id, balance, pending_in FROM ledger_audit_sums',
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
