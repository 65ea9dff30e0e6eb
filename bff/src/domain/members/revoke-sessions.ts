import { execute, type Tx } from '../../db/tx';

/**
 * Ends every session of these members at once, in the caller's transaction: their session
 * version goes up, and a token issued under an older version is refused from the next request
 * (the app signs in again without showing it). Used by merges, undone merges, blocks, staff
 * revocations and deletions.
 */
export async function revokeSessions(tx: Tx, memberIds: string[]): Promise<void> {
  for (const memberId of [...new Set(memberIds)].sort()) {
    await execute(tx, 'UPDATE members SET token_version = token_version + 1 WHERE id = ?', [memberId]);
  }
}
