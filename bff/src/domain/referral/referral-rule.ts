import type { ReferralRule, ReferralRuleResponse } from '@tongka/shared-types';
import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { ruleInForce } from '../rules/rule-store';
import { AppError } from '../shared/app-error';
import { ulid } from '../shared/ulid';

/** API.md: 5 % / 2 %, paid in points, confirmed after 7 days; no cap, no staff reward. */
export const DEFAULT_REFERRAL_RULE: ReferralRule = { level1Bps: 500, level2Bps: 200, asset: 'POINTS', windowDays: 7 };
/** Fraud review thresholds when HQ set none. */
export const DEFAULT_VELOCITY = { maxPerHour: 10, maxPerDay: 50 };

const KIND = 'referral';
const SCOPE = 'HQ';

/** The referral rule in force: HQ's latest version (rule_versions, kind 'referral'), else the default. */
export async function readReferralRule(db: Tx): Promise<ReferralRuleResponse> {
  const [row] = await select<{ id: string; version: number; rule_json: string }>(
    db,
    'SELECT id, version, rule_json FROM rule_versions WHERE kind = ? AND scope = ? ORDER BY version DESC LIMIT 1',
    [KIND, SCOPE],
  );
  if (!row) return { ruleId: null, version: 0, rule: DEFAULT_REFERRAL_RULE };
  return { ruleId: row.id, version: Number(row.version), rule: JSON.parse(row.rule_json) as ReferralRule };
}

/** HQ sets a new version; the previous one stays for the record and the audit log says who. */
export async function putReferralRule(
  tx: Tx,
  input: { rule: ReferralRule; adminId: string; at: Date },
): Promise<ReferralRuleResponse> {
  const before = await readReferralRule(tx);
  const version = before.version + 1;
  const ruleId = ulid();
  try {
    await execute(
      tx,
      'INSERT INTO rule_versions (id, kind, scope, version, rule_json, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [ruleId, KIND, SCOPE, version, JSON.stringify(input.rule), `admin:${input.adminId}`, input.at],
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError('IDEMPOTENCY_REQUEST_IN_PROGRESS', 'The rule is being changed by someone else; try again.');
  }
  const saved = { ruleId, version, rule: input.rule };
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: 'rule.referral.put',
    targetType: 'rule',
    targetId: SCOPE,
    before: before.ruleId ? before : null,
    after: saved,
    at: input.at,
  });
  return saved;
}

/** Points per yuan of the redeem rule: a rebate paid in points is worth what it would be in fen. */
export async function pointsPerYuan(db: Tx): Promise<number> {
  return (await ruleInForce(db, 'redeem')).rule.pointsPerYuan;
}

/**
 * A rebate on `paidFen`: `paidFen × bps / 10000` fen, floored; in points converted at the redeem
 * rule's points per yuan, floored (API.md, PUT /api/admin/referral-rule).
 */
export function rebateAmount(paidFen: number, bps: number, asset: 'POINTS' | 'CNY' | 'COMMISSION', perYuan: number) {
  const fen = Math.floor((paidFen * bps) / 10_000);
  return asset === 'POINTS' ? Math.floor((fen * perYuan) / 100) : fen;
}
