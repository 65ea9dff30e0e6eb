import { createAdminToken } from '../support/instore-fixtures';
import {
  bonusRule,
  bootPayStage,
  type PayStage,
  payingMember,
  runReconcile,
  setTopupRule,
  startTopup,
  storedValueOf,
} from '../support/pay-fixtures';

// The demo's embedded mode: one SQLite connection, transactions serialised.
let stage: PayStage;
let admin: string;

beforeAll(async () => {
  stage = await bootPayStage({ sqlite: true });
  admin = await createAdminToken(stage.bff);
  await setTopupRule(stage, admin, bonusRule);
});
afterAll(() => stage?.close());

test('When a member tops up on SQLite and WeChat notifies twice at once, Then one credit with the bonus; reconciliation adds nothing', async () => {
  const member = await payingMember(stage);
  const topup = await startTopup(stage, member.token, { amountFen: 10_000 });
  await stage.fake.pay(topup.outTradeNo, { duplicate: true, awaitDelivery: true });
  expect(await storedValueOf(stage, member.token)).toBe(11_000);
  expect((await runReconcile(stage, admin, new Date(Date.now() + 6 * 60_000))).status).toBe(200);
  expect(await storedValueOf(stage, member.token)).toBe(11_000);
});
