/** Moved: sessions/resolve-principal.ts (who a token acts as) and domain/identity/resolve-active-member.ts. */
export { resolveActiveMemberId } from '../domain/identity/resolve-active-member';
export { adminExists, resolveMemberAt, type StaffRole, staffRoleAt } from '../sessions/resolve-principal';
