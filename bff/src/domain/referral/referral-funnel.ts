import type { ReferralFunnel } from '@tongka/shared-types';
import { select, type Tx } from '../../db/tx';
import { reportPeriod } from '../reports/report-period';
import { addLocalDays, startOfLocalDay } from '../shared/chain-time';

type Counts = Omit<ReferralFunnel['stores'][number], 'storeId'>;
const COUNT_KEYS = [
  'posters',
  'signUps',
  'firstPurchases',
  'pendingPoints',
  'pendingFen',
  'confirmedPoints',
  'confirmedFen',
  'cancelledPoints',
  'cancelledFen',
  'clawedBackPoints',
  'clawedBackFen',
  'commissionFen',
] as const;

const zero = (): Counts => Object.fromEntries(COUNT_KEYS.map((key) => [key, 0])) as Counts;

/**
 * HQ's referral funnel for a period of local dates (both included): per referrer and per store,
 * posters made, attributed sign-ups, first purchases, and the rebates of purchases in the period
 * by what became of them. A rebate's first amount is always pending + confirmed + cancelled +
 * clawed back. A referrer's store is the store they work at, else their home store.
 */
export async function referralFunnel(db: Tx, input: { from: string; to: string; timeZone: string }) {
  reportPeriod(input.from, input.to); // from ≤ to, at most 366 days, as every report (INVALID_PERIOD)
  const start = startOfLocalDay(input.from, input.timeZone);
  const end = startOfLocalDay(addLocalDays(input.to, 1), input.timeZone);
  const byReferrer = new Map<string, Counts>();
  const add = (id: string, key: (typeof COUNT_KEYS)[number], value: number | string | null) => {
    const counts = byReferrer.get(id) ?? zero();
    counts[key] += Number(value ?? 0);
    byReferrer.set(id, counts);
  };
  const period = [start, end];
  for (const row of await select<{ id: string; n: number }>(
    db,
    'SELECT member_id AS id, COUNT(*) AS n FROM referral_posters WHERE created_at >= ? AND created_at < ? GROUP BY member_id',
    period,
  ))
    add(row.id, 'posters', row.n);
  for (const row of await select<{ id: string; n: number }>(
    db,
    'SELECT referrer_id AS id, COUNT(*) AS n FROM referral_attributions WHERE created_at >= ? AND created_at < ? GROUP BY referrer_id',
    period,
  ))
    add(row.id, 'signUps', row.n);
  for (const row of await select<{ id: string; n: number }>(
    db,
    `SELECT referrer_id AS id, COUNT(*) AS n FROM referral_attributions
      WHERE first_paid_at >= ? AND first_paid_at < ? GROUP BY referrer_id`,
    period,
  ))
    add(row.id, 'firstPurchases', row.n);
  await addRebates(db, period, add);
  const storeOf = await referrerStores(db, [...byReferrer.keys()]);
  const referrers = [...byReferrer.entries()]
    .map(([referrerId, counts]) => ({ referrerId, storeId: storeOf.get(referrerId) ?? null, ...counts }))
    .sort((a, b) => b.signUps - a.signUps || (a.referrerId < b.referrerId ? -1 : 1));
  const stores = new Map<string | null, Counts>();
  for (const row of referrers) {
    const total = stores.get(row.storeId) ?? zero();
    for (const key of COUNT_KEYS) total[key] += row[key];
    stores.set(row.storeId, total);
  }
  return {
    from: input.from,
    to: input.to,
    referrers,
    stores: [...stores.entries()].map(([storeId, counts]) => ({ storeId, ...counts })),
  };
}

async function addRebates(
  db: Tx,
  period: Date[],
  add: (id: string, key: (typeof COUNT_KEYS)[number], value: number | string | null) => void,
) {
  const rows = await select<{
    id: string;
    asset: string;
    status: string;
    amount: number;
    current: number;
    clawed: number;
  }>(
    db,
    `SELECT beneficiary_id AS id, asset, status, SUM(amount) AS amount, SUM(current_amount) AS current,
            SUM(clawed_back) AS clawed
       FROM referral_rebates WHERE created_at >= ? AND created_at < ? GROUP BY beneficiary_id, asset, status`,
    period,
  );
  for (const row of rows) {
    const current = Number(row.current);
    const clawed = Number(row.clawed);
    const cancelled = Number(row.amount) - current - clawed;
    if (row.asset === 'COMMISSION') {
      if (row.status !== 'cancelled' && row.status !== 'rejected') add(row.id, 'commissionFen', current);
      continue;
    }
    const unit = row.asset === 'POINTS' ? 'Points' : 'Fen';
    if (row.status === 'pending' || row.status === 'held') add(row.id, `pending${unit}`, current);
    if (row.status === 'confirmed') add(row.id, `confirmed${unit}`, current);
    add(row.id, `cancelled${unit}`, cancelled);
    add(row.id, `clawedBack${unit}`, clawed);
  }
}

async function referrerStores(db: Tx, ids: string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (const id of ids) {
    const [row] = await select<{ store_id: string | null }>(
      db,
      `SELECT COALESCE((SELECT s.store_id FROM staff_roles s WHERE s.member_id = m.id AND s.revoked_at IS NULL
                         ORDER BY s.created_at, s.id LIMIT 1), m.home_store_id) AS store_id
         FROM members m WHERE m.id = ?`,
      [id],
    );
    out.set(id, row?.store_id ?? null);
  }
  return out;
}

/** The funnel as CSV: one line per referrer, then one per store (scope column says which). */
export function funnelCsv(funnel: ReferralFunnel): string {
  const header = ['scope', 'referrerId', 'storeId', ...COUNT_KEYS];
  const lines = [header.join(',')];
  for (const row of funnel.referrers)
    lines.push(['referrer', row.referrerId, row.storeId ?? '', ...COUNT_KEYS.map((k) => row[k])].join(','));
  for (const row of funnel.stores)
    lines.push(['store', '', row.storeId ?? '', ...COUNT_KEYS.map((k) => row[k])].join(','));
  return `${lines.join('\n')}\n`;
}
