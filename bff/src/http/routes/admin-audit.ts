import { AuditLogListSchema, AuditLogQuerySchema } from '@tongka/shared-types';
import { listAuditLog } from '../../domain/audit/list-audit-log';
import { defineRoute } from '../route';

export const adminAuditRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/admin/audit-log',
    summary: 'Manual and sensitive actions, newest first: who, what, when, before/after (?action=, ?targetId= filter)',
    tag: 'admin',
    auth: 'adminRead',
    query: AuditLogQuerySchema,
    response: AuditLogListSchema,
    handle: ({ query, deps }) => listAuditLog(deps.dataSource.manager, query),
  }),
];
