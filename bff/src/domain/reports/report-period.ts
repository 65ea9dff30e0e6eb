import { AppError } from '../shared/app-error';
import { addLocalDays } from '../shared/chain-time';

export const MAX_PERIOD_DAYS = 366;

export interface ReportPeriod {
  from: string;
  to: string;
  /** Number of days, both ends included. */
  days: number;
}

const dayNumber = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / 86_400_000;

/** A report period: real calendar dates, `from` ≤ `to`, at most 366 days (INVALID_PERIOD otherwise). */
export function reportPeriod(from: string, to: string): ReportPeriod {
  for (const [field, date] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (addLocalDays(date, 0) !== date) {
      throw new AppError('INVALID_PERIOD', `${field} is not a calendar date.`, { [field]: date });
    }
  }
  if (from > to) throw new AppError('INVALID_PERIOD', 'The period starts after it ends.', { from, to });
  const days = dayNumber(to) - dayNumber(from) + 1;
  if (days > MAX_PERIOD_DAYS) {
    throw new AppError('INVALID_PERIOD', `A report period is at most ${MAX_PERIOD_DAYS} days.`, { from, to, days });
  }
  return { from, to, days };
}

/** Every date of the period, in order. */
export function datesOf(period: ReportPeriod): string[] {
  return Array.from({ length: period.days }, (_, i) => addLocalDays(period.from, i));
}
