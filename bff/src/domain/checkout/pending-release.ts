import { addLocalDays, localDate, startOfLocalDay } from '../shared/chain-time';

/**
 * When points earned at `at` under a pending period of `pendingDays` become spendable: at the end
 * of the local day (chain time zone) `pendingDays` days after the day of the checkout, i.e. the
 * start of the day after. The refund window is counted in whole shop days, so a purchase at 09:00
 * and one at 21:00 on the same day are released together, and a refund on the last day of the
 * window still finds the points pending. Null when there is no pending period.
 */
export function pendingReleaseAt(at: Date, pendingDays: number, timeZone: string): Date | null {
  if (pendingDays <= 0) return null;
  return startOfLocalDay(addLocalDays(localDate(at, timeZone), pendingDays + 1), timeZone);
}
