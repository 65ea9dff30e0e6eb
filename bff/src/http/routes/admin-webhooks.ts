import {
  WebhookCreatedSchema,
  WebhookCreateRequestSchema,
  WebhookDeliveryListResponseSchema,
  WebhookDeliveryParamsSchema,
  WebhookDeliveryQuerySchema,
  WebhookDeliverySchema,
  WebhookListResponseSchema,
  WebhookParamsSchema,
} from '@tongka/shared-types';
import { inTransaction } from '../../db/tx';
import { dataCryptoOf } from '../../domain/members/deps-helpers';
import '../../domain/webhooks/checkout-events';
import { createWebhook, deleteWebhook, listWebhooks } from '../../domain/webhooks/manage-webhooks';
import { listWebhookDeliveries, replayWebhookDelivery } from '../../domain/webhooks/webhook-deliveries';
import { RESPONDED } from '../mount-route';
import { type AnyRoute, defineRoute } from '../route';
import { adminIdOf } from './auth';

/** HQ registers webhook receivers (chain-wide or per store), reads deliveries and replays them. */
export const adminWebhookRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/admin/webhooks',
    summary: 'Register a webhook URL for the chain or one store (the signing secret is answered once)',
    tag: 'admin-pos',
    auth: 'admin',
    status: 201,
    body: WebhookCreateRequestSchema,
    response: WebhookCreatedSchema,
    handle: ({ deps, auth, body }) =>
      inTransaction(deps.dataSource, (tx) =>
        createWebhook(tx, dataCryptoOf(deps), { ...body, adminId: adminIdOf(auth), now: deps.clock.now() }),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/webhooks',
    summary: 'The registered webhooks',
    tag: 'admin-pos',
    auth: 'admin',
    response: WebhookListResponseSchema,
    handle: ({ deps }) => listWebhooks(deps.dataSource.manager),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/webhooks/deliveries',
    summary: 'The latest 100 webhook deliveries with every attempt (filter by webhook or event)',
    tag: 'admin-pos',
    auth: 'admin',
    query: WebhookDeliveryQuerySchema,
    response: WebhookDeliveryListResponseSchema,
    handle: ({ deps, query }) => listWebhookDeliveries(deps.dataSource.manager, query),
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/webhooks/deliveries/:id/replay',
    summary: 'Send a delivery again (same event id) with a fresh 24-hour retry window',
    tag: 'admin-pos',
    auth: 'admin',
    params: WebhookDeliveryParamsSchema,
    response: WebhookDeliverySchema,
    handle: ({ deps, auth, params }) =>
      inTransaction(deps.dataSource, (tx) =>
        replayWebhookDelivery(tx, { id: params.id, adminId: adminIdOf(auth), now: deps.clock.now() }),
      ),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/admin/webhooks/:id',
    summary: 'Remove a webhook (no new deliveries; queued ones are still tried)',
    tag: 'admin-pos',
    auth: 'admin',
    status: 204,
    params: WebhookParamsSchema,
    async handle({ deps, auth, params, ctx }) {
      await inTransaction(deps.dataSource, (tx) =>
        deleteWebhook(tx, { id: params.id, adminId: adminIdOf(auth), now: deps.clock.now() }),
      );
      ctx.status = 204;
      return RESPONDED;
    },
  }),
];
