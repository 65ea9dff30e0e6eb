import { execute, inTransaction, isSqlite, select, type Tx } from '../../db/tx';
import type { RefundFacts } from '../checkout/checkout-hooks';
import { rollupTimeZone } from '../ledger/report-rollups';
import { ruleInForce } from '../rules/rule-store';
import { AppError } from '../shared/app-error';
import { localDate } from '../shared/chain-time';
import { raiseAlert } from './risk-alerts';

/**
 * Points a clerk moves outside a normal checkout (the points a refund returns or claws back) are
 * counted per chain-time day; past the risk rule's cap the refund is refused and an alert raised
 * (after the refused transaction has rolled back, in its own).
 */
export async function enforceClerkDailyCap(tx: Tx, facts: RefundFacts): Promise<void> {
  const moved = facts.pointsMoved ?? 0;
  if (!facts.staffMemberId || moved <= 0) return;
  const date = localDate(facts.at, rollupTimeZone());
  await execute(
    tx,
    `INSERT INTO staff_daily_moves (staff_member_id, local_date, points) VALUES (?, ?, ?) ${
      isSqlite(tx.connection)
        ? 'ON CONFLICT (staff_member_id, local_date) DO UPDATE SET points = points + excluded.points'
        : 'ON DUPLICATE KEY UPDATE points = points + VALUES(points)'
    }`,
    [facts.staffMemberId, date, moved],
  );
  const [row] = await select<{ points: string | number }>(
    tx,
    'SELECT points FROM staff_daily_moves WHERE staff_member_id = ? AND local_date = ?',
    [facts.staffMemberId, date],
  );
  const cap = (await ruleInForce(tx, 'risk')).rule.clerkDailyMovePointsCap;
  const total = Number(row.points);
  if (total <= cap) return;
  const dataSource = tx.connection;
  const staffMemberId = facts.staffMemberId;
  setImmediate(() => {
    inTransaction(dataSource, (alertTx) =>
      raiseAlert(alertTx, {
        rule: 'clerk-daily-cap',
        severity: 'high',
        subjectType: 'staff',
        subjectId: staffMemberId,
        storeId: facts.storeId,
        dedupeKey: `clerk-daily-cap:${staffMemberId}:${date}:${facts.refundId}`,
        evidence: {
          date,
          cap,
          pointsMovedToday: total - moved,
          refused: { checkoutId: facts.checkoutId, points: moved },
        },
        now: facts.at,
      }),
    ).catch(() => undefined);
  });
  throw new AppError('CLERK_DAILY_CAP_EXCEEDED', 'This refund would move more points today than a clerk may.', {
    cap,
    pointsMovedToday: total - moved,
    points: moved,
  });
}
