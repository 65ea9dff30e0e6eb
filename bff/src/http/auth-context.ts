/** Who is calling, as established by the auth middleware from the bearer token. */
export type AuthContext =
  | { kind: 'anonymous' }
  | { kind: 'member'; memberId: string; tokenMemberId: string }
  | { kind: 'admin'; adminId: string; username: string; role?: 'admin' | 'finance' };

/**
 * `admin`: HQ administrators only (finance gets 403 FORBIDDEN); `adminRead`: also the read-only
 * finance role (reports, settlements, audit log, ledger audit).
 */
export type RouteAuth = 'none' | 'member' | 'staff' | 'manager' | 'admin' | 'adminRead';
