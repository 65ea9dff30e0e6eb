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
import { adjustOrRequestApproval } from '../../domain/approvals/adjust-or-request';
import { undoMerge } from '../../domain/identity/undo-merge';
import { dataCryptoOf } from '../../domain/members/deps-helpers';
import { setMemberStatus } from '../../domain/members/set-member-status';
import { ulid } from '../../domain/shared/ulid';
import { withStatus } from '../mount-route';
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
    summary:
      'Manual points or stored-value adjustment through the ledger (audited); above the approval rule threshold: 202 with a pending approval instead',
    tag: 'admin',
    auth: 'admin',
    idempotent: true,
    params: MemberIdParamsSchema,
    body: AdjustRequestSchema,
    response: AdjustResponseSchema,
    async handle({ params, body, auth, deps, tx }) {
      const outcome = await adjustOrRequestApproval(tx!, {
        ...body,
        memberId: params.id,
        adminId: adminIdOf(auth),
        operationId: ulid(),
        now: deps.clock.now(),
      });
      if (!outcome.pending) return outcome.result;
      return withStatus(202, { status: 'pending', approvalId: outcome.approval.id, approval: outcome.approval });
    },
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
