import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import { ulid } from '../shared/ulid';

/**
 * WeChat subscribe messages are one-shot: each accept of the subscribe dialog allows one message
 * for that template. We count accepts per member and template and spend one per message.
 */
export async function recordSubscription(
  tx: Tx,
  input: { memberId: string; templateId: string; accepted: boolean; now: Date },
): Promise<{ templateId: string; acceptedCount: number }> {
  if (input.accepted) {
    const bumped = await execute(
      tx,
      'UPDATE subscriptions SET accepted_count = accepted_count + 1, updated_at = ? WHERE member_id = ? AND template_id = ?',
      [input.now, input.memberId, input.templateId],
    );
    if (bumped === 0) {
      try {
        await execute(
          tx,
          'INSERT INTO subscriptions (id, member_id, template_id, accepted_count, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)',
          [ulid(), input.memberId, input.templateId, input.now, input.now],
        );
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        await execute(
          tx,
          'UPDATE subscriptions SET accepted_count = accepted_count + 1 WHERE member_id = ? AND template_id = ?',
          [input.memberId, input.templateId],
        );
      }
    }
  }
  const [row] = await select<{ accepted_count: number }>(
    tx,
    'SELECT accepted_count FROM subscriptions WHERE member_id = ? AND template_id = ?',
    [input.memberId, input.templateId],
  );
  return { templateId: input.templateId, acceptedCount: Number(row?.accepted_count ?? 0) };
}

/** Spends one accept of any template the member subscribed to; null when none is left. */
export async function takeSubscription(tx: Tx, memberId: string): Promise<string | null> {
  const rows = await select<{ id: string; template_id: string }>(
    tx,
    'SELECT id, template_id FROM subscriptions WHERE member_id = ? AND accepted_count > 0 ORDER BY template_id LIMIT 1',
    [memberId],
  );
  for (const row of rows) {
    const taken = await execute(
      tx,
      'UPDATE subscriptions SET accepted_count = accepted_count - 1 WHERE id = ? AND accepted_count > 0',
      [row.id],
    );
    if (taken === 1) return row.template_id;
  }
  return null;
}
