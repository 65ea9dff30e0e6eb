import { select, type Tx } from '../../db/tx';
import { AppError, isAppError } from '../shared/app-error';
import { type Account, findAccount, memberDebt, memberWallet } from './accounts';
import { consumeLots, recreateLots } from './lots';
import { forUpdate, runOperation } from './operations';
import { movePendingEarns, movePendingEarnsBack } from './pending-earns';
import { reverseTransfer } from './reverse-transfer';
import { writeTransfer } from './transfers';
import type { Asset } from './types';

export interface MoveMemberResult {
  moved: { points: number; storedValueFen: number; pointsDebt: number; lots: number };
  transferIds: string[];
}

/**
 * A merge closes the absorbed member's accounts by moving their balances (TigerBeetle "close
 * account"): points and stored value as MERGE transfers whose lots are re-created in the survivor
 * with issuing store and expiry kept, points debt moved so the survivor repays it, and pending
 * earns (earn rule pendingDays) moved to be released to the survivor. Holds still pending on the
 * absorbed member stay there and return to it if voided.
 */
export async function moveMemberInto(
  tx: Tx,
  input: { fromMemberId: string; toMemberId: string; mergeId: string; at: Date },
): Promise<MoveMemberResult> {
  const { at, ...request } = input;
  return runOperation(tx, `merge:${input.mergeId}`, { op: 'moveMemberInto', ...request }, async () => {
    const now = at;
    const points = await moveWallet(tx, input, 'POINTS', now);
    const storedValue = await moveWallet(tx, input, 'CNY', now);
    const debt = await moveDebt(tx, input, now);
    await movePendingEarns(tx, { ...input, at: now });
    const transferIds = [points.transferId, storedValue.transferId, debt.transferId].filter(
      (id): id is string => id !== null,
    );
    return {
      moved: {
        points: points.amount,
        storedValueFen: storedValue.amount,
        pointsDebt: debt.amount,
        lots: points.lots + storedValue.lots,
      },
      transferIds,
    };
  });
}

async function lockedBalance(tx: Tx, account: Account): Promise<number> {
  const [row] = await select<{ balance: string | number }>(
    tx,
    `SELECT balance FROM ledger_accounts WHERE id = ?${forUpdate(tx)}`,
    [account.id],
  );
  return Number(row.balance);
}

async function moveWallet(
  tx: Tx,
  input: { fromMemberId: string; toMemberId: string; mergeId: string },
  asset: Asset,
  at: Date,
): Promise<{ amount: number; lots: number; transferId: string | null }> {
  const from = await findAccount(tx, 'member', input.fromMemberId, 'wallet', asset);
  if (!from) return { amount: 0, lots: 0, transferId: null };
  const amount = await lockedBalance(tx, from);
  if (amount <= 0) return { amount: 0, lots: 0, transferId: null };
  const to = await memberWallet(tx, input.toMemberId, asset);
  const transferId = await writeTransfer(tx, {
    idempotencyKey: `merge:${input.mergeId}:${asset}`,
    from,
    to,
    amount,
    kind: 'MERGE',
    storeId: null,
    cause: { causeType: 'merge', causeId: input.mergeId },
    at,
  });
  const portions = await consumeLots(tx, from.id, amount, transferId, [], at);
  await recreateLots(tx, to, input.toMemberId, portions, transferId, at);
  return { amount, lots: portions.length, transferId };
}

async function moveDebt(
  tx: Tx,
  input: { fromMemberId: string; toMemberId: string; mergeId: string },
  at: Date,
): Promise<{ amount: number; transferId: string | null }> {
  const from = await findAccount(tx, 'member', input.fromMemberId, 'debt', 'POINTS');
  if (!from) return { amount: 0, transferId: null };
  const owed = -(await lockedBalance(tx, from));
  if (owed <= 0) return { amount: 0, transferId: null };
  const to = await memberDebt(tx, input.toMemberId);
  // Debt accounts run negative: moving debt is a transfer from the survivor's debt account.
  const transferId = await writeTransfer(tx, {
    idempotencyKey: `merge:${input.mergeId}:debt`,
    from: to,
    to: from,
    amount: owed,
    kind: 'MERGE',
    storeId: null,
    cause: { causeType: 'merge', causeId: input.mergeId },
    at,
  });
  return { amount: owed, transferId };
}

/**
 * Undoes a merge's ledger part by reversing its MERGE transfers and giving back the pending earns
 * it moved that are still pending. If the survivor already spent what was moved, or repaid debt
 * the merge moved, the undo is refused with MERGE_NOT_UNDOABLE and the shortfall, and nothing moves.
 */
export async function undoMemberMove(tx: Tx, input: { mergeId: string; at: Date }): Promise<{ transferIds: string[] }> {
  return runOperation(tx, `unmerge:${input.mergeId}`, { op: 'undoMemberMove', mergeId: input.mergeId }, async () => {
    const moves = await select<{ id: string; asset: Asset; amount: string | number; from_account_id: string }>(
      tx,
      "SELECT id, asset, amount, from_account_id FROM ledger_transfers WHERE cause_type = 'merge' AND cause_id = ? AND kind = 'MERGE' ORDER BY id",
      [input.mergeId],
    );
    const transferIds: string[] = [];
    for (const move of moves) {
      await assertDebtStillOwed(tx, input.mergeId, move);
      try {
        const reversal = await reverseTransfer(tx, {
          transferId: move.id,
          idempotencyKey: `unmerge:${input.mergeId}:${move.id}`,
          causeType: 'merge-undo',
          causeId: input.mergeId,
          at: input.at,
        });
        transferIds.push(reversal.transferId);
      } catch (error) {
        if (!isAppError(error) || (error.code !== 'INSUFFICIENT_POINTS' && error.code !== 'INSUFFICIENT_BALANCE'))
          throw error;
        const available = Number(error.details?.available ?? 0);
        throw new AppError('MERGE_NOT_UNDOABLE', 'The surviving member already spent part of what the merge moved.', {
          mergeId: input.mergeId,
          asset: move.asset,
          shortfall: Number(move.amount) - available,
        });
      }
    }
    await movePendingEarnsBack(tx, { mergeId: input.mergeId, at: input.at });
    return { transferIds };
  });
}

/**
 * A debt move went from the survivor's debt account (debt accounts run negative). Undoing it gives
 * the debt back to the absorbed member, which is only right while the survivor still owes it: if
 * later earnings repaid it, the undo would leave the survivor's debt account above zero.
 */
async function assertDebtStillOwed(
  tx: Tx,
  mergeId: string,
  move: { asset: Asset; amount: string | number; from_account_id: string },
): Promise<void> {
  const [account] = await select<{ purpose: string; balance: string | number }>(
    tx,
    `SELECT purpose, balance FROM ledger_accounts WHERE id = ?${forUpdate(tx)}`,
    [move.from_account_id],
  );
  if (account?.purpose !== 'debt') return;
  const owed = -Number(account.balance);
  if (owed >= Number(move.amount)) return;
  throw new AppError('MERGE_NOT_UNDOABLE', 'The surviving member already repaid part of the debt the merge moved.', {
    mergeId,
    asset: move.asset,
    shortfall: Number(move.amount) - Math.max(0, owed),
  });
}
