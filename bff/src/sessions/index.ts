import type { Config } from '../../../config';
import { issueAdminToken, issueMemberToken, type TokenClaims, verifyToken } from '../auth/tokens';
import { select, type Tx } from '../db/tx';
import { AppError } from '../domain/shared/app-error';

export type { TokenClaims } from '../auth/tokens';
export { adminExists, resolveMemberAt, type StaffRole, staffRoleAt } from './resolve-principal';

/**
 * Sessions, in one module: routes call it to turn a fact from a use case ("this member signed
 * in", "this member survived the merge", "this admin's password matched") into a bearer token,
 * and the HTTP edge calls it to read one. Use cases never see tokens.
 *
 * Revocation: a member token carries the session version it was issued under; revoking raises the
 * member's version (domain/members/revoke-sessions.ts) and mount-route compares the two on every
 * request in the read that already loads the member, so the verified-token cache in auth/tokens.ts
 * only remembers signatures, never whether a session is still alive.
 */
export async function issueMemberSession(db: Tx, config: Config, memberId: string): Promise<string> {
  const [row] = await select<{ token_version: number | string }>(db, 'SELECT token_version FROM members WHERE id = ?', [
    memberId,
  ]);
  if (!row) throw new AppError('MEMBER_NOT_FOUND', 'No such member.');
  return issueMemberToken(config.JWT_SECRET, memberId, Number(row.token_version));
}

export function issueAdminSession(config: Config, admin: { adminId: string; username: string }): string {
  return issueAdminToken(config.JWT_SECRET, admin.adminId, admin.username);
}

/** The claims of an `Authorization: Bearer` header; null without one; 401 for a bad one. */
export function readBearer(config: Config, header: string): TokenClaims | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const claims = match ? verifyToken(config.JWT_SECRET, match[1]) : null;
  if (!claims) throw new AppError('UNAUTHENTICATED', 'The sign-in token is missing, invalid or expired.');
  return claims;
}

/** A token issued before its member's sessions were revoked. */
export function sessionRevoked(): AppError {
  return new AppError('UNAUTHENTICATED', 'This session has ended; sign in again.', { reason: 'SESSION_REVOKED' });
}
