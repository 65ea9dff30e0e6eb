import { EarnRuleSchema, RedeemRuleSchema, SettlementRuleSchema, TierRuleSchema } from '@tongka/shared-types';
import type { ZodTypeAny } from 'zod';

export type FieldKind = 'yuan' | 'decimal' | 'int' | 'percent' | 'bool';
export interface Field {
  name: string;
  label: string;
  kind: FieldKind;
  optional?: boolean;
  /** What an empty optional field means. */
  emptyMeans?: string;
}
export interface RuleKindConfig {
  kind: 'earn' | 'redeem' | 'tier' | 'settlement';
  title: string;
  schema: ZodTypeAny;
  fields: Field[];
  /** Fields edited as JSON (multipliers, campaigns). */
  advanced?: string[];
}

export const KINDS: RuleKindConfig[] = [
  {
    kind: 'earn',
    title: '积分获取',
    schema: EarnRuleSchema,
    fields: [
      { name: 'pointsPerYuan', label: '每消费 1 元得积分', kind: 'decimal' },
      { name: 'minOrderFen', label: '最低订单金额（元）', kind: 'yuan' },
      { name: 'perOrderCapPoints', label: '单笔积分上限', kind: 'int', optional: true },
      { name: 'dailyCapPoints', label: '每日积分上限', kind: 'int', optional: true },
      {
        name: 'pendingDays',
        label: '积分待生效天数（退款期）',
        kind: 'int',
        optional: true,
        emptyMeans: '0（立即生效）',
      },
      { name: 'storedValueEarns', label: '储值支付也得积分', kind: 'bool', optional: true },
    ],
    advanced: ['tierMultipliers', 'categoryMultipliers', 'campaigns'],
  },
  {
    kind: 'redeem',
    title: '积分抵扣',
    schema: RedeemRuleSchema,
    fields: [
      { name: 'pointsPerYuan', label: '多少积分抵 1 元', kind: 'int' },
      { name: 'maxShareOfOrder', label: '最多抵扣订单金额的比例（%）', kind: 'percent' },
      { name: 'minPointsPerUse', label: '单次最少使用积分', kind: 'int', optional: true },
    ],
  },
  {
    kind: 'tier',
    title: '会员等级',
    schema: TierRuleSchema,
    fields: [
      { name: 'silverFen', label: '银卡：近 12 个月消费满（元）', kind: 'yuan' },
      { name: 'goldFen', label: '金卡：近 12 个月消费满（元）', kind: 'yuan' },
      { name: 'diamondFen', label: '钻石：近 12 个月消费满（元）', kind: 'yuan' },
    ],
  },
  {
    kind: 'settlement',
    title: '门店结算',
    schema: SettlementRuleSchema,
    fields: [{ name: 'pointCostFen', label: '每积分结算成本（分）', kind: 'decimal' }],
  },
];

export interface RuleAnswer {
  ruleId: string | null;
  version: number;
  scope: string;
  inherited: boolean;
  rule: Record<string, unknown>;
}

/** The form's values (yuan, percent) from a rule's stored units (fen, ratio). */
export function toForm(config: RuleKindConfig, rule: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of config.fields) {
    const value = rule[field.name];
    if (value === undefined) values[field.name] = field.kind === 'bool' ? false : null;
    else if (field.kind === 'yuan') values[field.name] = Number(value) / 100;
    else if (field.kind === 'percent') values[field.name] = Math.round(Number(value) * 10000) / 100;
    else values[field.name] = value;
  }
  if (config.advanced) {
    const extra = Object.fromEntries(
      config.advanced.filter((key) => rule[key] !== undefined).map((key) => [key, rule[key]]),
    );
    values.advanced = JSON.stringify(extra, null, 2);
  }
  return values;
}

/** The rule's stored units from the form's values; throws when the advanced JSON does not parse. */
export function fromForm(config: RuleKindConfig, values: Record<string, unknown>): Record<string, unknown> {
  const rule: Record<string, unknown> = {};
  for (const field of config.fields) {
    const value = values[field.name];
    if (value === null || value === undefined || value === '') continue;
    if (field.kind === 'bool' && value === false) continue;
    if (field.kind === 'yuan') rule[field.name] = Math.round(Number(value) * 100);
    else if (field.kind === 'percent') rule[field.name] = Math.round(Number(value) * 100) / 10000;
    else rule[field.name] = value;
  }
  if (config.advanced && typeof values.advanced === 'string' && values.advanced.trim()) {
    Object.assign(rule, JSON.parse(values.advanced));
  }
  return rule;
}
