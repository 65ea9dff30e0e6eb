import {
  CreateStoreRequestSchema,
  ListQuerySchema,
  RevokeStaffResponseSchema,
  StaffInviteRequestSchema,
  StaffInviteResponseSchema,
  StoreIdParamsSchema,
  StoreListSchema,
  StoreSchema,
  StoreStaffParamsSchema,
} from '@tongka/shared-types';
import { inTransaction } from '../../db/tx';
import { createStaffInvite, revokeStaff } from '../../domain/staff/staff-invites';
import { createStore, listStores } from '../../domain/stores/manage-stores';
import type { HandlerInput } from '../route';
import { defineRoute } from '../route';
import { adminIdOf } from './auth';

type RevokeInput = HandlerInput<unknown, unknown, { id: string; memberId: string }>;

function revoke({ params, auth, deps }: RevokeInput) {
  return inTransaction(deps.dataSource, (tx) =>
    revokeStaff(tx, { storeId: params.id, memberId: params.memberId, adminId: adminIdOf(auth), now: deps.clock.now() }),
  );
}

export const adminStoreRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/admin/stores',
    summary: 'Create a store',
    tag: 'admin',
    auth: 'admin',
    body: CreateStoreRequestSchema,
    status: 201,
    response: StoreSchema,
    handle: ({ body, auth, deps }) =>
      inTransaction(deps.dataSource, (tx) =>
        createStore(tx, body, { adminId: adminIdOf(auth), now: deps.clock.now() }),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/stores',
    summary: 'List stores by code',
    tag: 'admin',
    auth: 'admin',
    query: ListQuerySchema,
    response: StoreListSchema,
    handle: ({ query, deps }) => listStores(deps.dataSource.manager, query),
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/stores/:id/staff-invites',
    summary: 'Create a single-use staff invite code (72 hours)',
    tag: 'admin',
    auth: 'admin',
    params: StoreIdParamsSchema,
    body: StaffInviteRequestSchema,
    status: 201,
    response: StaffInviteResponseSchema,
    handle: ({ params, body, auth, deps }) =>
      inTransaction(deps.dataSource, (tx) =>
        createStaffInvite(tx, { storeId: params.id, role: body.role, adminId: adminIdOf(auth), now: deps.clock.now() }),
      ),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/admin/stores/:id/staff/:memberId',
    summary: "Revoke a member's roles at a store",
    tag: 'admin',
    auth: 'admin',
    params: StoreStaffParamsSchema,
    response: RevokeStaffResponseSchema,
    handle: revoke,
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/stores/:id/staff/:memberId/revoke',
    summary: "Revoke a member's roles at a store (POST form)",
    tag: 'admin',
    auth: 'admin',
    params: StoreStaffParamsSchema,
    response: RevokeStaffResponseSchema,
    handle: revoke,
  }),
];
