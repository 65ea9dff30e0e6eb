import { ulid } from 'ulid';
import { execute, inTransaction } from '../../bff/src/db/tx';
import { moveMemberInto, undoMemberMove } from '../../bff/src/domain/ledger';
import {
  balancesOf,
  buyer,
  createAdminToken,
  createMember,
  createStaff,
  createStore,
  grantPoints,
  MovableClock,
  refund,
  type TestMember,
} from '../support/instore-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

/**
 * A purchase made before its member was merged away is refunded as the survivor, who now holds
 * the member's points, lots and pending earns: nothing stays stranded on the absorbed member.
 */
const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
let bff: TestBff;
let admin: string;
let store: string;
let pendingStore: string;
let clerk: TestMember;
let pendingClerk: TestMember;

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  admin = await createAdminToken(bff);
  store = await createStore(bff, 'Store');
  pendingStore = await createStore(bff, 'Pending Store');
  clerk = await createStaff(bff, store);
  pendingClerk = await createStaff(bff, pendingStore);
  const rule = { pointsPerYuan: 1, minOrderFen: 0, pendingDays: 7 };
  expect((await bff.api.put(`/api/admin/stores/${pendingStore}/earn-rule`, rule, { token: admin })).status).toBe(200);
});
afterAll(() => bff?.close());

const buy = buyer(() => bff, 'M');

/** What Identity's merge does to the ledger and the member rows; returns the merge id. */
async function merge(from: TestMember, into: TestMember): Promise<string> {
  const mergeId = ulid();
  await inTransaction(bff.db.dataSource, async (tx) => {
    await moveMemberInto(tx, { fromMemberId: from.id, toMemberId: into.id, mergeId, at: clock.now() });
    await execute(tx, "UPDATE members SET status = 'merged', merged_into_id = ? WHERE id = ?", [into.id, from.id]);
  });
  return mergeId;
}

test('When a merged-away member’s purchase is refunded, Then the survivor gets the redeemed points back and loses the earned ones', async () => {
  const absorbed = await createMember(bff);
  const survivor = await createMember(bff);
  await grantPoints(bff, absorbed.id, store, 500);
  const sale = await buy(clerk, store, absorbed, { amountFen: 10_000, redeemPoints: 200 });
  expect(sale.pointsEarned).toBe(98);
  await merge(absorbed, survivor);
  expect((await balancesOf(bff, survivor)).points).toBe(398);

  const res = await refund(bff, clerk, store, sale.checkoutId);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ pointsReturned: 200, pointsClawedBack: 98, pointsDebt: 0 });
  expect((await balancesOf(bff, survivor)).points).toBe(500);
  expect((await balancesOf(bff, absorbed)).points).toBe(0);
});

test('When a member with pending earned points is merged, Then the points stay pending for the survivor, and a refund voids them there', async () => {
  const absorbed = await createMember(bff);
  const survivor = await createMember(bff);
  const kept = await buy(pendingClerk, pendingStore, absorbed, { amountFen: 5_000 });
  const refunded = await buy(pendingClerk, pendingStore, absorbed, { amountFen: 3_000 });
  await merge(absorbed, survivor);
  expect(await balancesOf(bff, survivor)).toMatchObject({
    points: 0,
    pendingPoints: kept.pointsEarned + refunded.pointsEarned,
  });
  expect(await balancesOf(bff, absorbed)).toMatchObject({ points: 0, pendingPoints: 0 });

  const res = await refund(bff, pendingClerk, pendingStore, refunded.checkoutId);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ pointsClawedBack: 0, pointsDebt: 0 });
  expect(await balancesOf(bff, survivor)).toMatchObject({ points: 0, pendingPoints: kept.pointsEarned, pointsDebt: 0 });

  const job = await bff.api.post(
    '/api/admin/jobs/release-pending-points/run',
    { asOf: '2026-12-01T00:00:00Z' },
    { token: admin },
  );
  expect(job.status).toBe(200);
  expect(await balancesOf(bff, survivor)).toMatchObject({ points: kept.pointsEarned, pendingPoints: 0 });
  expect(await balancesOf(bff, absorbed)).toMatchObject({ points: 0, pendingPoints: 0 });
});

test('When a merge that moved pending earns is undone, Then those still pending go back to the member they came from', async () => {
  const absorbed = await createMember(bff);
  const survivor = await createMember(bff);
  const sale = await buy(pendingClerk, pendingStore, absorbed, { amountFen: 4_000 });
  const mergeId = await merge(absorbed, survivor);
  expect(await balancesOf(bff, survivor)).toMatchObject({ pendingPoints: sale.pointsEarned });
  await inTransaction(bff.db.dataSource, async (tx) => {
    await undoMemberMove(tx, { mergeId, at: clock.now() });
    await execute(tx, "UPDATE members SET status = 'active', merged_into_id = NULL WHERE id = ?", [absorbed.id]);
  });
  expect(await balancesOf(bff, survivor)).toMatchObject({ points: 0, pendingPoints: 0 });
  expect(await balancesOf(bff, absorbed)).toMatchObject({ points: 0, pendingPoints: sale.pointsEarned });
  // Released to the member it belongs to, on the original date.
  await bff.api.post('/api/admin/jobs/release-pending-points/run', { asOf: '2026-12-15T00:00:00Z' }, { token: admin });
  expect(await balancesOf(bff, absorbed)).toMatchObject({ points: sale.pointsEarned, pendingPoints: 0 });
  expect(await balancesOf(bff, survivor)).toMatchObject({ points: 0, pendingPoints: 0 });
});
