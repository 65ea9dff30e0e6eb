import { select, type Tx } from '../../db/tx';
import { hqAccount, memberDebt, memberWallet, storeAccount } from './accounts';
import { consumeLots } from './lots';
import { forUpdate, runOperation } from './operations';
import { writeTransfer } from './transfers';
import { assertPositiveAmount, type Cause, type LotPortion } from './types';

export interface ClawBackPointsInput extends Partial<Cause> {
  memberId: string;
  storeId: string | null;
  points: number;
  idempotencyKey: string;
  note?: string;
  at: Date;
}

export interface ClawBackPointsResult {
  clawedBack: number;
  debt: number;
  consumed: LotPortion[];
}

/**
 * Takes back points already earned (a refunded purchase, a cancelled rebate). What the member
 * still holds is taken (CLAWBACK); the shortfall becomes points debt (DEBT, from the member's
 * debt account, which runs negative) that the next earns repay first. Nothing is dropped and the
 * wallet never goes below zero.
 */
export async function clawBackPoints(tx: Tx, input: ClawBackPointsInput): Promise<ClawBackPointsResult> {
  assertPositiveAmount(input.points, 'points');
  const { idempotencyKey, at, ...request } = input;
  return runOperation(tx, idempotencyKey, { op: 'clawBackPoints', ...request }, async () => {
    const wallet = await memberWallet(tx, input.memberId, 'POINTS');
    const issuer = input.storeId
      ? await storeAccount(tx, input.storeId, 'points_issued', 'POINTS')
      : await hqAccount(tx, null, 'POINTS');
    // Deciding how much to take needs the balance: read it under the row lock.
    const [row] = await select<{ balance: string | number }>(
      tx,
      `SELECT balance FROM ledger_accounts WHERE id = ?${forUpdate(tx)}`,
      [wallet.id],
    );
    const clawedBack = Math.min(Number(row.balance), input.points);
    const common = { storeId: input.storeId, cause: input, note: input.note ?? null, at };
    let consumed: LotPortion[] = [];
    if (clawedBack > 0) {
      const transferId = await writeTransfer(tx, {
        ...common,
        idempotencyKey,
        kind: 'CLAWBACK',
        from: wallet,
        to: issuer,
        amount: clawedBack,
      });
      consumed = await consumeLots(tx, wallet.id, clawedBack, transferId, [], at);
    }
    const debt = input.points - clawedBack;
    if (debt > 0) {
      const debtAccount = await memberDebt(tx, input.memberId);
      await writeTransfer(tx, {
        ...common,
        idempotencyKey: `${idempotencyKey}:debt`,
        kind: 'DEBT',
        from: debtAccount,
        to: issuer,
        amount: debt,
      });
    }
    return { clawedBack, debt, consumed };
  });
}
