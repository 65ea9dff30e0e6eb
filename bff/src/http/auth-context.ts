/** Who is calling, as established by the auth middleware from the bearer token. */
export type AuthContext =
  | { kind: 'anonymous' }
  | { kind: 'member'; memberId: string; tokenMemberId: string }
  | { kind: 'admin'; adminId: string; username: string; role?: 'admin' | 'finance' }
  /** A POS key's signed request: it acts for its store only. */
  | { kind: 'pos'; keyId: string; storeId: string };

/**
 * `admin`: HQ administrators only (finance gets 403 FORBIDDEN); `adminRead`: also the read-only
 * finance role (reports, settlements, audit log, ledger audit). `pos`: a signed POS request.
 */
export type RouteAuth = 'none' | 'member' | 'staff' | 'manager' | 'admin' | 'adminRead' | 'pos';
