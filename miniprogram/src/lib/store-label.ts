import type { LedgerEntry, StaffRole } from '../services/types';

/**
 * A staff role's store as people say it: its name. Sessions saved before the BFF sent names only
 * know the code, so those fall back to "门店 <code>" until the next sign-in.
 */
export function storeLabel(role: Pick<StaffRole, 'storeCode'> & { storeName?: string | null }): string {
  return role.storeName?.trim() ? role.storeName : `门店 ${role.storeCode}`;
}

/** Where a ledger movement happened: the store's name, or head office for system movements. */
export function ledgerPlace(entry: Pick<LedgerEntry, 'storeName'>): string {
  return entry.storeName?.trim() ? entry.storeName : '总部';
}
