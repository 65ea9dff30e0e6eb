import {
  ApprovalRuleSchema,
  EarnRuleResponseSchema,
  EarnRuleSchema,
  IdSchema,
  RedeemRuleResponseSchema,
  RedeemRuleSchema,
  RiskRuleSchema,
  ruleResponseOf,
  SettlementRuleResponseSchema,
  SettlementRuleSchema,
  StaffSaleRuleResponseSchema,
  StaffSaleRuleSchema,
  TierRuleResponseSchema,
  TierRuleSchema,
} from '@tongka/shared-types';
import { z } from 'zod';
import { inTransaction } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { recordAudit } from '../../domain/audit/record-audit';
import {
  assertStoreExists,
  HQ_SCOPE,
  putRule,
  type RuleKind,
  type RuleOf,
  ruleInForce,
} from '../../domain/rules/rule-store';
import type { AuthContext } from '../auth-context';
import { type AnyRoute, defineRoute } from '../route';

const StoreIdParams = z.object({ id: IdSchema }).strict();

function actorOf(auth: AuthContext): string {
  return auth.kind === 'admin' ? `admin:${auth.adminId}` : 'system';
}

export function saveRule<K extends RuleKind>(
  deps: AppDeps,
  auth: AuthContext,
  kind: K,
  scope: string,
  rule: RuleOf<K>,
) {
  return inTransaction(deps.dataSource, async (tx) => {
    if (scope !== HQ_SCOPE) await assertStoreExists(tx, scope);
    const before = await ruleInForce(tx, kind, scope);
    const saved = await putRule(tx, { kind, scope, rule, actor: actorOf(auth), at: deps.clock.now() });
    await recordAudit(tx, {
      actorType: auth.kind === 'admin' ? 'admin' : 'system',
      actorId: auth.kind === 'admin' ? auth.adminId : 'system',
      action: `rule.${kind}.put`,
      targetType: 'rule',
      targetId: scope,
      before: before.inherited ? null : before,
      after: saved,
      at: deps.clock.now(),
    });
    return saved;
  });
}

/** HQ-wide rules: PUT inserts a new version, GET answers the version in force. */
export function hqRuleRoutes<K extends RuleKind>(
  kind: K,
  path: string,
  schema: z.ZodTypeAny,
  response: z.ZodTypeAny,
): AnyRoute[] {
  return [
    defineRoute({
      method: 'put',
      path,
      summary: `Set the HQ ${kind} rule (a new version)`,
      tag: 'hq-rules',
      auth: 'admin',
      body: schema as z.ZodType<RuleOf<K>>,
      response,
      handle: ({ body, deps, auth }) => saveRule(deps, auth, kind, HQ_SCOPE, body),
    }),
    defineRoute({
      method: 'get',
      path,
      summary: `The HQ ${kind} rule in force`,
      tag: 'hq-rules',
      auth: 'admin',
      response,
      handle: ({ deps }) => ruleInForce(deps.dataSource.manager, kind),
    }),
  ];
}

export const adminRuleRoutes: AnyRoute[] = [
  ...hqRuleRoutes('earn', '/api/admin/earn-rule', EarnRuleSchema, EarnRuleResponseSchema),
  ...hqRuleRoutes('redeem', '/api/admin/redeem-rule', RedeemRuleSchema, RedeemRuleResponseSchema),
  ...hqRuleRoutes('settlement', '/api/admin/settlement-rule', SettlementRuleSchema, SettlementRuleResponseSchema),
  ...hqRuleRoutes('tier', '/api/admin/tier-rule', TierRuleSchema, TierRuleResponseSchema),
  ...hqRuleRoutes('approval', '/api/admin/approval-rule', ApprovalRuleSchema, ruleResponseOf(ApprovalRuleSchema)),
  ...hqRuleRoutes('risk', '/api/admin/risk-rule', RiskRuleSchema, ruleResponseOf(RiskRuleSchema)),
  ...hqRuleRoutes('staff-sale', '/api/admin/staff-sale-rule', StaffSaleRuleSchema, StaffSaleRuleResponseSchema),
  defineRoute({
    method: 'put',
    path: '/api/admin/stores/:id/earn-rule',
    summary: "Set a store's earn-rule override (a new version)",
    tag: 'hq-rules',
    auth: 'admin',
    params: StoreIdParams,
    body: EarnRuleSchema,
    response: EarnRuleResponseSchema,
    handle: ({ body, params, deps, auth }) => saveRule(deps, auth, 'earn', params.id, body),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/stores/:id/earn-rule',
    summary: "The earn rule in force at a store (its override, else HQ's)",
    tag: 'hq-rules',
    auth: 'admin',
    params: StoreIdParams,
    response: EarnRuleResponseSchema,
    async handle({ params, deps }) {
      await assertStoreExists(deps.dataSource.manager, params.id);
      return ruleInForce(deps.dataSource.manager, 'earn', params.id);
    },
  }),
];
