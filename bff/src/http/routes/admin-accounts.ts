import {
  AdminAccountListSchema,
  AdminAccountSchema,
  AdminIdParamsSchema,
  AdminMeSchema,
  CreateAdminRequestSchema,
  ListQuerySchema,
  ResetAdminPasswordRequestSchema,
  UpdateAdminRequestSchema,
} from '@tongka/shared-types';
import { z } from 'zod';
import { inTransaction } from '../../db/tx';
import { addAdmin, adminMe, listAdmins, resetAdminPassword, updateAdmin } from '../../domain/admins/manage-admins';
import { type AnyRoute, defineRoute } from '../route';
import { adminIdOf } from './auth';

/** HQ admin accounts: who may sign in to HQ and with which role; managed by HQ admins only. */
export const adminAccountRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/admin/me',
    summary: "The signed-in administrator, their role and the chain's time zone",
    tag: 'admin',
    auth: 'adminRead',
    response: AdminMeSchema,
    handle: async ({ deps, auth }) => ({
      ...(await adminMe(deps.dataSource.manager, adminIdOf(auth))),
      chainTimeZone: deps.config.CHAIN_TIME_ZONE,
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/admins',
    summary: 'HQ administrator accounts',
    tag: 'admin',
    auth: 'admin',
    query: ListQuerySchema,
    response: AdminAccountListSchema,
    handle: ({ deps, query }) => listAdmins(deps.dataSource.manager, query),
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/admins',
    summary: "Creates an HQ administrator ('admin' or read-only 'finance'; audited)",
    tag: 'admin',
    auth: 'admin',
    body: CreateAdminRequestSchema,
    status: 201,
    response: AdminAccountSchema,
    handle: ({ deps, body, auth }) =>
      inTransaction(deps.dataSource, (tx) =>
        addAdmin(tx, { ...body, actorId: adminIdOf(auth), now: deps.clock.now() }),
      ),
  }),
  defineRoute({
    method: 'put',
    path: '/api/admin/admins/:id',
    summary: "Changes an administrator's role or disables it (its tokens stop working at once; audited)",
    tag: 'admin',
    auth: 'admin',
    params: AdminIdParamsSchema,
    body: UpdateAdminRequestSchema as z.ZodType<z.infer<typeof UpdateAdminRequestSchema>>,
    response: AdminAccountSchema,
    handle: ({ deps, body, params, auth }) =>
      inTransaction(deps.dataSource, (tx) =>
        updateAdmin(tx, { ...body, id: params.id, actorId: adminIdOf(auth), now: deps.clock.now() }),
      ),
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/admins/:id/reset-password',
    summary: 'Sets a new password for an administrator (audited, without the password)',
    tag: 'admin',
    auth: 'admin',
    params: AdminIdParamsSchema,
    body: ResetAdminPasswordRequestSchema,
    response: z.object({ id: z.string(), reset: z.literal(true) }),
    handle: ({ deps, body, params, auth }) =>
      inTransaction(deps.dataSource, (tx) =>
        resetAdminPassword(tx, {
          id: params.id,
          password: body.password,
          actorId: adminIdOf(auth),
          now: deps.clock.now(),
        }),
      ),
  }),
];
