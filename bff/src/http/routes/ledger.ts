import {
  LedgerAuditQuerySchema,
  LedgerAuditResponseSchema,
  MemberLedgerQuerySchema,
  MemberLedgerResponseSchema,
  MeResponseSchema,
} from '@tongka/shared-types';
import type { Tx } from '../../db/tx';
import { auditLedger, getMemberOverview, listMemberLedger, memberOverviewParts } from '../../domain/ledger';
import { phoneMaskedOf } from '../../domain/members/phone';
import { AppError } from '../../domain/shared/app-error';
import type { AuthContext } from '../auth-context';
import { defineRoute } from '../route';

function memberIdOf(auth: AuthContext): string {
  if (auth.kind !== 'member') throw new AppError('UNAUTHENTICATED', 'Sign in first.');
  return auth.memberId;
}

export const ledgerRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/me',
    summary: 'The member card: balances, expiring points, tier, referral code',
    tag: 'me',
    auth: 'member',
    response: MeResponseSchema,
    async handle({ auth, deps }) {
      // Identity's masked phone needs DATA_KEY; without it the replaceable default (null) stays.
      const crypto = deps.dataCrypto;
      const parts = crypto
        ? { ...memberOverviewParts, phoneMasked: (db: Tx, id: string) => phoneMaskedOf(db, id, crypto) }
        : memberOverviewParts;
      return getMemberOverview(deps.dataSource.manager, memberIdOf(auth), deps.clock.now(), parts);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/me/ledger',
    summary: "The member's own points or stored-value movements, newest first",
    tag: 'me',
    auth: 'member',
    query: MemberLedgerQuerySchema,
    response: MemberLedgerResponseSchema,
    async handle({ auth, deps, query }) {
      const page = await listMemberLedger(deps.dataSource.manager, memberIdOf(auth), query.asset, query);
      return {
        items: page.items.map((item) => ({ ...item, createdAt: item.createdAt.toISOString() })),
        nextCursor: page.nextCursor,
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/ledger/audit',
    summary: 'Ledger invariants: balances sum to zero, cached balances match transfers, lots match balances',
    tag: 'admin',
    auth: 'adminRead',
    query: LedgerAuditQuerySchema,
    response: LedgerAuditResponseSchema,
    handle: ({ deps, query }) =>
      auditLedger(deps.dataSource, { scope: query.full === 'true' ? 'full' : 'incremental', now: deps.clock.now() }),
  }),
];
