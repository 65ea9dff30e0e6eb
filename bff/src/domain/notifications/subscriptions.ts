import type { SubscriptionListResponse, SubscriptionPurpose } from '@tongka/shared-types';
import type { Config } from '../../../../config';
import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';
import { ulid } from '../shared/ulid';

/**
 * WeChat subscribe messages are one-shot (WECHAT.md): each accept of the subscribe dialog allows
 * one message for that template. We count accepts per member and template, spend one per message
 * and give it back when a send did not use it.
 */

/** The configured template of each purpose (unset: that message is off). */
export function subscriptionTemplates(config: Config): Array<{ purpose: SubscriptionPurpose; templateId: string }> {
  const all: Array<{ purpose: SubscriptionPurpose; templateId: string | undefined }> = [
    { purpose: 'points-changed', templateId: config.WECHAT_TEMPLATE_POINTS_CHANGED },
    { purpose: 'points-expiring', templateId: config.WECHAT_TEMPLATE_POINTS_EXPIRING },
    { purpose: 'coupon-received', templateId: config.WECHAT_TEMPLATE_COUPON_RECEIVED },
  ];
  return all.filter((t): t is { purpose: SubscriptionPurpose; templateId: string } => Boolean(t.templateId));
}

export function templateFor(config: Config, purpose: SubscriptionPurpose): string | null {
  return subscriptionTemplates(config).find((t) => t.purpose === purpose)?.templateId ?? null;
}

/** GET /api/me/subscriptions: the templates to ask for, and how many sends each accept count still allows. */
export async function listSubscriptions(db: Tx, config: Config, memberId: string): Promise<SubscriptionListResponse> {
  const rows = await select<{ template_id: string; accepted_count: number | string }>(
    db,
    'SELECT template_id, accepted_count FROM subscriptions WHERE member_id = ?',
    [memberId],
  );
  return {
    templates: subscriptionTemplates(config).map((template) => ({
      ...template,
      acceptedCount: Number(rows.find((row) => row.template_id === template.templateId)?.accepted_count ?? 0),
    })),
  };
}

/** POST /api/me/subscriptions: one answer of the subscribe dialog for one of our templates. */
export async function recordSubscription(
  tx: Tx,
  config: Config,
  input: { memberId: string; templateId: string; accepted: boolean; now: Date },
): Promise<{ templateId: string; acceptedCount: number }> {
  if (!subscriptionTemplates(config).some((t) => t.templateId === input.templateId)) {
    throw new AppError('UNKNOWN_TEMPLATE', 'This is not a message template of this mini-program.', {
      templateId: input.templateId,
    });
  }
  if (input.accepted) await addAccept(tx, input.memberId, input.templateId, input.now);
  const [row] = await select<{ accepted_count: number }>(
    tx,
    'SELECT accepted_count FROM subscriptions WHERE member_id = ? AND template_id = ?',
    [input.memberId, input.templateId],
  );
  return { templateId: input.templateId, acceptedCount: Number(row?.accepted_count ?? 0) };
}

async function addAccept(db: Tx, memberId: string, templateId: string, now: Date): Promise<void> {
  const bump = () =>
    execute(
      db,
      'UPDATE subscriptions SET accepted_count = accepted_count + 1, updated_at = ? WHERE member_id = ? AND template_id = ?',
      [now, memberId, templateId],
    );
  if ((await bump()) > 0) return;
  try {
    await execute(
      db,
      'INSERT INTO subscriptions (id, member_id, template_id, accepted_count, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)',
      [ulid(), memberId, templateId, now, now],
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await bump();
  }
}

/** Of these members, those holding an unused accept of the template (in chunks of 500). */
export async function membersWithAccept(db: Tx, templateId: string, memberIds: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let start = 0; start < memberIds.length; start += 500) {
    const part = memberIds.slice(start, start + 500);
    const rows = await select<{ member_id: string }>(
      db,
      `SELECT member_id FROM subscriptions WHERE template_id = ? AND accepted_count > 0
        AND member_id IN (${part.map(() => '?').join(', ')})`,
      [templateId, ...part],
    );
    for (const row of rows) found.add(row.member_id);
  }
  return found;
}

/** Spends one accept of this template; false when none is left. */
export async function takeSubscription(db: Tx, memberId: string, templateId: string): Promise<boolean> {
  const taken = await execute(
    db,
    'UPDATE subscriptions SET accepted_count = accepted_count - 1 WHERE member_id = ? AND template_id = ? AND accepted_count > 0',
    [memberId, templateId],
  );
  return taken === 1;
}

/** Returns an accept a send did not use. */
export async function giveBackSubscription(db: Tx, memberId: string, templateId: string, now: Date): Promise<void> {
  await addAccept(db, memberId, templateId, now);
}
