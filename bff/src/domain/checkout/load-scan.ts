import { readInstant, select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';

export interface ScanRow {
  id: string;
  store_id: string;
  member_id: string;
  expires_at: Date;
}

/** The scan a checkout runs on: it must be this store's (else it does not exist here) and unexpired. */
export async function loadScanForCheckout(db: Tx, storeId: string, scanId: string, now: Date): Promise<ScanRow> {
  const [row] = await select<ScanRow>(db, 'SELECT id, store_id, member_id, expires_at FROM scans WHERE id = ?', [
    scanId,
  ]);
  if (!row || row.store_id !== storeId) throw new AppError('SCAN_NOT_FOUND', 'No such scan at this store.', { scanId });
  const expiresAt = readInstant(row.expires_at);
  if (expiresAt.getTime() <= now.getTime()) {
    throw new AppError('SCAN_EXPIRED', 'This scan has expired; scan the member code again.', { scanId });
  }
  return { ...row, expires_at: expiresAt };
}
