import {
  ApprovalDecisionRequestSchema,
  ApprovalListQuerySchema,
  ApprovalListSchema,
  ApprovalSchema,
  MemberIdParamsSchema,
  ReinstateRequestSchema,
} from '@tongka/shared-types';
import { z } from 'zod';
import { inTransaction } from '../../db/tx';
import { listApprovals } from '../../domain/approvals/approvals';
import { decideApproval } from '../../domain/approvals/decide-approval';
import { requestReinstatement } from '../../domain/approvals/reinstate-points';
import { withStatus } from '../mount-route';
import { type AnyRoute, defineRoute } from '../route';
import { adminIdOf } from './auth';

const ApprovalIdParams = z.object({ id: z.string().min(1).max(40) }).strict();

function decisionRoute(action: 'approve' | 'reject'): AnyRoute {
  return defineRoute({
    method: 'post',
    path: `/api/admin/approvals/:id/${action}`,
    summary:
      action === 'approve'
        ? 'Approves a pending change and applies it once (not by its requester: 403 SELF_APPROVAL)'
        : 'Rejects a pending change (not by its requester: 403 SELF_APPROVAL)',
    tag: 'hq-approvals',
    auth: 'admin',
    params: ApprovalIdParams,
    body: ApprovalDecisionRequestSchema,
    response: ApprovalSchema,
    handle: ({ deps, params, body, auth }) =>
      inTransaction(deps.dataSource, (tx) =>
        decideApproval(tx, {
          id: params.id,
          adminId: adminIdOf(auth),
          approve: action === 'approve',
          note: body.note,
          now: deps.clock.now(),
        }),
      ),
  });
}

/** Maker/checker: changes above HQ's thresholds wait here for a second admin. */
export const adminApprovalRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/admin/approvals',
    summary: 'Changes waiting for (or decided by) a second administrator, newest first',
    tag: 'hq-approvals',
    auth: 'adminRead',
    query: ApprovalListQuerySchema,
    response: ApprovalListSchema,
    handle: ({ deps, query }) => listApprovals(deps.dataSource.manager, query),
  }),
  decisionRoute('approve'),
  decisionRoute('reject'),
  defineRoute({
    method: 'post',
    path: '/api/admin/members/:id/reinstate',
    summary: 'Asks to give back the points of a lot that expired within the grace period (202: waits for approval)',
    tag: 'hq-approvals',
    auth: 'admin',
    params: MemberIdParamsSchema,
    body: ReinstateRequestSchema,
    status: 202,
    response: ApprovalSchema,
    handle: async ({ deps, params, body, auth }) =>
      withStatus(
        202,
        await inTransaction(deps.dataSource, (tx) =>
          requestReinstatement(tx, { memberId: params.id, ...body, adminId: adminIdOf(auth), now: deps.clock.now() }),
        ),
      ),
  }),
];
