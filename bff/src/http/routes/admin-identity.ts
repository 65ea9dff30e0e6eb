import {
  AdjustRequestSchema,
  AdjustResponseSchema,
  MemberIdParamsSchema,
  MemberStatusRequestSchema,
  MemberStatusResponseSchema,
  MergeIdParamsSchema,
  MergeUndoResponseSchema,
} from '@tongka/shared-types';
import { inTransaction } from '../../db/tx';
import { undoMerge } from '../../domain/identity/undo-merge';
import { adjustMember } from '../../domain/members/adjust-member';
import { dataCryptoOf } from '../../domain/members/deps-helpers';
import { setMemberStatus } from '../../domain/members/set-member-status';
import { ulid } from '../../domain/shared/ulid';
import { defineRoute } from '../route';
import { adminIdOf } from './auth';

export const adminIdentityRoutes = [
  defineRoute({
    method: 'put',
    path: '/api/admin/members/:id/status',
    summary: 'Block or unblock earning and spending for a member (audited)',
    tag: 'admin',
    auth: 'admin',
    params: MemberIdParamsSchema,
    body: MemberStatusRequestSchema,
    response: MemberStatusResponseSchema,
    handle: ({ params, body, auth, deps }) =>
      inTransaction(deps.dataSource, (tx) =>
        setMemberStatus(tx, { ...body, memberId: params.id, adminId: adminIdOf(auth), now: deps.clock.now() }),
      ),
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/members/:id/adjust',
    summary: 'Manual points or stored-value adjustment through the ledger (audited)',
    tag: 'admin',
    auth: 'admin',
    idempotent: true,
    params: MemberIdParamsSchema,
    body: AdjustRequestSchema,
    response: AdjustResponseSchema,
    handle: ({ params, body, auth, deps, tx }) =>
      adjustMember(tx!, {
        ...body,
        memberId: params.id,
        adminId: adminIdOf(auth),
        operationId: ulid(),
        now: deps.clock.now(),
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/merges/:id/undo',
    summary: 'Undo a wrong merge when the survivor still holds what it received (audited)',
    tag: 'admin',
    auth: 'admin',
    params: MergeIdParamsSchema,
    response: MergeUndoResponseSchema,
    handle: ({ params, auth, deps }) =>
      inTransaction(deps.dataSource, (tx) =>
        undoMerge(tx, dataCryptoOf(deps), { mergeId: params.id, adminId: adminIdOf(auth), now: deps.clock.now() }),
      ),
  }),
];
