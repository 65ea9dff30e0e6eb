import { inTransaction } from '../db/tx';
import '../domain/engagement/register';
import { DEFAULT_EXPIRY_RULE, insertExpiryRuleIfMissing, POINTS_EXPIRING_KIND } from '../domain/ledger';
import { COUPON_RECEIVED_KIND } from '../domain/notifications/queue-coupon-messages';
import { POINTS_MESSAGE_KIND } from '../domain/notifications/queue-points-message';
import { sendCouponReceivedMessage } from '../domain/notifications/send-coupon-message';
import { sendPointsMessage } from '../domain/notifications/send-points-message';
import { reconcilePayments } from '../domain/pay';
import { refreshTiersJob } from '../domain/tiers/refresh-tiers-job';
import { fanOutWebhookEvent } from '../domain/webhooks/fan-out-webhook-event';
import { WEBHOOK_EVENT_KIND } from '../domain/webhooks/queue-webhook-event';
import { sendWebhooksJob } from '../domain/webhooks/send-webhooks';
import { startupTasks } from '../startup';
import { expirePointsJob } from './expire-points';
import { sendPointsExpiring } from './points-expiring-sender';
import { registerJob } from './registry';
import { releasePendingPointsJob } from './release-pending-points';
import { registerOutboxSender, sendOutboxJob } from './send-outbox';

/** Jobs framework: lease-based runner, registry, and the ledger's own jobs. */
export { expireAllDue, expireBatch, expirePointsJob } from './expire-points';
export { type JobLease, LeaseLostError, tryAcquireLease } from './lease';
export { findJob, type JobOptions, type JobRun, jobNames, registerJob } from './registry';
export { releasePendingPointsJob } from './release-pending-points';
export { runJob } from './run-job';
export { type OutboxMessage, type OutboxSender, registerOutboxSender, sendOutboxJob } from './send-outbox';

registerJob('expire-points', expirePointsJob);
registerJob('send-outbox', sendOutboxJob);
registerOutboxSender(POINTS_EXPIRING_KIND, sendPointsExpiring);
registerJob('refresh-tiers', refreshTiersJob);
registerJob('release-pending-points', releasePendingPointsJob);
registerOutboxSender(POINTS_MESSAGE_KIND, sendPointsMessage);
registerOutboxSender(COUPON_RECEIVED_KIND, sendCouponReceivedMessage);
registerOutboxSender(WEBHOOK_EVENT_KIND, fanOutWebhookEvent);
registerJob('send-webhooks', sendWebhooksJob);
registerJob('reconcile-payments', (deps, options) => reconcilePayments(deps, options.asOf));

// The default expiry rule (24 months) in the chain's time zone, unless HQ already set one.
startupTasks.push((deps) =>
  inTransaction(deps.dataSource, (tx) =>
    insertExpiryRuleIfMissing(tx, { ...DEFAULT_EXPIRY_RULE, timeZone: deps.config.CHAIN_TIME_ZONE }),
  ),
);
