import { inTransaction, select } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { ruleInForce } from '../rules/rule-store';
import { localDate } from '../shared/chain-time';
import { grantOnce } from './grant-once';

const BATCH = 200;

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The MM-DD birthdays celebrated on `date`: Feb 29 birthdays on Feb 28 of other years. */
export function birthdaysOn(date: string): string[] {
  const monthDay = date.slice(5);
  return monthDay === '02-28' && !isLeapYear(Number(date.slice(0, 4))) ? ['02-28', '02-29'] : [monthDay];
}

/**
 * The birthday-gifts job: as of `asOf` (chain-local day), members whose birthday is today (DAY)
 * or in this month (MONTH) get HQ's birthday points and/or coupon, once per member and chain-local year (the
 * grant key decides, so reruns and a daily MONTH schedule pay once). One transaction per member.
 */
export async function birthdayGiftsJob(deps: AppDeps, options: { asOf: Date }): Promise<{ processed: number }> {
  const rule = (await ruleInForce(deps.dataSource.manager, 'member-gift')).rule;
  if (rule.birthdayPoints <= 0 && !rule.birthdayCouponTemplateId) return { processed: 0 };
  const today = localDate(options.asOf, deps.config.CHAIN_TIME_ZONE);
  const year = today.slice(0, 4);
  const match =
    rule.birthdayWindow === 'MONTH'
      ? { sql: 'SUBSTR(b.birthday, 6, 2) = ?', params: [today.slice(5, 7)] }
      : {
          sql: `SUBSTR(b.birthday, 6, 5) IN (${birthdaysOn(today)
            .map(() => '?')
            .join(', ')})`,
          params: birthdaysOn(today),
        };
  let after = '';
  let processed = 0;
  for (;;) {
    const rows = await select<{ member_id: string }>(
      deps.dataSource.manager,
      `SELECT b.member_id FROM member_birthdays b JOIN members m ON m.id = b.member_id
        WHERE m.status = 'active' AND ${match.sql} AND b.member_id > ? ORDER BY b.member_id LIMIT ${BATCH}`,
      [...match.params, after],
    );
    if (rows.length === 0) return { processed };
    for (const row of rows) {
      const granted = await inTransaction(deps.dataSource, (tx) =>
        grantOnce(tx, {
          memberId: row.member_id,
          grantKey: `birthday:${year}`,
          points: rule.birthdayPoints,
          note: '生日礼遇',
          at: options.asOf,
          coupon: { templateId: rule.birthdayCouponTemplateId, timeZone: deps.config.CHAIN_TIME_ZONE },
        }),
      );
      if (granted) processed += 1;
    }
    after = rows[rows.length - 1].member_id;
  }
}
