import { StaffBindRequestSchema, StaffListResponseSchema } from '@tongka/shared-types';
import { inTransaction } from '../../db/tx';
import { bindStaffInvite } from '../../domain/staff/staff-invites';
import { defineRoute } from '../route';
import { memberIdOf } from './auth';

export const staffBindRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/staff/bind',
    summary: "Attach a store role to the caller's identity with a single-use invite code",
    tag: 'staff',
    auth: 'member',
    body: StaffBindRequestSchema,
    response: StaffListResponseSchema,
    handle: ({ body, auth, deps }) =>
      inTransaction(deps.dataSource, (tx) =>
        bindStaffInvite(tx, { memberId: memberIdOf(auth), inviteCode: body.inviteCode, now: deps.clock.now() }),
      ),
  }),
];
