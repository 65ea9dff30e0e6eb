/** Who is calling, as established by the auth middleware from the bearer token. */
export type AuthContext =
  | { kind: 'anonymous' }
  | { kind: 'member'; memberId: string; tokenMemberId: string }
  | { kind: 'admin'; adminId: string; username: string };

export type RouteAuth = 'none' | 'member' | 'staff' | 'manager' | 'admin';
