/** Who is calling, as established by the auth middleware from the bearer token. */
export type AuthContext =
  | { kind: 'anonymous' }
  | { kind: 'member'; memberId: string; tokenMemberId: string }
  | { kind: 'admin'; adminId: string; username: string }
  /** A POS key's signed request: it acts for its store only. */
  | { kind: 'pos'; keyId: string; storeId: string };

export type RouteAuth = 'none' | 'member' | 'staff' | 'manager' | 'admin' | 'pos';
