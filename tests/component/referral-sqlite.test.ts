import {
  bootReferralStage,
  buy,
  DAY_MS,
  join,
  pointsOf,
  type ReferralStage,
  runConfirm,
} from '../support/referral-fixtures';

/** The embedded demo database (SQLite): the referral flow works there as on MariaDB. */
let stage: ReferralStage;
beforeAll(async () => {
  stage = await bootReferralStage('2026-11-23T04:00:00Z', { sqlite: true });
});
afterAll(() => stage?.close());

test('When the demo runs on SQLite, Then attribution, rebates, the job, the refund hook and the poster work', async () => {
  const a = await join(stage);
  const b = await join(stage, a.referralCode);
  const c = await join(stage, b.referralCode);
  await buy(stage, c, 10_000);
  const refunded = await buy(stage, c, 2_000);
  const res = await stage.bff.api.post(
    `/api/stores/${stage.storeA}/checkouts/${refunded.checkoutId}/refund`,
    {},
    { token: stage.clerkA.token, idempotencyKey: `sq-${Date.now()}` },
  );
  expect(res.status).toBe(200);
  expect((await stage.bff.api.get('/api/me/referral', b.token)).body.pendingRebate).toEqual({ points: 500, fen: 0 });
  expect(await runConfirm(stage, new Date(stage.clock.now().getTime() + 8 * DAY_MS))).toBe(2);
  expect((await pointsOf(stage, b.id)).points).toBe(500);
  expect((await pointsOf(stage, a.id)).points).toBe(200);
  const poster = await fetch(`${stage.bff.url}/api/me/referral/poster`, {
    headers: { authorization: `Bearer ${a.token}` },
  });
  expect(poster.status).toBe(200);
  const again = await fetch(`${stage.bff.url}/api/me/referral/poster`, {
    headers: { authorization: `Bearer ${a.token}` },
  });
  expect(Buffer.from(await again.arrayBuffer()).equals(Buffer.from(await poster.arrayBuffer()))).toBe(true);
});
