import type {
  ApprovalRule,
  CheckInRule,
  EarnRule,
  MemberApprovalRule,
  MemberGiftRule,
  PointsGiftRule,
  RedeemRule,
  RiskRule,
  RuleResponse,
  SettlementRule,
  StaffSaleRule,
  TierRule,
  TopupRule,
} from '@tongka/shared-types';
import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';
import { ulid } from '../shared/ulid';

export type RuleKind =
  | 'earn'
  | 'redeem'
  | 'settlement'
  | 'tier'
  | 'topup'
  | 'approval'
  | 'risk'
  | 'staff-sale'
  | 'checkin'
  | 'points-gift'
  | 'member-gift'
  | 'member-approval';
export const HQ_SCOPE = 'HQ';

/** What applies when HQ never set a rule (API.md: 1 point per yuan, no minimum; 100 points = ¥1, half the order). */
export const defaultRules = {
  earn: { pointsPerYuan: 1, minOrderFen: 0 } satisfies EarnRule,
  redeem: { pointsPerYuan: 100, maxShareOfOrder: 0.5 } satisfies RedeemRule,
  settlement: { pointCostFen: 1 } satisfies SettlementRule,
  tier: { silverFen: 100_000, goldFen: 500_000, diamondFen: 2_000_000 } satisfies TierRule,
  'staff-sale': { approvalAboveFen: 10_000 } satisfies StaffSaleRule,
  // Top-ups from ¥1 to ¥5,000, no bonus until HQ sets one ("充500送50" is {thresholdFen: 50000, bonusFen: 5000}).
  topup: { minFen: 100, maxFen: 500_000, bonuses: [], presetsFen: [5_000, 10_000, 20_000, 50_000] } satisfies TopupRule,
  // Maker/checker: adjustments above 10,000 points or ¥1,000 wait for a second admin.
  approval: {
    adjustPointsThreshold: 10_000,
    adjustFenThreshold: 100_000,
    reinstateGraceDays: 30,
  } satisfies ApprovalRule,
  risk: {
    clerkNormMultiple: 3,
    clerkMinRefunds: 5,
    clerkMinRedemptions: 5,
    fewMembersShare: 0.8,
    fewMembersMinPoints: 5_000,
    memberSpikeMultiple: 5,
    memberSpikeMinPoints: 1_000,
    clerkDailyMovePointsCap: 5_000,
    windowDays: 7,
    sharedDeviceMinSignups: 3,
    sharedPayerMinSignups: 3,
  } satisfies RiskRule,
  // API.md: one point per check-in unless HQ says otherwise.
  checkin: { basePoints: 1, streakBonuses: [] } satisfies CheckInRule,
  'points-gift': { enabled: true, perGiftMaxPoints: 1_000, dailyMaxPoints: 2_000 } satisfies PointsGiftRule,
  // No birthday, sign-up or tier gifts until HQ sets them.
  'member-gift': {
    birthdayPoints: 0,
    birthdayWindow: 'DAY',
    signupPoints: 0,
    tierPoints: { silver: 0, gold: 0, diamond: 0 },
  } satisfies MemberGiftRule,
  // A checkout deducting more than 50,000 points (¥500 at the default rate) or ¥500 of stored
  // value waits for the member's own approval: a clerk alone cannot spend a large balance.
  'member-approval': { pointsAbove: 50_000, storedValueAboveFen: 50_000 } satisfies MemberApprovalRule,
};
interface RuleTypes {
  earn: EarnRule;
  redeem: RedeemRule;
  settlement: SettlementRule;
  tier: TierRule;
  'staff-sale': StaffSaleRule;
  topup: TopupRule;
  approval: ApprovalRule;
  risk: RiskRule;
  checkin: CheckInRule;
  'points-gift': PointsGiftRule;
  'member-gift': MemberGiftRule;
  'member-approval': MemberApprovalRule;
}
export type RuleOf<K extends RuleKind> = RuleTypes[K];

interface RuleRow {
  id: string;
  version: number;
  scope: string;
  rule_json: string;
}

/**
 * Rules are versioned, never edited: each PUT inserts version n+1 for its (kind, scope), and a
 * checkout records the ids of the versions it used. Two concurrent PUTs race on the unique
 * (kind, scope, version) key; the loser retries with the next number.
 */
