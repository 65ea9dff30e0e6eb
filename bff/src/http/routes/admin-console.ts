import {
  AdminImportRequestSchema,
  AdminImportResponseSchema,
  AdminMemberDetailSchema,
  AdminMemberLedgerQuerySchema,
  AdminMemberListSchema,
  AdminMemberSearchQuerySchema,
  CheckoutListQuerySchema,
  CheckoutListResponseSchema,
  EarnPreviewRequestSchema,
  EarnPreviewResponseSchema,
  MemberIdParamsSchema,
  MemberImportSchema,
  MemberLedgerResponseSchema,
  RuleVersionListSchema,
  RuleVersionsParamsSchema,
  RuleVersionsQuerySchema,
  StoreIdParamsSchema,
} from '@tongka/shared-types';
import { z } from 'zod';
import { listStoreCheckouts } from '../../domain/checkout/list-checkouts';
import { importMembersCsv } from '../../domain/import/import-members';
import { readMemberImport, startMemberImport } from '../../domain/import/member-import-jobs';
import '../../domain/import/register-imports';
import { listMemberLedger } from '../../domain/ledger';
import { dataCryptoOf } from '../../domain/members/deps-helpers';
import { getMemberDetail } from '../../domain/members/get-member-detail';
import { searchMembers } from '../../domain/members/search-members';
import { listRuleVersions } from '../../domain/rules/list-rule-versions';
import { previewEarn } from '../../domain/rules/preview-earn';
import { assertStoreExists } from '../../domain/rules/rule-store';
import { localDate } from '../../domain/shared/chain-time';
import { driveJob } from '../../jobs/drive-job';
import { type AnyRoute, defineRoute } from '../route';
import { adminIdOf } from './auth';

/** What the HQ console reads: member search and detail, a store's orders, rule history and preview, imports. */
export const adminConsoleRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/admin/members',
    summary: 'Find members by phone (blind index), by exact member id or referral code, or list newest first',
    tag: 'admin',
    auth: 'admin',
    query: AdminMemberSearchQuerySchema,
    response: AdminMemberListSchema,
    handle: ({ query, deps }) => searchMembers(deps.dataSource.manager, dataCryptoOf(deps), query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/members/:id',
    summary: 'One member for HQ: status, balances, expiring points, merges in and out',
    tag: 'admin',
    auth: 'admin',
    params: MemberIdParamsSchema,
    response: AdminMemberDetailSchema,
    handle: ({ params, deps }) =>
      getMemberDetail(deps.dataSource.manager, dataCryptoOf(deps), params.id, deps.clock.now()),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/members/:id/ledger',
    summary: "A member's points or stored-value movements, newest first",
    tag: 'admin',
    auth: 'admin',
    params: MemberIdParamsSchema,
    query: AdminMemberLedgerQuerySchema,
    response: MemberLedgerResponseSchema,
    async handle({ params, query, deps }) {
      const page = await listMemberLedger(deps.dataSource.manager, params.id, query.asset, query);
      return {
        items: page.items.map((item) => ({ ...item, createdAt: item.createdAt.toISOString() })),
        nextCursor: page.nextCursor,
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/stores/:id/checkouts',
    summary:
      "A store's checkouts of one day (chain time; default today), newest first, paged; totals over the whole day",
    tag: 'admin',
    auth: 'admin',
    params: StoreIdParamsSchema,
    query: CheckoutListQuerySchema,
    response: CheckoutListResponseSchema,
    async handle({ params, query, deps }) {
      await assertStoreExists(deps.dataSource.manager, params.id);
      const date = query.date ?? localDate(deps.clock.now(), deps.config.CHAIN_TIME_ZONE);
      return listStoreCheckouts(deps.dataSource.manager, dataCryptoOf(deps), {
        storeId: params.id,
        date,
        limit: query.limit,
        cursor: query.cursor,
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/rules/:kind/versions',
    summary: "A rule's versions for a scope (HQ or a store id), newest first",
    tag: 'hq-rules',
    auth: 'admin',
    params: RuleVersionsParamsSchema,
    query: RuleVersionsQuerySchema,
    response: RuleVersionListSchema,
    handle: ({ params, query, deps }) => listRuleVersions(deps.dataSource.manager, { kind: params.kind, ...query }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/earn-rule/preview',
    summary: 'What a sample receipt earns under the earn rule in force (writes nothing)',
    tag: 'hq-rules',
    auth: 'admin',
    body: EarnPreviewRequestSchema,
    response: EarnPreviewResponseSchema,
    handle: ({ body, deps }) =>
      previewEarn(deps.dataSource.manager, { ...body, now: deps.clock.now(), timeZone: deps.config.CHAIN_TIME_ZONE }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/imports',
    summary: "Import legacy members from a store's POS export (CSV text); dryRun (default) reports without writing",
    tag: 'admin',
    auth: 'admin',
    body: AdminImportRequestSchema,
    response: AdminImportResponseSchema,
    handle: ({ body, deps }) =>
      importMembersCsv(deps.dataSource, dataCryptoOf(deps), body.csv, {
        storeCode: body.storeCode,
        dryRun: body.dryRun,
        now: deps.clock.now(),
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/member-imports',
    summary:
      "Start a member import from a store's POS export in the background, in batches (dryRun default); progress: GET the import",
    tag: 'admin',
    auth: 'admin',
    status: 202,
    idempotent: true,
    body: AdminImportRequestSchema,
    response: MemberImportSchema,
    handle: ({ body, auth, deps, tx }) =>
      startMemberImport(tx!, dataCryptoOf(deps), { ...body, adminId: adminIdOf(auth), now: deps.clock.now() }),
    afterCommit: ({ deps }) => driveJob(deps, 'import-members'),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/member-imports/:id',
    summary: "A member import's progress: rows done of the total, new and updated members, the rejected rows",
    tag: 'admin',
    auth: 'admin',
    params: z.object({ id: z.string().min(1).max(40) }).strict(),
    response: MemberImportSchema,
    handle: ({ deps, params }) => readMemberImport(deps.dataSource.manager, params.id),
  }),
];
