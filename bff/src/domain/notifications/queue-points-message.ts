import { execute, type Tx } from '../../db/tx';
import { ulid } from '../shared/ulid';
import { takeSubscription } from './subscriptions';

export const POINTS_MESSAGE_KIND = 'wechat.subscribe.points';

export interface PointsMessage {
  memberId: string;
  templateId: string;
  storeName: string;
  pointsEarned: number;
  pointsRedeemed: number;
  pointsBalance: number;
  at: string;
}

/**
 * Queues "points earned/redeemed" for a member holding an accept of the points-changed template,
 * in the checkout's own transaction (dedupe key per checkout): the message takes the accept with
 * it, so one accept is one message; the outbox job sends it after commit (send-points-message.ts).
 * Never calls WeChat here.
 */
export async function queuePointsMessage(
  tx: Tx,
  input: {
    checkoutId: string;
    /** The configured points-changed template; null: the message is off. */
    templateId: string | null;
    message: Omit<PointsMessage, 'templateId' | 'storeName'>;
    /** Read only when a message is really queued (most members never subscribed). */
    storeName: () => Promise<string>;
    now: Date;
  },
): Promise<boolean> {
  if (input.message.pointsEarned === 0 && input.message.pointsRedeemed === 0) return false;
  const { templateId } = input;
  if (!templateId || !(await takeSubscription(tx, input.message.memberId, templateId))) return false;
  const payload: PointsMessage = { ...input.message, storeName: await input.storeName(), templateId };
  await execute(
    tx,
    "INSERT INTO outbox (id, kind, dedupe_key, payload, status, attempts, next_attempt_at, last_error, created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, NULL, ?)",
    [ulid(), POINTS_MESSAGE_KIND, `checkout-points:${input.checkoutId}`, JSON.stringify(payload), input.now, input.now],
  );
  return true;
}
