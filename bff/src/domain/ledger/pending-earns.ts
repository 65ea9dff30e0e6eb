import { execute, readInstant, select, type Tx } from '../../db/tx';
import { type Account, accountById, memberWallet } from './accounts';
import { type EarnPointsInput, earnSource } from './earn-points';
import { forUpdate, runOperation } from './operations';
import { stillPending, voidTransfer } from './pending-transfers';
import { writeTransfer } from './transfers';
import { assertPositiveAmount, type Cause, type FundedBy } from './types';

export interface EarnPendingPointsInput extends Omit<EarnPointsInput, 'kind' | 'expiresAt'> {
  /** When the points become spendable (the end of the refund window). */
  releaseAt: Date;
}

/**
 * Credits earned points as PENDING (earn rule `pendingDays` > 0): a two-phase EARN transfer
 * parked in the wallet's `pending_in`, so they show as pending and cannot be spent. No lot and no
 * debt repayment yet: both happen when release-pending-points posts it after `releaseAt`
 * (releasePendingEarn), or never, if a refund voids it first (voidPendingEarns).
 */
export async function earnPendingPoints(tx: Tx, input: EarnPendingPointsInput): Promise<{ transferId: string }> {
  assertPositiveAmount(input.points, 'points');
  const { idempotencyKey, earnedAt, ...request } = input;
  return runOperation(tx, idempotencyKey, { op: 'earnPendingPoints', ...request }, async () => {
    const fundedBy: FundedBy = input.fundedBy ?? (input.storeId ? 'STORE' : 'HQ');
    const source = await earnSource(tx, input.storeId, 'EARN', fundedBy);
    const wallet = await memberWallet(tx, input.memberId, 'POINTS');
    const transferId = await writeTransfer(tx, {
      idempotencyKey,
      from: source,
      to: wallet,
      amount: input.points,
      kind: 'EARN',
      pending: true,
      storeId: input.storeId,
      cause: input,
      note: input.note ?? null,
      at: earnedAt,
    });
    await insertPendingEarn(tx, { transferId, memberId: input.memberId, storeId: input.storeId, fundedBy }, input);
    return { transferId };
  });
}

async function insertPendingEarn(
  tx: Tx,
  row: { transferId: string; memberId: string; storeId: string | null; fundedBy: FundedBy },
  timing: { releaseAt: Date; earnedAt: Date },
): Promise<void> {
  await execute(
    tx,
    'INSERT INTO ledger_pending_earns (transfer_id, member_id, store_id, funded_by, release_at, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    [row.transferId, row.memberId, row.storeId, row.fundedBy, timing.releaseAt, timing.earnedAt],
  );
}

export interface PendingEarn {
  transferId: string;
  amount: number;
  fromAccountId: string;
  storeId: string | null;
  fundedBy: FundedBy;
  releaseAt: Date;
}

/** The still-pending earns credited to a member's wallet for a cause (e.g. a checkout), oldest first. */
export async function pendingEarnsOf(tx: Tx, memberId: string, cause: Cause, lock = false): Promise<PendingEarn[]> {
  const wallet = await memberWallet(tx, memberId, 'POINTS');
  const rows = await select<{
    id: string;
    amount: string | number;
    from_account_id: string;
    store_id: string | null;
    funded_by: FundedBy;
    release_at: unknown;
  }>(
    tx,
    `SELECT t.id, t.amount, t.from_account_id, t.store_id, p.funded_by, p.release_at
       FROM ledger_transfers t JOIN ledger_pending_earns p ON p.transfer_id = t.id
      WHERE t.cause_type = ? AND t.cause_id = ? AND t.to_account_id = ? AND ${stillPending('t')}
      ORDER BY t.id${lock ? forUpdate(tx) : ''}`,
    [cause.causeType, cause.causeId, wallet.id],
  );
  return rows.map((row) => ({
    transferId: row.id,
    amount: Number(row.amount),
    fromAccountId: row.from_account_id,
    storeId: row.store_id,
    fundedBy: row.funded_by,
    releaseAt: readInstant(row.release_at),
  }));
}

export interface VoidPendingEarnsInput extends Cause {
  memberId: string;
  points: number;
  idempotencyKey: string;
  at: Date;
}

/**
 * Takes up to `points` back from a cause's pending earns (a refund within the pending period):
 * each affected pending transfer is voided and what it keeps is credited again as a new pending
 * transfer with the same release instant, source and funding. Split over the transfers in
 * proportion (largest remainder), so a store part and an HQ part keep their ratio. No clawback
 * and no debt: the points were never spendable. Returns how many points were voided.
 */
