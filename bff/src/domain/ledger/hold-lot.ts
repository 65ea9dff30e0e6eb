import { select, type Tx } from '../../db/tx';
import { type Account, hqAccount, memberWallet, storeAccount } from './accounts';
import { consumeLots } from './lots';
import { forUpdate, runOperation } from './operations';
import { writeTransfer } from './transfers';
import type { Cause } from './types';

export interface HoldLotRemainderInput extends Partial<Cause> {
  memberId: string;
  lotId: string;
  /** Where the held value goes once posted: the store's sv_issued (paid value), HQ's campaign (bonus). */
  to: { storeId: string } | 'HQ';
  storeId: string | null;
  idempotencyKey: string;
  kind: 'TOPUP_REFUND';
  note?: string;
  at: Date;
}

/**
 * Two-phase: takes what is left of one stored-value lot out of the member's wallet (a top-up being
 * refunded) and parks it as pending until postTransfer (WeChat refunded the money) or voidTransfer
 * (the refund closed; the lot comes back). `held` is 0 when nothing was left (no transfer). The
 * wallet row is locked before the lot, the order every ledger write keeps.
 */
export async function holdLotRemainder(
  tx: Tx,
  input: HoldLotRemainderInput,
): Promise<{ transferId: string | null; held: number }> {
  const { idempotencyKey, at, ...request } = input;
  return runOperation(tx, idempotencyKey, { op: 'holdLotRemainder', ...request }, async () => {
    const wallet = await memberWallet(tx, input.memberId, 'CNY');
    await select(tx, `SELECT id FROM ledger_accounts WHERE id = ?${forUpdate(tx)}`, [wallet.id]);
    const [lot] = await select<{ remaining: string | number }>(
      tx,
      `SELECT remaining FROM ledger_lots WHERE id = ? AND account_id = ?${forUpdate(tx)}`,
      [input.lotId, wallet.id],
    );
    const held = Number(lot?.remaining ?? 0);
    if (held === 0) return { transferId: null, held: 0 };
    const transferId = await writeTransfer(tx, {
      idempotencyKey,
      from: wallet,
      to: await holdTarget(tx, input),
      amount: held,
      kind: input.kind,
      pending: true,
      storeId: input.storeId,
      cause: input,
      note: input.note ?? null,
      at,
    });
    await consumeLots(tx, wallet.id, held, transferId, [input.lotId], at);
    return { transferId, held };
  });
}

function holdTarget(tx: Tx, input: HoldLotRemainderInput): Promise<Account> {
  const to = input.to;
  return to === 'HQ' ? hqAccount(tx, input.storeId, 'CNY') : storeAccount(tx, to.storeId, 'sv_issued', 'CNY');
}
