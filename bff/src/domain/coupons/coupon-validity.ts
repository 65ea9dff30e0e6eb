import { readInstant } from '../../db/tx';
import { addLocalDays, localDate, startOfLocalDay } from '../shared/chain-time';
import type { TemplateRow } from './coupon-template-row';

/**
 * When a coupon taken at `at` may be used. Fixed: the template's window (from its start, or from
 * `at` when it has none). Relative: from `at` through the end (23:59:59.999) of the validDays-th
 * local day, counting the day of the claim as the first, in the chain's time zone.
 */
export function validityFor(template: TemplateRow, at: Date, timeZone: string): { validFrom: Date; validUntil: Date } {
  if (template.valid_days !== null) {
    const lastDay = addLocalDays(localDate(at, timeZone), Number(template.valid_days) - 1);
    const validUntil = new Date(startOfLocalDay(addLocalDays(lastDay, 1), timeZone).getTime() - 1);
    return { validFrom: at, validUntil };
  }
  const validFrom = template.valid_from === null ? at : readInstant(template.valid_from);
  return { validFrom, validUntil: readInstant(template.valid_until) };
}
