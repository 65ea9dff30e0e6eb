import fc from 'fast-check';
import { ulid } from 'ulid';
import { inTransaction, select } from '../../bff/src/db/tx';
import { lockMembers, mergeMembers } from '../../bff/src/domain/identity/merge-members';
import { auditLedger, creditStoredValue, earnPoints, getMemberBalances } from '../../bff/src/domain/ledger';
import { createMember } from '../../bff/src/domain/members/create-member';
import { createStore } from '../support/identity-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

let bff: TestBff;
let stores: string[];

beforeAll(async () => {
  bff = await bootTestBff();
  stores = [
    (await createStore(bff, { code: 'PP-1', name: '1' })).id,
    (await createStore(bff, { code: 'PP-2', name: '2' })).id,
  ];
});
afterAll(() => bff.close());

const lotArb = fc.record({
  points: fc.integer({ min: 1, max: 5000 }),
  store: fc.integer({ min: 0, max: 1 }),
  expiresInDays: fc.option(fc.integer({ min: 1, max: 700 }), { nil: undefined }),
});
const memberArb = fc.record({
  lots: fc.array(lotArb, { maxLength: 4 }),
  fen: fc.array(fc.integer({ min: 1, max: 100_000 }), { maxLength: 3 }),
  invitees: fc.integer({ min: 0, max: 3 }),
  tier: fc.constantFrom('basic', 'silver', 'gold', 'diamond'),
});
const TIER_RANK = ['basic', 'silver', 'gold', 'diamond'];

type MemberState = typeof memberArb extends fc.Arbitrary<infer T> ? T : never;

async function seed(state: MemberState): Promise<{ id: string; invitees: string[] }> {
  return inTransaction(bff.deps.dataSource, async (tx) => {
    const now = new Date();
    const { id } = await createMember(tx, { tier: state.tier, createdAt: now });
    for (const lot of state.lots) {
      const expiresAt = lot.expiresInDays ? new Date(now.getTime() + lot.expiresInDays * 86400_000) : undefined;
      await earnPoints(tx, {
        memberId: id,
        storeId: stores[lot.store],
        points: lot.points,
        idempotencyKey: ulid(),
        earnedAt: now,
        expiresAt,
      });
    }
    for (const fen of state.fen)
      await creditStoredValue(tx, {
        at: new Date(),
        memberId: id,
        storeId: stores[0],
        fen,
        idempotencyKey: ulid(),
        kind: 'TOPUP',
      });
    const invitees: string[] = [];
    for (let i = 0; i < state.invitees; i++)
      invitees.push((await createMember(tx, { referrerId: id, createdAt: now })).id);
    return { id, invitees };
  });
}

const lotsOf = async (memberId: string) =>
  (
    await select<{ issuing_store_id: string; remaining: number; expires_at: unknown }>(
      bff.db.dataSource.manager,
      "SELECT issuing_store_id, remaining, expires_at FROM ledger_lots WHERE member_id = ? AND asset = 'POINTS' AND remaining > 0",
      [memberId],
    )
  ).map(
    (lot) =>
      `${lot.issuing_store_id}|${lot.expires_at ? new Date(lot.expires_at as string).toISOString() : '-'}|${Number(lot.remaining)}`,
  );

describe('Merge conservation (property)', () => {
  test('When any two members merge, Then points, stored value, lots (store and expiry) and referral edges add up exactly', async () => {
    await fc.assert(
      fc.asyncProperty(memberArb, memberArb, async (survivorState, absorbedState) => {
        const survivor = await seed(survivorState);
        const absorbed = await seed(absorbedState);
        const db = bff.db.dataSource.manager;
        const before = [await getMemberBalances(db, survivor.id), await getMemberBalances(db, absorbed.id)];
        const lotsBefore = [...(await lotsOf(survivor.id)), ...(await lotsOf(absorbed.id))].sort();
        await inTransaction(bff.deps.dataSource, async (tx) => {
          const rows = await lockMembers(tx, [survivor.id, absorbed.id]);
          await mergeMembers(
            tx,
            {
              fromMemberId: absorbed.id,
              toMemberId: survivor.id,
              reason: 'phone',
              actor: { type: 'system', id: 'prop' },
              at: new Date(),
            },
            rows,
          );
        });
        const after = await getMemberBalances(db, survivor.id);
        expect(after.points).toBe(before[0].points + before[1].points);
        expect(after.storedValueFen).toBe(before[0].storedValueFen + before[1].storedValueFen);
        expect(await getMemberBalances(db, absorbed.id)).toMatchObject({ points: 0, storedValueFen: 0 });
        expect((await lotsOf(survivor.id)).sort()).toEqual(lotsBefore);
        const invitees = await select<{ id: string }>(db, 'SELECT id FROM members WHERE referrer_id = ?', [
          survivor.id,
        ]);
        expect(invitees.map((row) => row.id).sort()).toEqual([...survivor.invitees, ...absorbed.invitees].sort());
        const [row] = await select<{ tier: string; referrer_id: string | null }>(
          db,
          'SELECT tier, referrer_id FROM members WHERE id = ?',
          [survivor.id],
        );
        expect(row.tier).toBe(
          TIER_RANK[Math.max(TIER_RANK.indexOf(survivorState.tier), TIER_RANK.indexOf(absorbedState.tier))],
        );
        expect(row.referrer_id).not.toBe(survivor.id);
      }),
      { numRuns: 15 },
    );
    expect((await auditLedger(bff.db.dataSource)).balanced).toBe(true);
  });
});
