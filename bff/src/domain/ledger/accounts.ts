import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import { ulid } from '../shared/ulid';
import { accountCacheOf, accountCreatedHere, noteAccountCreated } from './account-cache';
import { ledgerNow } from './ledger-clock';
import type { Asset } from './types';
import { insufficientFunds } from './types';

export type OwnerType = 'member' | 'store' | 'system';
/**
 * Member: wallet (spendable, never negative) and debt (points owed after a clawback, kept as a
 * NEGATIVE balance so every transfer stays a plain pair; pointsDebt = -balance).
 * Store: points_issued (source of earns), points_redeemed (where redeemed points go), sv_issued
 * (source of top-ups), sv_redeemed (where spent stored value goes), cash_received, settlement.
 * Store, on HQ's behalf: hq_campaign (HQ-funded points and stored value given at that store).
 * System ('-' owner): expired, import, campaign (HQ-funded value given with no store),
 * debt_recovery, adjust.
 */
export type AccountPurpose =
  | 'wallet'
  | 'debt'
  | 'points_issued'
  | 'points_redeemed'
  | 'sv_issued'
  | 'sv_redeemed'
  | 'cash_received'
  | 'settlement'
  | 'expired'
  | 'import'
  | 'campaign'
  | 'hq_campaign'
  | 'debt_recovery'
  | 'adjust';

export interface Account {
  id: string;
  ownerType: OwnerType;
  ownerId: string;
  purpose: AccountPurpose;
  asset: Asset;
  noNegative: boolean;
}

export interface AccountRow {
  id: string;
  owner_type: OwnerType;
  owner_id: string;
  purpose: AccountPurpose;
  asset: Asset;
  no_negative: number | boolean;
}

const SYSTEM_OWNER = '-';

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    ownerType: row.owner_type,
    ownerId: row.owner_id,
    purpose: row.purpose,
    asset: row.asset,
    noNegative: Boolean(Number(row.no_negative)),
  };
}

/**
 * The account if it was ever used; reads never create accounts. An account's identity (owner,
 * purpose, asset) never changes and accounts are never deleted, so a found account is remembered
 * for the process (account-cache.ts) unless this very transaction created it (a rollback could
 * still undo that).
 */
export async function findAccount(
  tx: Tx,
  ownerType: OwnerType,
  ownerId: string,
  purpose: AccountPurpose,
  asset: Asset,
) {
  const cache = accountCacheOf(tx);
  const key = `${ownerType}|${ownerId}|${purpose}|${asset}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const [row] = await select<AccountRow>(
    tx,
    'SELECT id, owner_type, owner_id, purpose, asset, no_negative FROM ledger_accounts WHERE owner_type = ? AND owner_id = ? AND purpose = ? AND asset = ?',
    [ownerType, ownerId, purpose, asset],
  );
  if (!row) return null;
  const account = toAccount(row);
  if (!accountCreatedHere(tx, account.id)) cache.set(key, account);
  return account;
}

/**
 * Accounts are created on first use: insert, and if another transaction won the race (unique
 * violation), read theirs. Portable: no ON DUPLICATE KEY.
 */
export async function accountOf(
  tx: Tx,
  ownerType: OwnerType,
  ownerId: string,
  purpose: AccountPurpose,
  asset: Asset,
): Promise<Account> {
  const found = await findAccount(tx, ownerType, ownerId, purpose, asset);
  if (found) return found;
  const account: Account = { id: ulid(), ownerType, ownerId, purpose, asset, noNegative: purpose === 'wallet' };
  try {
    await execute(
      tx,
      'INSERT INTO ledger_accounts (id, owner_type, owner_id, purpose, asset, balance, pending_in, no_negative, created_at) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?)',
      [account.id, ownerType, ownerId, purpose, asset, account.noNegative, ledgerNow()],
    );
    noteAccountCreated(tx, account.id);
    return account;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await findAccount(tx, ownerType, ownerId, purpose, asset);
    if (!winner) throw error;
    return winner;
  }
}

export const memberWallet = (tx: Tx, memberId: string, asset: Asset) =>
  accountOf(tx, 'member', memberId, 'wallet', asset);
export const memberDebt = (tx: Tx, memberId: string) => accountOf(tx, 'member', memberId, 'debt', 'POINTS');
export const storeAccount = (tx: Tx, storeId: string, purpose: AccountPurpose, asset: Asset) =>
  accountOf(tx, 'store', storeId, purpose, asset);
export const systemAccount = (tx: Tx, purpose: AccountPurpose, asset: Asset) =>
  accountOf(tx, 'system', SYSTEM_OWNER, purpose, asset);
/**
 * Where HQ-funded value given at a store comes from (and goes back to): HQ's account at that
 * store, so no row is shared by the HQ-funded earns of every store; HQ's chain-wide account only
 * when there is no store. Settlement reads who funded a lot, never these accounts.
 */
export const hqAccount = (tx: Tx, storeId: string | null, asset: Asset) =>
  storeId ? accountOf(tx, 'store', storeId, 'hq_campaign', asset) : systemAccount(tx, 'campaign', asset);

/**
 * Takes `amount` from an account. For a no-negative account the check and the update are one
 * statement (STYLE.md point 5): zero affected rows means not enough funds.
 */
export async function debitBalance(tx: Tx, account: Account, amount: number): Promise<void> {
  if (!account.noNegative) {
    await execute(tx, 'UPDATE ledger_accounts SET balance = balance - ? WHERE id = ?', [amount, account.id]);
    return;
  }
  const affected = await execute(tx, 'UPDATE ledger_accounts SET balance = balance - ? WHERE id = ? AND balance >= ?', [
    amount,
    account.id,
    amount,
  ]);
  if (affected !== 1) {
    const [row] = await select<{ balance: string | number }>(tx, 'SELECT balance FROM ledger_accounts WHERE id = ?', [
      account.id,
    ]);
    throw insufficientFunds(account.asset, { requested: amount, available: Number(row?.balance ?? 0) });
  }
}

export async function creditBalance(tx: Tx, account: Account, amount: number, pending = false): Promise<void> {
  const column = pending ? 'pending_in' : 'balance';
  await execute(tx, `UPDATE ledger_accounts SET ${column} = ${column} + ? WHERE id = ?`, [amount, account.id]);
}

/** Moves a pending credit into the spendable balance (post), or drops it (void). */
export async function settlePendingCredit(tx: Tx, account: Account, amount: number, post: boolean): Promise<void> {
  const sql = post
    ? 'UPDATE ledger_accounts SET pending_in = pending_in - ?, balance = balance + ? WHERE id = ?'
    : 'UPDATE ledger_accounts SET pending_in = pending_in - ? WHERE id = ?';
  await execute(tx, sql, post ? [amount, amount, account.id] : [amount, account.id]);
}

export async function accountById(tx: Tx, id: string): Promise<Account> {
  const [row] = await select<AccountRow>(
    tx,
    'SELECT id, owner_type, owner_id, purpose, asset, no_negative FROM ledger_accounts WHERE id = ?',
    [id],
  );
  if (!row) throw new Error(`ledger account ${id} does not exist`);
  return toAccount(row);
}
