import type { Tx } from '../../db/tx';
import { type AccountPurpose, storeAccount } from './accounts';
import type { Asset } from './types';

/** The id of a store's account (created on first use), for reports and tests. */
export async function storeAccountId(tx: Tx, storeId: string, purpose: AccountPurpose, asset: Asset): Promise<string> {
  return (await storeAccount(tx, storeId, purpose, asset)).id;
}