export async function voidPendingEarns(tx: Tx, input: VoidPendingEarnsInput): Promise<{ voided: number }> {
  assertPositiveAmount(input.points, 'points');
  const { idempotencyKey, at, ...request } = input;
  return runOperation(tx, idempotencyKey, { op: 'voidPendingEarns', ...request }, async () => {
    // The wallet first: the lock order of every operation on a member (a release may run now).
    const wallet = await memberWallet(tx, input.memberId, 'POINTS');
    await select(tx, `SELECT id FROM ledger_accounts WHERE id = ?${forUpdate(tx)}`, [wallet.id]);
    const earns = await pendingEarnsOf(tx, input.memberId, input, true);
    const total = earns.reduce((sum, earn) => sum + earn.amount, 0);
    const voided = Math.min(total, input.points);
    const takes = proportional(
      voided,
      earns.map((earn) => earn.amount),
    );
    for (const [index, earn] of earns.entries()) {
      if (takes[index] === 0) continue;
      await voidTransfer(tx, earn.transferId, at);
      const kept = earn.amount - takes[index];
      if (kept === 0) continue;
      const transferId = await writeTransfer(tx, {
        idempotencyKey: `${idempotencyKey}:${earn.transferId}`,
        from: await accountById(tx, earn.fromAccountId),
        to: wallet,
        amount: kept,
        kind: 'EARN',
        pending: true,
        storeId: earn.storeId,
        cause: { causeType: input.causeType, causeId: input.causeId },
        note: null,
        at,
      });
      await insertPendingEarn(
        tx,
        { transferId, memberId: input.memberId, storeId: earn.storeId, fundedBy: earn.fundedBy },
        { releaseAt: earn.releaseAt, earnedAt: at },
      );
    }
    return { voided };
  });
}

/** `amount` split over `weights` in proportion, exactly (largest remainder, ties to the first). */
function proportional(amount: number, weights: number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (total === 0) return weights.map(() => 0);
  const exact = weights.map((weight) => (amount * weight) / total);
  const parts = exact.map(Math.floor);
  let left = amount - parts.reduce((sum, part) => sum + part, 0);
  const order = exact
    .map((value, index) => ({ index, rest: value - Math.floor(value) }))
    .sort((a, b) => b.rest - a.rest);
  for (const { index } of order) {
    if (left === 0) break;
    parts[index] += 1;
    left -= 1;
  }
  return parts;
}

interface MovablePendingEarn {
  id: string;
  idempotency_key: string;
  amount: string | number;
  from_account_id: string;
  store_id: string | null;
  cause_type: string | null;
  cause_id: string | null;
  funded_by: FundedBy;
  release_at: unknown;
}

const MOVABLE_COLUMNS =
  't.id, t.idempotency_key, t.amount, t.from_account_id, t.store_id, t.cause_type, t.cause_id, p.funded_by, p.release_at';

/**
 * A merge moves the absorbed member's pending earns to the survivor: each is voided and made again,
 * same amount, source, cause and release date, into the survivor's wallet.
 */
export async function movePendingEarns(
  tx: Tx,
  input: { fromMemberId: string; toMemberId: string; mergeId: string; at: Date },
): Promise<number> {
  const from = await memberWallet(tx, input.fromMemberId, 'POINTS');
  const rows = await select<MovablePendingEarn>(
    tx,
    `SELECT ${MOVABLE_COLUMNS} FROM ledger_transfers t JOIN ledger_pending_earns p ON p.transfer_id = t.id
      WHERE t.to_account_id = ? AND ${stillPending('t')} ORDER BY t.id${forUpdate(tx)}`,
    [from.id],
  );
  const to = { memberId: input.toMemberId, wallet: await memberWallet(tx, input.toMemberId, 'POINTS') };
  for (const row of rows) await remakePendingEarn(tx, row, to, `merge:${input.mergeId}:pending:${row.id}`, input.at);
  return rows.length;
}

/**
 * Undoing a merge gives back the pending earns it moved that are still pending (each to the
 * member it came from); those already released are points in the survivor's wallet by then.
 */
export async function movePendingEarnsBack(tx: Tx, input: { mergeId: string; at: Date }): Promise<number> {
  const prefix = `merge:${input.mergeId}:pending:`;
  const rows = await select<MovablePendingEarn>(
    tx,
    `SELECT ${MOVABLE_COLUMNS} FROM ledger_transfers t JOIN ledger_pending_earns p ON p.transfer_id = t.id
      WHERE t.idempotency_key LIKE ? AND ${stillPending('t')} ORDER BY t.id${forUpdate(tx)}`,
    [`${prefix}%`],
  );
  for (const row of rows) {
    const [original] = await select<{ to_account_id: string }>(
      tx,
      'SELECT to_account_id FROM ledger_transfers WHERE id = ?',
      [row.idempotency_key.slice(prefix.length)],
    );
    const wallet = await accountById(tx, original.to_account_id);
    const key = `unmerge:${input.mergeId}:pending:${row.id}`;
    await remakePendingEarn(tx, row, { memberId: wallet.ownerId, wallet }, key, input.at);
  }
  return rows.length;
}

async function remakePendingEarn(
  tx: Tx,
  row: MovablePendingEarn,
  to: { memberId: string; wallet: Account },
  idempotencyKey: string,
  at: Date,
): Promise<void> {
  await voidTransfer(tx, row.id, at);
  const transferId = await writeTransfer(tx, {
    idempotencyKey,
    from: await accountById(tx, row.from_account_id),
    to: to.wallet,
    amount: Number(row.amount),
    kind: 'EARN',
    pending: true,
    storeId: row.store_id,
    cause: { causeType: row.cause_type ?? undefined, causeId: row.cause_id ?? undefined },
    note: null,
    at,
  });
  await insertPendingEarn(
    tx,
    { transferId, memberId: to.memberId, storeId: row.store_id, fundedBy: row.funded_by },
    { releaseAt: readInstant(row.release_at), earnedAt: at },
  );
}
