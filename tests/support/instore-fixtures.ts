import { memberCodeAt } from '@tongka/shared-types';
import { ulid } from 'ulid';
import { issueMemberToken } from '../../bff/src/auth/tokens';
import { inTransaction, sqlParams } from '../../bff/src/db/tx';
import { creditStoredValue, earnPoints } from '../../bff/src/domain/ledger';
import type { Clock } from '../../bff/src/domain/shared/clock';
import { insertAdminToken, insertStore } from './rows';
import type { TestBff } from './test-bff';

/** A clock tests can move: checkouts, caps and TOTP steps all read it. */
export class MovableClock implements Clock {
  constructor(private at: Date) {}
  now(): Date {
    return new Date(this.at.getTime());
  }
  set(at: Date | string): void {
    this.at = new Date(at);
  }
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

let memberCodeSeq = 10_000_000 + Math.floor(Math.random() * 80_000_000);

const run = (bff: TestBff, sql: string, params: unknown[]) => bff.db.dataSource.query(sql, sqlParams(params));

export function createStore(bff: TestBff, name: string): Promise<string> {
  return insertStore(bff.db.dataSource, { name });
}

export interface TestMember {
  id: string;
  memberCodeId: number;
  token: string;
}

/** Inserts an active basic member directly (Identity's sign-in is not needed for store tests). */
export async function createMember(
  bff: TestBff,
  options: { tier?: string; earnBlocked?: boolean; spendBlocked?: boolean } = {},
): Promise<TestMember> {
  const id = ulid();
  const memberCodeId = memberCodeSeq++;
  const now = new Date();
  await run(
    bff,
    `INSERT INTO members (id, member_code_id, status, earn_blocked, spend_blocked, block_reason, merged_into_id,
       home_store_id, tier, referral_code, referrer_id, name, created_at, updated_at)
     VALUES (?, ?, 'active', ?, ?, NULL, NULL, NULL, ?, ?, NULL, NULL, ?, ?)`,
    [
      id,
      memberCodeId,
      options.earnBlocked ? 1 : 0,
      options.spendBlocked ? 1 : 0,
      options.tier ?? 'basic',
      id.slice(-10),
      now,
      now,
    ],
  );
  return { id, memberCodeId, token: issueMemberToken(bff.config.JWT_SECRET, id) };
}

/** A member holding a staff role at a store. */
export async function createStaff(
  bff: TestBff,
  storeId: string,
  role: 'clerk' | 'manager' = 'clerk',
): Promise<TestMember> {
  const staff = await createMember(bff);
  await run(
    bff,
    'INSERT INTO staff_roles (id, member_id, store_id, role, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, NULL)',
    [ulid(), staff.id, storeId, role, new Date()],
  );
  return staff;
}

export function createAdminToken(bff: TestBff): Promise<string> {
  return insertAdminToken(bff.db.dataSource, bff.config.JWT_SECRET);
}

/** The 18-digit code the member's app shows at the BFF clock's instant (or `atMs`). */
export async function memberCode(bff: TestBff, member: TestMember, atMs?: number): Promise<string> {
  const res = await bff.api.get('/api/me/member-code-secret', member.token);
  if (res.status !== 200) throw new Error(`member-code-secret: ${res.status} ${JSON.stringify(res.body)}`);
  return memberCodeAt(res.body.memberCodeId, res.body.secret, atMs ?? bff.deps.clock.now().getTime());
}

/** Scans the member at a store; returns the scan id. */
export async function scanMember(
  bff: TestBff,
  staff: TestMember,
  storeId: string,
  member: TestMember,
): Promise<string> {
  // One code opens one scan: on a test clock, move to the next TOTP step first.
  if (bff.deps.clock instanceof MovableClock) bff.deps.clock.advance(30_000);
  const code = await memberCode(bff, member);
  const res = await bff.api.post(`/api/stores/${storeId}/scan`, { code }, { token: staff.token });
  if (res.status !== 200) throw new Error(`scan: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.scanId;
}

let keySeq = 0;
export const newKey = () => `k-${Date.now().toString(36)}-${keySeq++}`;

export function checkout(
  bff: TestBff,
  staff: TestMember,
  storeId: string,
  body: Record<string, unknown>,
  key = newKey(),
) {
  return bff.api.post(`/api/stores/${storeId}/checkouts`, body, { token: staff.token, idempotencyKey: key });
}

export function refund(
  bff: TestBff,
  staff: TestMember,
  storeId: string,
  checkoutId: string,
  body: Record<string, unknown> = {},
  key = newKey(),
) {
  return bff.api.post(`/api/stores/${storeId}/checkouts/${checkoutId}/refund`, body, {
    token: staff.token,
    idempotencyKey: key,
  });
}

/** Stored value topped up at a store, straight through the ledger. */
export async function topUp(bff: TestBff, memberId: string, storeId: string, fen: number): Promise<void> {
  await inTransaction(bff.db.dataSource, (tx) =>
    creditStoredValue(tx, {
      at: bff.deps.clock.now(),
      memberId,
      storeId,
      fen,
      kind: 'TOPUP',
      idempotencyKey: `topup:${ulid()}`,
      causeType: 'test',
      causeId: ulid(),
    }),
  );
}

/** Points granted at a store, straight through the ledger. */
export async function grantPoints(bff: TestBff, memberId: string, storeId: string, points: number): Promise<void> {
  await inTransaction(bff.db.dataSource, (tx) =>
    earnPoints(tx, {
      memberId,
      storeId,
      points,
      kind: 'ADJUST',
      idempotencyKey: `grant:${ulid()}`,
      earnedAt: bff.deps.clock.now(),
      causeType: 'test',
      causeId: ulid(),
    }),
  );
}

export async function countRows(bff: TestBff, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of tables) out[table] = Number((await run(bff, `SELECT COUNT(*) AS n FROM ${table}`, []))[0].n);
  return out;
}

export async function balancesOf(bff: TestBff, member: TestMember) {
  const { getMemberBalances } = await import('../../bff/src/domain/ledger');
  return getMemberBalances(bff.db.dataSource.manager, member.id);
}

/** The usual stage of a store test: two stores of one chain, a clerk at each, an HQ token. */
export interface TwoStores {
  storeA: string;
  storeB: string;
  clerkA: TestMember;
  clerkB: TestMember;
  admin: string;
}

export async function twoStores(bff: TestBff): Promise<TwoStores> {
  const storeA = await createStore(bff, 'Store A');
  const storeB = await createStore(bff, 'Store B');
  return {
    storeA,
    storeB,
    clerkA: await createStaff(bff, storeA),
    clerkB: await createStaff(bff, storeB),
    admin: await createAdminToken(bff),
  };
}

/**
 * A `buy(staff, storeId, member, body)` for a test file: scans the member, checks out with the
 * next order ref (`<prefix>-1`, `<prefix>-2`…), expects 201 and returns the checkout answer.
 */
export function buyer(bff: () => TestBff, orderPrefix: string) {
  let order = 0;
  return async (staff: TestMember, storeId: string, member: TestMember, body: Record<string, unknown>) => {
    const scanId = await scanMember(bff(), staff, storeId, member);
    const res = await checkout(bff(), staff, storeId, { scanId, orderRef: `${orderPrefix}-${++order}`, ...body });
    expect(res.status).toBe(201);
    return res.body;
  };
}
