import { BindPhoneRequestSchema, BindPhoneResponseSchema, DeleteMeResponseSchema } from '@tongka/shared-types';
import { inTransaction } from '../../db/tx';
import { bindPhone } from '../../domain/identity/bind-phone';
import { deleteMember } from '../../domain/members/delete-member';
import { issueMemberSession } from '../../sessions';
import { defineRoute } from '../route';
import { memberIdOf } from './auth';

export const meIdentityRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/me/phone',
    summary:
      'Bind the phone from the getPhoneNumber button (code, or legacy encryptedData + iv); merges when another member holds it',
    tag: 'identity',
    auth: 'member',
    body: BindPhoneRequestSchema,
    response: BindPhoneResponseSchema,
    rateLimit: ({ auth }) => [['phone-bind', memberIdOf(auth)]],
    async handle({ body, auth, deps }) {
      const { survivorId, ...bound } = await bindPhone(deps, memberIdOf(auth), body);
      return { token: await issueMemberSession(deps.dataSource.manager, deps.config, survivorId), ...bound };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/me/delete',
    summary: 'Delete my data (PIPL art. 47): phone, name and WeChat links go; the ledger keeps a tombstoned id',
    tag: 'identity',
    auth: 'member',
    response: DeleteMeResponseSchema,
    handle: ({ auth, deps }) =>
      inTransaction(deps.dataSource, (tx) => deleteMember(tx, memberIdOf(auth), deps.clock.now())),
  }),
];