export async function putRule<K extends RuleKind>(
  tx: Tx,
  input: { kind: K; scope: string; rule: RuleOf<K>; actor: string; at: Date },
): Promise<RuleResponse<RuleOf<K>>> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await latestRow(tx, input.kind, input.scope);
    const version = (current?.version ?? 0) + 1;
    const id = ulid();
    try {
      await execute(
        tx,
        'INSERT INTO rule_versions (id, kind, scope, version, rule_json, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [id, input.kind, input.scope, version, JSON.stringify(input.rule), input.actor, input.at],
      );
      return { ruleId: id, version, scope: input.scope, inherited: false, rule: input.rule };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new AppError('IDEMPOTENCY_REQUEST_IN_PROGRESS', 'The rule is being changed by someone else; try again.');
}

/** The rule in force for a scope: its own latest version, else HQ's, else the built-in default. */
export async function ruleInForce<K extends RuleKind>(
  db: Tx,
  kind: K,
  scope = HQ_SCOPE,
): Promise<RuleResponse<RuleOf<K>>> {
  const own = await latestRow(db, kind, scope);
  const row = own ?? (scope === HQ_SCOPE ? null : await latestRow(db, kind, HQ_SCOPE));
  return responseOf(kind, scope, row);
}

export interface RulesAtStore {
  earn: RuleResponse<EarnRule>;
  redeem: RuleResponse<RedeemRule>;
  settlement: RuleResponse<SettlementRule>;
  tier: RuleResponse<TierRule>;
  staffSale: RuleResponse<StaffSaleRule>;
  memberApproval: RuleResponse<MemberApprovalRule>;
}

/**
 * Every rule a checkout at `storeId` needs, in one read (the latest version of each kind for HQ
 * and for the store); the store's own earn rule wins over HQ's. Same answers as ruleInForce.
 */
export async function rulesAtStore(db: Tx, storeId: string): Promise<RulesAtStore> {
  const rows = await select<RuleRow & { kind: RuleKind }>(
    db,
    `SELECT r.id, r.kind, r.version, r.scope, r.rule_json FROM rule_versions r
      WHERE r.scope IN (?, ?) AND r.version = (SELECT MAX(v.version) FROM rule_versions v WHERE v.kind = r.kind AND v.scope = r.scope)`,
    [HQ_SCOPE, storeId],
  );
  const pick = (kind: RuleKind, scope: string) => rows.find((row) => row.kind === kind && row.scope === scope) ?? null;
  return {
    earn: responseOf('earn', storeId, pick('earn', storeId) ?? pick('earn', HQ_SCOPE)),
    redeem: responseOf('redeem', HQ_SCOPE, pick('redeem', HQ_SCOPE)),
    settlement: responseOf('settlement', HQ_SCOPE, pick('settlement', HQ_SCOPE)),
    tier: responseOf('tier', HQ_SCOPE, pick('tier', HQ_SCOPE)),
    staffSale: responseOf('staff-sale', HQ_SCOPE, pick('staff-sale', HQ_SCOPE)),
    memberApproval: responseOf('member-approval', HQ_SCOPE, pick('member-approval', HQ_SCOPE)),
  };
}

function responseOf<K extends RuleKind>(kind: K, scope: string, row: RuleRow | null): RuleResponse<RuleOf<K>> {
  if (!row) {
    return {
      ruleId: null,
      version: 0,
      scope: 'DEFAULT',
      inherited: scope !== 'DEFAULT',
      rule: defaultRules[kind] as RuleOf<K>,
    };
  }
  return {
    ruleId: row.id,
    version: Number(row.version),
    scope: row.scope,
    inherited: row.scope !== scope,
    rule: JSON.parse(row.rule_json) as RuleOf<K>,
  };
}

async function latestRow(db: Tx, kind: RuleKind, scope: string): Promise<RuleRow | null> {
  const [row] = await select<RuleRow>(
    db,
    'SELECT id, version, scope, rule_json FROM rule_versions WHERE kind = ? AND scope = ? ORDER BY version DESC LIMIT 1',
    [kind, scope],
  );
  return row ?? null;
}

/** A rule version by id, for reading what an old checkout used. */
export async function ruleById<T>(db: Tx, id: string): Promise<T | null> {
  const [row] = await select<RuleRow>(db, 'SELECT rule_json FROM rule_versions WHERE id = ?', [id]);
  return row ? (JSON.parse(row.rule_json) as T) : null;
}

export async function assertStoreExists(db: Tx, storeId: string): Promise<{ id: string; name: string }> {
  const [store] = await select<{ id: string; name: string }>(db, 'SELECT id, name FROM stores WHERE id = ?', [storeId]);
  if (!store) throw new AppError('STORE_NOT_FOUND', 'No such store.', { storeId });
  return store;
}
