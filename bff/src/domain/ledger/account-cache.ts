import type { DataSource } from 'typeorm';
import type { Tx } from '../../db/tx';
import type { Account } from './accounts';

/** Enough for every store and system account and the members seen in the last few minutes. */
const MAX_ENTRIES = 50_000;

/**
 * Ledger account ids by (owner, purpose, asset), per database. Safe to keep for the life of the
 * process because accounts are never deleted and their identity columns never change; only rows
 * committed by some transaction are kept (see findAccount), so a rollback cannot leave a ghost.
 * Bounded: the oldest entries go first.
 */
export class AccountCache {
  private readonly entries = new Map<string, Account>();

  get(key: string): Account | undefined {
    return this.entries.get(key);
  }

  set(key: string, account: Account): void {
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, account);
  }
}

const caches = new WeakMap<DataSource, AccountCache>();

export function accountCacheOf(tx: Tx): AccountCache {
  let cache = caches.get(tx.connection);
  if (!cache) caches.set(tx.connection, (cache = new AccountCache()));
  return cache;
}

/** Accounts inserted by the transaction `tx` runs in: not cached until another one reads them. */
export function noteAccountCreated(tx: Tx, accountId: string): void {
  const data = tx.queryRunner?.data as { createdAccounts?: Set<string> } | undefined;
  if (!data) return;
  data.createdAccounts ??= new Set();
  data.createdAccounts.add(accountId);
}

export function accountCreatedHere(tx: Tx, accountId: string): boolean {
  const data = tx.queryRunner?.data as { createdAccounts?: Set<string> } | undefined;
  return data?.createdAccounts?.has(accountId) ?? false;
}
