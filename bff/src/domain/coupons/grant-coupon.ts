import { execute, type Tx } from '../../db/tx';
import { ulid } from '../shared/ulid';
import { insertCoupon } from './claim-coupon';
import { readTemplate } from './coupon-template-row';
import { validityFor } from './coupon-validity';

/**
 * One coupon of `templateId` given to a member by HQ (a birthday or sign-up gift), like a batch
 * issue of one: the template must be active with stock left, which one conditional UPDATE takes
 * (never past the stock); the per-member limit applies to claims only, as for batch issues.
 * Returns the coupon id, or null when the template is paused, ended, past its window or out of stock.
 */
export async function grantCoupon(
  tx: Tx,
  input: { templateId: string; memberId: string; at: Date; timeZone: string },
): Promise<string | null> {
  const template = await readTemplate(tx, input.templateId);
  const { validFrom, validUntil } = validityFor(template, input.at, input.timeZone);
  if (validUntil.getTime() < input.at.getTime()) return null;
  const taken = await execute(
    tx,
    `UPDATE coupon_templates SET issued = issued + 1
      WHERE id = ? AND status = 'active' AND (stock IS NULL OR issued + 1 <= stock)`,
    [template.id],
  );
  if (taken !== 1) return null;
  const id = ulid();
  await insertCoupon(tx, {
    id,
    templateId: template.id,
    memberId: input.memberId,
    source: 'issue',
    validFrom,
    validUntil,
    now: input.at,
  });
  return id;
}
