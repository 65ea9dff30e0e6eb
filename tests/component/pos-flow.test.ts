import { PosClient } from '../../scripts/src/pos/pos-client';
import { createMember, grantPoints, MovableClock, scanMember, topUp, twoStores } from '../support/instore-fixtures';
import { clientFor, gunCode, issueKey, type PosKeyPair } from '../support/pos-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

// Monday 2026-11-23, 12:00 in Shanghai.
const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
let bff: TestBff;
let storeA: string;
let clerkA: Awaited<ReturnType<typeof twoStores>>['clerkA'];
let pos: PosClient;
let key: PosKeyPair;

const WRITES = ['checkouts', 'checkout_refunds', 'ledger_transfers', 'idempotency_keys', 'settlement_lines'];
const counts = async () => {
  const out: Record<string, number> = {};
  for (const table of WRITES)
    out[table] = Number((await bff.db.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  return out;
};

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  let admin: string;
  ({ storeA, clerkA, admin } = await twoStores(bff));
  key = await issueKey(bff, admin, storeA, '前台收银');
  pos = clientFor(bff, key);
});
afterAll(() => bff?.close());

describe('The cashier flow from a POS', () => {
  test('When a POS scans, previews, checks out with points and stored value, refunds twice and lists the day, Then every answer matches the hand-computed figures', async () => {
    const member = await createMember(bff);
    await topUp(bff, member.id, storeA, 5_000);
    await grantPoints(bff, member.id, storeA, 1_000);

    const scan = await pos.scan(await gunCode(bff, member));
    expect(scan.status).toBe(200);
    expect(scan.body.member).toMatchObject({ id: member.id, points: 1_000, storedValueFen: 5_000 });

    const items = [
      { sku: 'LATTE-L', category: 'drinks', amountFen: 6_000 },
      { sku: 'BAGEL', category: 'bakery', amountFen: 4_000 },
    ];
    const order = { scanId: scan.body.scanId, amountFen: 10_000, items, redeemPoints: 500, storedValueFen: 2_000 };
    const before = await counts();
    // Lines that do not add up to the amount are refused before anything is looked at.
    const uneven = await pos.preview({ orderRef: 'POS-0001', ...order, items: [items[0]] });
    expect(uneven.status).toBe(400);
    expect(uneven.body.error.code).toBe('VALIDATION_FAILED');
    const preview = await pos.preview({ orderRef: 'POS-0001', ...order });
    expect(preview.status).toBe(200);
    // 500 points at 1 fen each; stored value 2,000; cash 10,000 - 500 - 2,000; 1 point per cash yuan.
    expect(preview.body).toMatchObject({
      pointsDiscountFen: 500,
      storedValuePaidFen: 2_000,
      cashDueFen: 7_500,
      pointsEarned: 75,
    });
    expect(await counts()).toEqual(before);

    const sale = await pos.checkout('POS-0001', order);
    expect(sale.status).toBe(201);
    expect(sale.body).toMatchObject({
      pointsRedeemed: 500,
      cashDueFen: 7_500,
      pointsEarned: 75,
      member: { points: 1_000 - 500 + 75, storedValueFen: 3_000 },
    });

    const partial = await pos.refund(sale.body.checkoutId, 'POS-0001-R1', 5_000);
    expect(partial.status).toBe(200);
    expect(partial.body.refundedFen).toBe(5_000);
    const rest = await pos.refund(sale.body.checkoutId, 'POS-0001-R2');
    expect(rest.status).toBe(200);
    expect(rest.body.refundedFen).toBe(5_000);
    const nothingLeft = await pos.refund(sale.body.checkoutId, 'POS-0001-R3');
    expect(nothingLeft.status).toBe(409);

    const day = await pos.day();
    expect(day.status).toBe(200);
    expect(day.body.date).toBe('2026-11-23');
    const listed = day.body.items.find((item: { checkoutId: string }) => item.checkoutId === sale.body.checkoutId);
    expect(listed).toMatchObject({ orderRef: 'POS-0001', amountFen: 10_000, refundedFen: 10_000 });
    expect(listed.refunds.map((r: { refundedFen: number }) => r.refundedFen)).toEqual([5_000, 5_000]);
    // The figures a POS reconciles its own day against: the one sale, refunded in full.
    expect(day.body.totals).toMatchObject({
      count: 1,
      amountFen: 10_000,
      cashDueFen: 7_500,
      pointsRedeemed: 500,
      storedValuePaidFen: 2_000,
      pointsEarned: 75,
      refundedFen: 10_000,
    });
    const balances = await bff.api.get('/api/me', member.token);
    expect(balances.body).toMatchObject({ points: 1_000, storedValueFen: 5_000 });
  });

  test('When the answer to a checkout is lost on the way back, Then the reference client sends it again with the same order number, gets the first answer and one checkout exists', async () => {
    const member = await createMember(bff);
    await topUp(bff, member.id, storeA, 2_000);
    const scan = await pos.scan(await gunCode(bff, member));
    // The connection drops after the server answered the first attempt: the POS never sees it.
    const sent: string[] = [];
    let lost = 0;
    const dropping: typeof fetch = async (input, init) => {
      sent.push(String(new Headers(init?.headers).get('x-tongka-nonce')));
      const res = await fetch(input, init);
      if (lost++ > 0) return res;
      await res.text();
      throw new TypeError('fetch failed: other side closed');
    };
    const lossy = new PosClient(bff.url, key.keyId, key.secret, () => clock.now(), {
      fetch: dropping,
      retryDelayMs: 1,
    });
    const body = { scanId: scan.body.scanId, amountFen: 3_000, storedValueFen: 1_000 };
    const first = await lossy.checkout('POS-0002', body);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBe('true');
    expect(sent).toHaveLength(2);
    expect(sent[0]).not.toBe(sent[1]);
    expect(first.body.member.storedValueFen).toBe(1_000);
    const rows = await bff.db.dataSource.query("SELECT COUNT(*) AS n FROM checkouts WHERE order_ref = 'POS-0002'");
    expect(Number(rows[0].n)).toBe(1);
    // ¥20.00 - ¥10.00, charged once.
    expect((await bff.api.get('/api/me', member.token)).body.storedValueFen).toBe(1_000);
    const retry = await pos.checkout('POS-0002', body);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const refund = await pos.refund(first.body.checkoutId, 'POS-0002-R1', 1_000);
    const refundAgain = await pos.refund(first.body.checkoutId, 'POS-0002-R1', 1_000);
    expect(refundAgain.body).toEqual(refund.body);
    const changed = await pos.checkout('POS-0002', { ...body, amountFen: 3_100 });
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  test('When the POS and the cashier send the same bad checkout, Then both get the same error and nothing is written', async () => {
    const member = await createMember(bff);
    await grantPoints(bff, member.id, storeA, 100);
    const posScan = await pos.scan(await gunCode(bff, member));
    const clerkScan = await scanMember(bff, clerkA, storeA, member);
    const before = await counts();
    const tooMany = { amountFen: 1_000, redeemPoints: 5_000 };
    const fromPos = await pos.checkout('POS-0003', { scanId: posScan.body.scanId, ...tooMany });
    const fromClerk = await bff.api.post(
      `/api/stores/${storeA}/checkouts`,
      { scanId: clerkScan, orderRef: 'CL-0003', ...tooMany },
      { token: clerkA.token, idempotencyKey: 'CL-0003' },
    );
    expect(fromPos.status).toBeGreaterThanOrEqual(400);
    expect(fromPos.status).toBeLessThan(500);
    expect(fromPos.status).toBe(fromClerk.status);
    expect(fromPos.body.error.code).toBe(fromClerk.body.error.code);
    const zero = await pos.checkout('POS-0004', { scanId: posScan.body.scanId, amountFen: 0 });
    expect(zero.status).toBe(400);
    expect(zero.body.error.code).toBe('VALIDATION_FAILED');
    const noKey = await pos.request('POST', '/api/pos/checkouts', {
      scanId: posScan.body.scanId,
      orderRef: 'X',
      amountFen: 1,
    });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const badCode = await pos.scan('not-a-code');
    expect(badCode.status).toBe(400);
    expect(badCode.body.error.code).toBe('INVALID_CODE');
    expect(await counts()).toEqual(before);
  });
});
