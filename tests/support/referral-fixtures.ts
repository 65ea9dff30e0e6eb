import { memberCodeAt } from '@tongka/shared-types';
import { select } from '../../bff/src/db/tx';
import type { FakeWechat } from '../../scripts/src/fake-wechat';
import {
  createAdminToken,
  createStore,
  fakeWechatConfig,
  makeStaff,
  signInMember,
  startTestFakeWechat,
} from './identity-fixtures';
import { MovableClock, newKey } from './instore-fixtures';
import { bootTestBff, type TestBff } from './test-bff';

/** The stage of a referral test: a BFF on the fake WeChat, a movable clock, two stores and their staff. */
export interface ReferralStage {
  bff: TestBff;
  fake: FakeWechat;
  clock: MovableClock;
  admin: string;
  storeA: string;
  storeB: string;
  clerkA: Joined;
  managerA: Joined;
  clerkB: Joined;
  /** The ledger audit and the other suite checks, then both servers stop. */
  close(): Promise<void>;
}

export interface Joined {
  id: string;
  token: string;
  referralCode: string;
}

let openidSeq = 0;

export async function bootReferralStage(
  start = '2026-11-23T04:00:00Z',
  options: { sqlite?: boolean } = {},
): Promise<ReferralStage> {
  const clock = new MovableClock(new Date(start));
  const fake = await startTestFakeWechat();
  const bff = await bootTestBff({ sqlite: options.sqlite, config: fakeWechatConfig(fake), clock });
  const admin = await createAdminToken(bff);
  const storeA = (await createStore(bff, { code: `SA${Date.now() % 100000}`, name: '一店' })).id;
  const storeB = (await createStore(bff, { code: `SB${Date.now() % 100000}`, name: '二店' })).id;
  const close = async () => {
    try {
      await bff.close();
    } finally {
      await fake.close();
    }
  };
  const stage = { bff, fake, clock, admin, storeA, storeB, close } as ReferralStage;
  stage.clerkA = await staffAt(stage, storeA, 'clerk');
  stage.managerA = await staffAt(stage, storeA, 'manager');
  stage.clerkB = await staffAt(stage, storeB, 'clerk');
  return stage;
}

/** A first WeChat login (a new member), optionally with a referral code and a device id. */
export async function join(
  stage: ReferralStage,
  referralCode?: string,
  extra: { openid?: string; unionid?: string; deviceId?: string } = {},
): Promise<Joined> {
  const openid = extra.openid ?? `o-ref-${++openidSeq}-${Date.now().toString(36)}`;
  if (extra.deviceId) {
    const code = stage.fake.issueLoginCode(openid, extra.unionid);
    const res = await stage.bff.api.post('/api/auth/wechat-login', { code, referralCode, deviceId: extra.deviceId });
    if (res.status !== 200) throw new Error(`login: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.member.id, token: res.body.token, referralCode: res.body.member.referralCode };
  }
  const signed = await signInMember(stage.bff, stage.fake, { openid, unionid: extra.unionid, referralCode });
  return { id: signed.memberId, token: signed.token, referralCode: signed.member.referralCode };
}

export async function staffAt(stage: ReferralStage, storeId: string, role: 'clerk' | 'manager'): Promise<Joined> {
  const member = await join(stage);
  await makeStaff(stage.bff, { memberId: member.id, storeId, role });
  return member;
}

/** Scans the member at the store (no clock move: each member's code opens its own scan). */
export async function scan(stage: ReferralStage, staff: Joined, storeId: string, member: Joined): Promise<string> {
  const secret = await stage.bff.api.get('/api/me/member-code-secret', member.token);
  const code = memberCodeAt(secret.body.memberCodeId, secret.body.secret, stage.clock.now().getTime());
  const res = await stage.bff.api.post(`/api/stores/${storeId}/scan`, { code }, { token: staff.token });
  if (res.status !== 200) throw new Error(`scan: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.scanId;
}

let orderSeq = 0;

/** A paid checkout (201 expected); `body` adds redeemPoints / storedValueFen. */
export async function buy(
  stage: ReferralStage,
  member: Joined,
  amountFen: number,
  options: { staff?: Joined; storeId?: string; body?: Record<string, unknown> } = {},
) {
  const staff = options.staff ?? stage.clerkA;
  const storeId = options.storeId ?? stage.storeA;
  // One code opens one scan: move to the member code's next step first.
  stage.clock.advance(30_000);
  const scanId = await scan(stage, staff, storeId, member);
  const res = await stage.bff.api.post(
    `/api/stores/${storeId}/checkouts`,
    { scanId, orderRef: `RF-${Date.now().toString(36)}-${++orderSeq}`, amountFen, ...options.body },
    { token: staff.token, idempotencyKey: newKey() },
  );
  if (res.status !== 201) throw new Error(`checkout: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { checkoutId: string; cashDueFen: number; pointsEarned: number };
}

export function refundCheckout(stage: ReferralStage, staff: Joined, checkoutId: string, amountFen?: number) {
  return stage.bff.api.post(
    `/api/stores/${stage.storeA}/checkouts/${checkoutId}/refund`,
    amountFen === undefined ? {} : { amountFen },
    { token: staff.token, idempotencyKey: newKey() },
  );
}

export function putRule(stage: ReferralStage, rule: Record<string, unknown>) {
  return stage.bff.api.put('/api/admin/referral-rule', rule, { token: stage.admin });
}

export async function runConfirm(stage: ReferralStage, asOf: Date) {
  const res = await stage.bff.api.post(
    '/api/admin/jobs/confirm-rebates/run',
    { asOf: asOf.toISOString() },
    { token: stage.admin },
  );
  if (res.status !== 200) throw new Error(`job: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.processed as number;
}

export interface RebateView {
  id: string;
  level: number;
  beneficiary_id: string;
  referee_id: string;
  asset: string;
  amount: number;
  current_amount: number;
  clawed_back: number;
  debt: number;
  status: string;
  is_staff: number;
}

/** The rebates of a checkout, level 1 first, numbers as numbers. */
export async function rebatesOf(stage: ReferralStage, checkoutId: string): Promise<RebateView[]> {
  const rows = await select<Record<string, unknown>>(
    stage.bff.db.dataSource.manager,
    'SELECT * FROM referral_rebates WHERE checkout_id = ? ORDER BY level',
    [checkoutId],
  );
  return rows.map((row) => ({
    id: String(row.id),
    level: Number(row.level),
    beneficiary_id: String(row.beneficiary_id),
    referee_id: String(row.referee_id),
    asset: String(row.asset),
    amount: Number(row.amount),
    current_amount: Number(row.current_amount),
    clawed_back: Number(row.clawed_back),
    debt: Number(row.debt),
    status: String(row.status),
    is_staff: Number(row.is_staff),
  }));
}

export async function pointsOf(stage: ReferralStage, memberId: string) {
  const res = await select<{ purpose: string; asset: string; balance: number | string }>(
    stage.bff.db.dataSource.manager,
    "SELECT purpose, asset, balance FROM ledger_accounts WHERE owner_type = 'member' AND owner_id = ?",
    [memberId],
  );
  const of = (purpose: string, asset: string) =>
    Number(res.find((row) => row.purpose === purpose && row.asset === asset)?.balance ?? 0);
  return { points: of('wallet', 'POINTS'), debt: -of('debt', 'POINTS') || 0, fen: of('wallet', 'CNY') };
}

export const DAY_MS = 86_400_000;
