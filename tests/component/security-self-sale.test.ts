import { select } from '../../bff/src/db/tx';
import {
  checkout,
  countRows,
  createAdminToken,
  createStaff,
  createStore,
  MovableClock,
  newKey,
  scanMember,
  type TestMember,
} from '../support/instore-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

/**
 * Issue #10, finding 6 (staff self-dealing): a clerk could sell to their own member card with no
 * ceiling. Now every such sale is flagged on the checkout (self_sale) for the risk report, and
 * above HQ's staff-sale rule (default ¥100) it needs a manager's single-use approval code.
 */
let bff: TestBff;
let store: string;
let clerk: TestMember;
let manager: TestMember;
let admin: string;

beforeAll(async () => {
  // A movable clock: the same card is scanned again and again, each time in the next code step.
  bff = await bootTestBff({ clock: new MovableClock(new Date()) });
  store = await createStore(bff, 'Self-sale store');
  clerk = await createStaff(bff, store, 'clerk');
  manager = await createStaff(bff, store, 'manager');
  admin = await createAdminToken(bff);
});
afterAll(() => bff?.close());

async function flagOf(checkoutId: string) {
  const [row] = await select<{ self_sale: unknown; self_sale_approved_by: string | null }>(
    bff.db.dataSource.manager,
    'SELECT self_sale, self_sale_approved_by FROM checkouts WHERE id = ?',
    [checkoutId],
  );
  return { selfSale: Boolean(Number(row.self_sale)), approvedBy: row.self_sale_approved_by };
}

function approve(who: TestMember, maxAmountFen: number) {
  return bff.api.post(`/api/stores/${store}/self-sale-approvals`, { maxAmountFen }, { token: who.token });
}

describe('Staff selling to their own card', () => {
  test('When a clerk checks out their own card under the limit, Then it goes through, flagged', async () => {
    const scanId = await scanMember(bff, clerk, store, clerk);
    const sale = await checkout(bff, clerk, store, { scanId, orderRef: 'SELF-SMALL', amountFen: 10_000 });
    expect(sale.status).toBe(201);
    expect(sale.body.selfSale).toEqual({
      selfSale: true,
      approvalRequired: false,
      approved: false,
      approvalAboveFen: 10_000,
    });
    expect(await flagOf(sale.body.checkoutId)).toEqual({ selfSale: true, approvedBy: null });
  });

  test('When a clerk checks out their own card above the limit without a code, Then the sheet says so and the checkout is 403 with nothing written', async () => {
    const scanId = await scanMember(bff, clerk, store, clerk);
    const body = { scanId, orderRef: 'SELF-BIG', amountFen: 10_001 };
    const preview = await bff.api.post(`/api/stores/${store}/checkouts/preview`, body, { token: clerk.token });
    expect(preview.status).toBe(200);
    expect(preview.body.selfSale).toEqual({
      selfSale: true,
      approvalRequired: true,
      approved: false,
      approvalAboveFen: 10_000,
    });
    const before = await countRows(bff, ['checkouts', 'ledger_transfers']);
    const refused = await checkout(bff, clerk, store, body);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      code: 'SELF_SALE_APPROVAL_REQUIRED',
      details: { approvalAboveFen: 10_000, reason: 'APPROVAL_CODE_MISSING' },
    });
    expect(await countRows(bff, ['checkouts', 'ledger_transfers'])).toEqual(before);
  });

  test("When a manager's code approves it, Then it goes through once, flagged with the manager, and the code is spent", async () => {
    const code = await approve(manager, 50_000);
    expect(code.status).toBe(201);
    expect(code.body.approvalCode).toMatch(/^\d{6}$/);
    const scanId = await scanMember(bff, clerk, store, clerk);
    const body = { scanId, orderRef: 'SELF-OK', amountFen: 30_000, selfSaleApprovalCode: code.body.approvalCode };
    const preview = await bff.api.post(`/api/stores/${store}/checkouts/preview`, body, { token: clerk.token });
    expect(preview.body.selfSale).toMatchObject({ approvalRequired: true, approved: true });
    const sale = await checkout(bff, clerk, store, body);
    expect(sale.status).toBe(201);
    expect(await flagOf(sale.body.checkoutId)).toEqual({ selfSale: true, approvedBy: manager.id });
    const reuse = await checkout(bff, clerk, store, { ...body, orderRef: 'SELF-AGAIN' });
    expect(reuse.status).toBe(403);
    expect(reuse.body.error.details.reason).toBe('APPROVAL_CODE_INVALID');
  });

  test('When the code is for less than the sale, or the manager approves their own sale, Then 403', async () => {
    const small = await approve(manager, 20_000);
    const scanId = await scanMember(bff, clerk, store, clerk);
    const over = await checkout(bff, clerk, store, {
      scanId,
      orderRef: 'SELF-OVER',
      amountFen: 20_001,
      selfSaleApprovalCode: small.body.approvalCode,
    });
    expect(over.status).toBe(403);
    const own = await approve(manager, 50_000);
    const managerScan = await scanMember(bff, manager, store, manager);
    const selfApproved = await checkout(bff, manager, store, {
      scanId: managerScan,
      orderRef: 'SELF-MANAGER',
      amountFen: 30_000,
      selfSaleApprovalCode: own.body.approvalCode,
    });
    expect(selfApproved.status).toBe(403);
  });

  test('When a clerk asks for an approval code, Then 403 MANAGER_REQUIRED', async () => {
    const answer = await approve(clerk, 50_000);
    expect([answer.status, answer.body.error.code]).toEqual([403, 'MANAGER_REQUIRED']);
  });

  test('When a clerk sells to someone else above the limit, Then no approval is asked and nothing is flagged', async () => {
    const other = await createStaff(bff, await createStore(bff, 'Elsewhere'));
    const scanId = await scanMember(bff, clerk, store, other);
    const sale = await checkout(bff, clerk, store, { scanId, orderRef: 'OTHER-BIG', amountFen: 90_000 });
    expect(sale.status).toBe(201);
    expect(await flagOf(sale.body.checkoutId)).toEqual({ selfSale: false, approvedBy: null });
  });

  test('When HQ raises the limit, Then a larger self-sale goes through without a code', async () => {
    const put = await bff.api.put('/api/admin/staff-sale-rule', { approvalAboveFen: 100_000 }, { token: admin });
    expect(put.status).toBe(200);
    const scanId = await scanMember(bff, clerk, store, clerk);
    const sale = await checkout(bff, clerk, store, { scanId, orderRef: 'SELF-RAISED', amountFen: 60_000 }, newKey());
    expect(sale.status).toBe(201);
    expect(sale.body.selfSale.approvalAboveFen).toBe(100_000);
    await bff.api.put('/api/admin/staff-sale-rule', { approvalAboveFen: 10_000 }, { token: admin });
  });
});
