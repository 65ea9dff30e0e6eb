import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import { addLocalDays, localDate, startOfLocalDay } from '../shared/chain-time';

/**
 * When earned points expire: N months after the local day they were earned (the lot lives to the
 * end of that day), or at the end of the calendar year they were earned in, in the chain's time
 * zone. Stored as one `ledger_settings` row so HQ can change it without a deploy; earns read it.
 */
export type PointsExpiryRule =
  | { rule: 'months'; months: number; timeZone: string }
  | { rule: 'end-of-year'; timeZone: string };

const SETTING = 'points_expiry_rule';
export const DEFAULT_EXPIRY_RULE: PointsExpiryRule = { rule: 'months', months: 24, timeZone: 'Asia/Shanghai' };

export async function readExpiryRule(tx: Tx): Promise<PointsExpiryRule> {
  const [row] = await select<{ value: string }>(tx, 'SELECT value FROM ledger_settings WHERE name = ?', [SETTING]);
  return row ? (JSON.parse(row.value) as PointsExpiryRule) : DEFAULT_EXPIRY_RULE;
}

export async function writeExpiryRule(tx: Tx, rule: PointsExpiryRule): Promise<void> {
  const value = JSON.stringify(rule);
  const updated = await execute(tx, 'UPDATE ledger_settings SET value = ? WHERE name = ?', [value, SETTING]);
  if (updated > 0) return;
  await insertExpiryRuleIfMissing(tx, rule);
}

/** Start-up: the default rule in the configured time zone, unless HQ already set one. */
export async function insertExpiryRuleIfMissing(tx: Tx, rule: PointsExpiryRule): Promise<void> {
  try {
    await execute(tx, 'INSERT INTO ledger_settings (name, value) VALUES (?, ?)', [SETTING, JSON.stringify(rule)]);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

export function expiryFor(earnedAt: Date, rule: PointsExpiryRule): Date {
  const day = localDate(earnedAt, rule.timeZone);
  const [year, month, dayOfMonth] = day.split('-').map(Number);
  if (rule.rule === 'end-of-year') return startOfLocalDay(`${year + 1}-01-01`, rule.timeZone);
  const targetMonthIndex = month - 1 + rule.months;
  const targetYear = year + Math.floor(targetMonthIndex / 12);
  const targetMonth = (targetMonthIndex % 12) + 1;
  // 31 January + 1 month is the last day of February, not 3 March.
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  const target = `${targetYear}-${pad(targetMonth)}-${pad(Math.min(dayOfMonth, lastDay))}`;
  return startOfLocalDay(addLocalDays(target, 1), rule.timeZone);
}

const pad = (value: number) => String(value).padStart(2, '0');
