import { execute, readInstant, select, type Tx } from '../../db/tx';
import { monotonicFactory } from '../shared/ulid';
import type { Account } from './accounts';
import { ledgerNow } from './ledger-clock';
import { forUpdate } from './operations';
import { type LotNote, noteLots } from './report-rollups';
import { type TransferInput, writeTransfer } from './transfers';
import type { FundedBy, LotPortion } from './types';

// Monotonic within a process: lots with the same expiry are consumed in the order they were made.
const ulid = monotonicFactory();

export interface NewLot {
  account: Account;
  memberId: string;
  issuingStoreId: string | null;
  fundedBy: FundedBy;
  amount: number;
  expiresAt: Date | null;
  earnedAt: Date;
  originTransferId: string;
}

export async function createLot(tx: Tx, lot: NewLot): Promise<string> {
  const id = ulid();
  await execute(
    tx,
    `INSERT INTO ledger_lots (id, account_id, member_id, asset, issuing_store_id, funded_by, amount, remaining, expires_at,
       earned_at, origin_transfer_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      lot.account.id,
      lot.memberId,
      lot.account.asset,
      lot.issuingStoreId,
      lot.fundedBy,
      lot.amount,
      lot.amount,
      lot.expiresAt,
      lot.earnedAt,
      lot.originTransferId,
      ledgerNow(),
    ],
  );
  await noteLots(tx, [
    { at: lot.earnedAt, issuingStoreId: lot.issuingStoreId, asset: lot.account.asset, delta: lot.amount },
  ]);
  return id;
}

interface LotRow {
  id: string;
  issuing_store_id: string | null;
  funded_by: FundedBy;
  remaining: string | number;
  expires_at: unknown;
}

/**
 * Takes `amount` from an account's lots, earliest expiry first (lots without expiry last, then by
 * id), and records which parts went with the transfer. The caller has already debited the account
 * row, which locks it, so lot locks are always taken after the account lock.
 */
export async function consumeLots(
  tx: Tx,
  accountId: string,
  amount: number,
  transferId: string,
  preferLotIds: string[] = [],
  at: Date,
): Promise<LotPortion[]> {
  const rows = await select<LotRow & { asset: LotNote['asset'] }>(
    tx,
    `SELECT id, issuing_store_id, funded_by, remaining, expires_at, asset FROM ledger_lots
      WHERE account_id = ? AND remaining > 0 ORDER BY (CASE WHEN expires_at IS NULL THEN 1 ELSE 0 END), expires_at, id${forUpdate(tx)}`,
    [accountId],
  );
  // A reversal of an earn takes back the lot that earn created before any other.
  const preferred = rows.filter((lot) => preferLotIds.includes(lot.id));
  const lots = [...preferred, ...rows.filter((lot) => !preferLotIds.includes(lot.id))];
  const portions: LotPortion[] = [];
  let left = amount;
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(left, Number(lot.remaining));
    await execute(tx, 'UPDATE ledger_lots SET remaining = remaining - ? WHERE id = ? AND remaining >= ?', [
      take,
      lot.id,
      take,
    ]);
    await recordPortion(tx, transferId, lot.id, take);
    portions.push({
      lotId: lot.id,
      issuingStoreId: lot.issuing_store_id,
      fundedBy: lot.funded_by,
      amount: take,
      expiresAt: lot.expires_at === null ? null : readInstant(lot.expires_at),
    });
    left -= take;
  }
  // The account balance said there was enough; lots disagreeing is a broken invariant, not a user error.
  if (left > 0) throw new Error(`ledger lots of account ${accountId} are short by ${left}`);
  const asset = rows[0]?.asset ?? 'POINTS';
  await noteLots(
    tx,
    portions.map((p) => ({ at, issuingStoreId: p.issuingStoreId, asset, delta: -p.amount })),
  );
  return portions;
}

export async function recordPortion(tx: Tx, transferId: string, lotId: string, amount: number): Promise<void> {
  await execute(tx, 'INSERT INTO ledger_lot_portions (id, transfer_id, lot_id, amount) VALUES (?, ?, ?, ?)', [
    ulid(),
    transferId,
    lotId,
    amount,
  ]);
}

/** The lot portions a transfer consumed (for voids, reversals and settlement). */
export async function portionsOf(tx: Tx, transferId: string): Promise<LotPortion[]> {
  const rows = await select<LotRow & { lot_id: string; amount: string | number }>(
    tx,
    `SELECT p.lot_id, p.amount, l.issuing_store_id, l.funded_by, l.remaining, l.expires_at
       FROM ledger_lot_portions p JOIN ledger_lots l ON l.id = p.lot_id WHERE p.transfer_id = ? ORDER BY p.id`,
    [transferId],
  );
  return rows.map((row) => ({
    lotId: row.lot_id,
    issuingStoreId: row.issuing_store_id,
    fundedBy: row.funded_by,
    amount: Number(row.amount),
    expiresAt: row.expires_at === null ? null : readInstant(row.expires_at),
  }));
}

/**
 * Gives portions back as new lots that keep the original issuing store, funding and expiry (a
 * returned portion whose expiry has passed is expired by the next run of the job).
 */
export async function recreateLots(
  tx: Tx,
  account: Account,
  memberId: string,
  portions: LotPortion[],
  transferId: string,
  at: Date,
): Promise<string[]> {
  const ids: string[] = [];
  for (const portion of portions) {
    ids.push(
      await createLot(tx, {
        account,
        memberId,
        issuingStoreId: portion.issuingStoreId,
        fundedBy: portion.fundedBy,
        amount: portion.amount,
        expiresAt: portion.expiresAt,
        earnedAt: at,
        originTransferId: transferId,
      }),
    );
  }
  return ids;
}

/** The lot created by a credit transfer, if any. */
export async function lotOfTransfer(tx: Tx, transferId: string): Promise<string[]> {
  const rows = await select<{ id: string }>(tx, 'SELECT id FROM ledger_lots WHERE origin_transfer_id = ? ORDER BY id', [
    transferId,
  ]);
  return rows.map((row) => row.id);
}

/**
 * A debit of a member wallet that takes its lots with it (a redemption, a stored-value payment):
 * the transfer, then the lots it consumed, earliest expiry first.
 */
export async function debitWithLots(
  tx: Tx,
  transfer: TransferInput,
): Promise<{ transferId: string; consumed: LotPortion[] }> {
  const transferId = await writeTransfer(tx, transfer);
  const consumed = await consumeLots(tx, transfer.from.id, transfer.amount, transferId, [], transfer.at);
  return { transferId, consumed };
}
