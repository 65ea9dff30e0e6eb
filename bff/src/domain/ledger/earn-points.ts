import { select, type Tx } from '../../db/tx';
import {
  type Account,
  type AccountRow,
  hqAccount,
  memberWallet,
  storeAccount,
  systemAccount,
  toAccount,
} from './accounts';
import { expiryFor, readExpiryRule } from './expiry-rule';
import { createLot } from './lots';
import { forUpdate, runOperation } from './operations';
import { writeTransfer } from './transfers';
import { assertPositiveAmount, type Cause, type FundedBy } from './types';

export interface EarnPointsInput extends Partial<Cause> {
  memberId: string;
  storeId: string | null;
  points: number;
  idempotencyKey: string;
  kind?: 'EARN' | 'CHECKIN' | 'REBATE' | 'ADJUST' | 'IMPORT' | 'BONUS';
  fundedBy?: FundedBy;
  expiresAt?: Date;
  earnedAt: Date;
  note?: string;
}

export interface EarnPointsResult {
  transferIds: string[];
  lotId: string | null;
  debtRepaid: number;
  credited: number;
}

/**
 * Credits earned points: points debt (from an earlier clawback) is repaid first, the rest lands in
 * the wallet as a lot carrying the issuing store, who funds it, and its expiry. `earnedAt` is not
 * part of the idempotency comparison: a retry a moment later is the same earn.
 */
export async function earnPoints(tx: Tx, input: EarnPointsInput): Promise<EarnPointsResult> {
  assertPositiveAmount(input.points, 'points');
  const { idempotencyKey, earnedAt, ...request } = input;
  return runOperation(tx, idempotencyKey, { op: 'earnPoints', ...request }, async () => {
    const kind = input.kind ?? 'EARN';
    const fundedBy: FundedBy = input.fundedBy ?? (input.storeId ? 'STORE' : 'HQ');
    const source = await earnSource(tx, input.storeId, kind, fundedBy);
    const common = { kind, storeId: input.storeId, cause: input, note: input.note ?? null, at: earnedAt };
    const transferIds: string[] = [];
    const debtRepaid = await repayDebt(tx, input.memberId, source, input.points, `${idempotencyKey}:repay`, common);
    if (debtRepaid.transferId) transferIds.push(debtRepaid.transferId);
    const credited = input.points - debtRepaid.amount;
    let lotId: string | null = null;
    if (credited > 0) {
      const wallet = await memberWallet(tx, input.memberId, 'POINTS');
      const transferId = await writeTransfer(tx, {
        ...common,
        idempotencyKey,
        from: source,
        to: wallet,
        amount: credited,
      });
      transferIds.push(transferId);
      const expiresAt = input.expiresAt ?? expiryFor(earnedAt, await readExpiryRule(tx));
      lotId = await createLot(tx, {
        account: wallet,
        memberId: input.memberId,
        issuingStoreId: input.storeId,
        fundedBy,
        amount: credited,
        expiresAt,
        earnedAt,
        originTransferId: transferId,
      });
    }
    return { transferIds, lotId, debtRepaid: debtRepaid.amount, credited };
  });
}

export async function earnSource(tx: Tx, storeId: string | null, kind: string, fundedBy: FundedBy): Promise<Account> {
  // Opening balances imported from a store's POS are that store's liability (issue: IMPORT
  // transfers from the store's accounts), kept apart from what it issues through Tongka.
  if (kind === 'IMPORT')
    return storeId ? storeAccount(tx, storeId, 'import', 'POINTS') : systemAccount(tx, 'import', 'POINTS');
  if (kind === 'ADJUST') return systemAccount(tx, 'adjust', 'POINTS');
  if (fundedBy === 'HQ' || !storeId) return hqAccount(tx, storeId, 'POINTS');
  return storeAccount(tx, storeId, 'points_issued', 'POINTS');
}

async function repayDebt(
  tx: Tx,
  memberId: string,
  source: Account,
  points: number,
  idempotencyKey: string,
  common: { storeId: string | null; cause: Partial<Cause>; note: string | null; at: Date },
): Promise<{ amount: number; transferId: string | null }> {
  // The wallet lock comes first (the lock order of every operation on a member) and before the
  // debt is looked at: a clawback holding the wallet may be creating the debt right now, and this
  // earn must see it once that commits, not credit the wallet past it.
  const wallet = await memberWallet(tx, memberId, 'POINTS');
  await select(tx, `SELECT id FROM ledger_accounts WHERE id = ?${forUpdate(tx)}`, [wallet.id]);
  // The debt account (if any) is read and locked in one statement; it is not cached because its
  // balance is what matters here.
  const [row] = await select<AccountRow & { balance: string | number }>(
    tx,
    `SELECT id, owner_type, owner_id, purpose, asset, no_negative, balance FROM ledger_accounts
      WHERE owner_type = 'member' AND owner_id = ? AND purpose = 'debt' AND asset = 'POINTS'${forUpdate(tx)}`,
    [memberId],
  );
  if (!row) return { amount: 0, transferId: null };
  const debt = toAccount(row);
  const owed = -Number(row.balance);
  const amount = Math.min(owed, points);
  if (amount <= 0) return { amount: 0, transferId: null };
  const transferId = await writeTransfer(tx, {
    ...common,
    idempotencyKey,
    kind: 'DEBT_REPAY',
    from: source,
    to: debt,
    amount,
  });
  return { amount, transferId };
}
