import { execute, select, type Tx } from '../db/tx';
import type { AppDeps } from '../deps';
import type { PointsExpiringPayload } from '../domain/ledger';
import { localDate } from '../domain/shared/chain-time';
import type { OutboxMessage } from './send-outbox';

export interface ReminderTarget {
  openid: string;
  templateId: string;
}

/**
 * Who receives a member's reminder: their mini-program openid and a subscribe-message template
 * they accepted (each accept allows one send, WECHAT.md). Replaceable: identities and
 * subscriptions are other modules' tables; `reminderTargets.resolve = ...` swaps the lookup.
 */
export const reminderTargets = {
  resolve: defaultResolve as (db: Tx, memberId: string, appid: string) => Promise<ReminderTarget | null>,
};

async function defaultResolve(db: Tx, memberId: string, appid: string): Promise<ReminderTarget | null> {
  const [identity] = await select<{ openid: string }>(
    db,
    'SELECT openid FROM member_identities WHERE member_id = ? AND appid = ? ORDER BY openid LIMIT 1',
    [memberId, appid],
  ).catch(() => []);
  if (!identity) return null;
  const [subscription] = await select<{ id: string; template_id: string }>(
    db,
    'SELECT id, template_id FROM subscriptions WHERE member_id = ? AND accepted_count > 0 ORDER BY template_id LIMIT 1',
    [memberId],
  ).catch(() => []);
  if (!subscription) return null;
  const taken = await execute(
    db,
    'UPDATE subscriptions SET accepted_count = accepted_count - 1 WHERE id = ? AND accepted_count > 0',
    [subscription.id],
  );
  return taken === 1 ? { openid: identity.openid, templateId: subscription.template_id } : null;
}

/** Sends "your points expire soon" through WeChat subscribe messages. */
export async function sendPointsExpiring(deps: AppDeps, message: OutboxMessage): Promise<void> {
  const payload = message.payload as PointsExpiringPayload;
  if (!deps.miniProgram) throw Object.assign(new Error('no mini-program client configured'), { retryable: true });
  const target = await reminderTargets.resolve(deps.dataSource.manager, payload.memberId, deps.config.WECHAT_APPID);
  if (!target) {
    throw Object.assign(new Error('the member has no openid or no accepted subscription'), { retryable: false });
  }
  const expiresAt = new Date(payload.expiresAt);
  const [year, month, day] = localDate(expiresAt, deps.config.CHAIN_TIME_ZONE).split('-').map(Number);
  await deps.miniProgram.sendSubscribeMessage({
    touser: target.openid,
    templateId: target.templateId,
    page: 'pages/index/index',
    data: { thing1: '积分即将过期', number2: String(payload.points), date3: `${year}年${month}月${day}日` },
  });
}
