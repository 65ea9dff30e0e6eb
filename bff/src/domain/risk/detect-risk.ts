import type { RiskRule } from '@tongka/shared-types';
import { select, type Tx } from '../../db/tx';
import { addLocalDays, localDate, startOfLocalDay } from '../shared/chain-time';
import type { NewAlert } from './risk-alerts';

/**
 * The risk rules the detect-risk job checks over the window before `asOf` (windowDays chain-time
 * days up to and including asOf's day). Each returns the alerts it would raise; the job writes them
 * (dedupe keys make a second run over the same day raise nothing new).
 */
export interface RiskWindow {
  asOf: Date;
  timeZone: string;
  rule: RiskRule;
}

export function windowOf(w: RiskWindow) {
  const today = localDate(w.asOf, w.timeZone);
  const first = addLocalDays(today, 1 - w.rule.windowDays);
  return {
    today,
    first,
    start: startOfLocalDay(first, w.timeZone),
    end: startOfLocalDay(addLocalDays(today, 1), w.timeZone),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

interface ClerkCount {
  store_id: string;
  staff_member_id: string;
  n: string | number;
  amount: string | number;
}

/**
 * Clerks whose count in the window is far above their store's median clerk (every clerk with a
 * checkout at the store in the window counts, at zero if they have none): the shape of the
 * clerk-refunds and clerk-redemptions rules.
 */
async function clerksAboveNorm(
  db: Tx,
  w: RiskWindow,
  counts: ClerkCount[],
  minimum: number,
): Promise<Array<{ row: ClerkCount; count: number; norm: number; clerks: number; high: boolean }>> {
  const win = windowOf(w);
  const clerks = await select<{ store_id: string; staff_member_id: string }>(
    db,
    `SELECT DISTINCT store_id, staff_member_id FROM checkouts WHERE local_date >= ? AND local_date <= ?`,
    [win.first, win.today],
  );
  const byStore = new Map<string, Map<string, number>>();
  for (const c of clerks) {
    const store = byStore.get(c.store_id) ?? new Map<string, number>();
    store.set(c.staff_member_id, 0);
    byStore.set(c.store_id, store);
  }
  for (const r of counts) {
    const store = byStore.get(r.store_id) ?? new Map<string, number>();
    store.set(r.staff_member_id, Number(r.n));
    byStore.set(r.store_id, store);
  }
  const found = [];
  for (const row of counts) {
    const all = [...(byStore.get(row.store_id)?.values() ?? [])];
    const norm = median(all);
    const count = Number(row.n);
    const bar = w.rule.clerkNormMultiple * Math.max(norm, 1);
    if (count < minimum || count < bar) continue;
    found.push({ row, count, norm, clerks: all.length, high: count >= 2 * bar });
  }
  return found;
}

/** A clerk whose refunds in the window are far above the store's median clerk. */
export async function clerkRefundAlerts(db: Tx, w: RiskWindow): Promise<NewAlert[]> {
  const win = windowOf(w);
  const refunds = await select<ClerkCount>(
    db,
    `SELECT store_id, staff_member_id, COUNT(*) AS n, SUM(refunded_fen) AS amount FROM checkout_refunds
      WHERE created_at >= ? AND created_at < ? GROUP BY store_id, staff_member_id`,
    [win.start, win.end],
  );
  return (await clerksAboveNorm(db, w, refunds, w.rule.clerkMinRefunds)).map(({ row, count, norm, clerks, high }) => ({
    rule: 'clerk-refunds',
    severity: high ? 'high' : 'medium',
    subjectType: 'staff',
    subjectId: row.staff_member_id,
    storeId: row.store_id,
    dedupeKey: `clerk-refunds:${row.store_id}:${row.staff_member_id}:${win.today}`,
    evidence: {
      refunds: count,
      refundedFen: Number(row.amount),
      storeMedianRefunds: norm,
      clerksAtStore: clerks,
      from: win.first,
      to: win.today,
    },
    now: w.asOf,
  }));
}

/**
 * A clerk whose redemptions (checkouts where the clerk deducted a member's points) in the window are
 * far above the store's median clerk.
 */
export async function clerkRedemptionAlerts(db: Tx, w: RiskWindow): Promise<NewAlert[]> {
  const win = windowOf(w);
  const redemptions = await select<ClerkCount>(
    db,
    `SELECT store_id, staff_member_id, COUNT(*) AS n, SUM(points_redeemed) AS amount FROM checkouts
      WHERE local_date >= ? AND local_date <= ? AND points_redeemed > 0 GROUP BY store_id, staff_member_id`,
    [win.first, win.today],
  );
  const minimum = w.rule.clerkMinRedemptions;
  return (await clerksAboveNorm(db, w, redemptions, minimum)).map(({ row, count, norm, clerks, high }) => ({
    rule: 'clerk-redemptions',
    severity: high ? 'high' : 'medium',
    subjectType: 'staff',
    subjectId: row.staff_member_id,
    storeId: row.store_id,
    dedupeKey: `clerk-redemptions:${row.store_id}:${row.staff_member_id}:${win.today}`,
    evidence: {
      redemptions: count,
      pointsRedeemed: Number(row.amount),
      storeMedianRedemptions: norm,
      clerksAtStore: clerks,
      from: win.first,
      to: win.today,
    },
    now: w.asOf,
  }));
}

/** A clerk whose checkouts' earned points go mostly to at most three members. */
export async function fewMembersAlerts(db: Tx, w: RiskWindow): Promise<NewAlert[]> {
  const win = windowOf(w);
  const rows = await select<{ store_id: string; staff_member_id: string; member_id: string; points: string | number }>(
    db,
    `SELECT store_id, staff_member_id, member_id, SUM(points_earned) AS points FROM checkouts
      WHERE local_date >= ? AND local_date <= ? GROUP BY store_id, staff_member_id, member_id`,
    [win.first, win.today],
  );
  const byClerk = new Map<
    string,
    { storeId: string; staffId: string; perMember: number[]; top: Array<[string, number]> }
  >();
  for (const row of rows) {
    const key = `${row.store_id}|${row.staff_member_id}`;
    const entry = byClerk.get(key) ?? { storeId: row.store_id, staffId: row.staff_member_id, perMember: [], top: [] };
    entry.perMember.push(Number(row.points));
    entry.top.push([row.member_id, Number(row.points)]);
    byClerk.set(key, entry);
  }
  const alerts: NewAlert[] = [];
  for (const clerk of byClerk.values()) {
    const total = clerk.perMember.reduce((a, b) => a + b, 0);
    const top = clerk.top.sort((a, b) => b[1] - a[1]).slice(0, 3);
    const topPoints = top.reduce((sum, [, p]) => sum + p, 0);
    if (total < w.rule.fewMembersMinPoints || topPoints / total < w.rule.fewMembersShare) continue;
    alerts.push({
      rule: 'clerk-few-members',
      severity: 'medium',
      subjectType: 'staff',
      subjectId: clerk.staffId,
      storeId: clerk.storeId,
      dedupeKey: `clerk-few-members:${clerk.storeId}:${clerk.staffId}:${win.today}`,
      evidence: {
        pointsEarned: total,
        topMembers: top.map(([memberId, points]) => ({ memberId, points })),
        share: topPoints / total,
        members: clerk.perMember.length,
        from: win.first,
        to: win.today,
      },
      now: w.asOf,
    });
  }
  return alerts;
}

/** A member earning far above their usual daily points (the 30 days before asOf's day). */
export async function memberSpikeAlerts(db: Tx, w: RiskWindow): Promise<NewAlert[]> {
  const today = localDate(w.asOf, w.timeZone);
  const spikes = await select<{ member_id: string; points: string | number }>(
    db,
    'SELECT member_id, points FROM earn_daily_totals WHERE local_date = ? AND points >= ?',
    [today, w.rule.memberSpikeMinPoints],
  );
  const alerts: NewAlert[] = [];
  for (const spike of spikes) {
    const [usual] = await select<{ points: string | number | null }>(
      db,
      'SELECT SUM(points) AS points FROM earn_daily_totals WHERE member_id = ? AND local_date >= ? AND local_date < ?',
      [spike.member_id, addLocalDays(today, -30), today],
    );
    const dailyAverage = Number(usual?.points ?? 0) / 30;
    const points = Number(spike.points);
    if (points < w.rule.memberSpikeMultiple * Math.max(dailyAverage, 1)) continue;
    alerts.push({
      rule: 'member-earn-spike',
      severity: 'medium',
      subjectType: 'member',
      subjectId: spike.member_id,
      storeId: null,
      dedupeKey: `member-earn-spike:${spike.member_id}:${today}`,
      evidence: { pointsToday: points, usualDailyPoints: Math.round(dailyAverage * 100) / 100, date: today },
      now: w.asOf,
    });
  }
  return alerts;
}
