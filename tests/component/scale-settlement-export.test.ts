import { SETTLEMENT_CSV_HEADER } from '../../bff/src/domain/settlement/settlement-statement';
import { buyer, createAdminToken, createMember, createStaff, MovableClock, topUp } from '../support/instore-fixtures';
import { insertStore } from '../support/rows';
import { bootTestBff, type TestBff } from '../support/test-bff';

// Monday 2026-11-23, 12:00 in Shanghai.
const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
let bff: TestBff;
let storeA: string;
let storeB: string;
let admin: string;

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  storeA = await insertStore(bff.db.dataSource, { name: '静安店', code: 'SH-JA' });
  storeB = await insertStore(bff.db.dataSource, { name: '徐汇店, 二楼', code: 'SH-XH' });
  admin = await createAdminToken(bff);
});
afterAll(() => bff?.close());

const buy = buyer(() => bff, 'CSV');

/** The CSV's bytes as sent (fetch's text() would drop the byte-order mark). */
async function csvOf(path: string): Promise<{ type: string | null; bytes: Buffer }> {
  const res = await fetch(bff.url + path, { headers: { authorization: `Bearer ${admin}` } });
  expect(res.status).toBe(200);
  return { type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

/** RFC 4180 lines back into fields (quoted fields may hold commas and doubled quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split('\n').filter((l) => l !== '')) {
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted && ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) {
        fields.push(field);
        field = '';
      } else field += ch;
    }
    fields.push(field);
    rows.push(fields);
  }
  return rows;
}

describe('Settlement statement for finance', () => {
  test('When stores settle both ways and HQ funded points, Then the CSV names the stores and carries exact yuan', async () => {
    const clerkA = await createStaff(bff, storeA);
    const clerkB = await createStaff(bff, storeB);
    await bff.api.put(
      `/api/admin/stores/${storeA}/earn-rule`,
      { pointsPerYuan: 1, minOrderFen: 0, campaigns: [{ name: 'HQ double', multiplier: 2, fundedBy: 'HQ' }] },
      { token: admin },
    );
    // Member 1: 10,000 fen stored value from A; 300 A-funded + 300 HQ-funded points at A.
    const one = await createMember(bff);
    await topUp(bff, one.id, storeA, 10_000);
    await buy(clerkA, storeA, one, { amountFen: 30_000 });
    // At B: 350 points (300 of A's lot, then 50 of HQ's) and 4,567 fen of A's stored value.
    await buy(clerkB, storeB, one, { amountFen: 10_000, redeemPoints: 350, storedValueFen: 4_567 });
    // Member 2: 1,000 points earned at B, 500 of them redeemed at A (B owes A 500 fen of points).
    const two = await createMember(bff);
    await buy(clerkB, storeB, two, { amountFen: 100_000 });
    await buy(clerkA, storeA, two, { amountFen: 10_000, redeemPoints: 500 });

    const csv = await csvOf('/api/admin/settlements?from=2026-11-01&to=2026-11-30&format=csv');
    expect(csv.type).toContain('text/csv');
    // UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese names right.
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...lines] = parseCsv(csv.bytes.subarray(3).toString('utf8'));
    expect(header).toEqual(SETTLEMENT_CSV_HEADER.split(','));
    // Ids and fen first, then the names and yuan a spreadsheet reader wants.
    expect(header.slice(0, 2)).toEqual(['fromStoreId', 'toStoreId']);
    expect(header.at(-1)).toBe('netYuan');
    // A→B: points 300 − 500 = −200 (−2.00 yuan), stored value 45.67, net 43.67 owed by A.
    // HQ→B: 50 points, 0.50 yuan. No coupons: 0 and 0.00.
    expect(lines).toHaveLength(2);
    expect(lines).toContainEqual([
      storeA,
      storeB,
      '-200',
      '-200',
      '4567',
      '0',
      '4367',
      'SH-JA',
      '静安店',
      'SH-XH',
      '徐汇店, 二楼',
      '-2.00',
      '45.67',
      '0.00',
      '43.67',
    ]);
    expect(lines).toContainEqual([
      'HQ',
      storeB,
      '50',
      '50',
      '0',
      '0',
      '50',
      'HQ',
      '总部',
      'SH-XH',
      '徐汇店, 二楼',
      '0.50',
      '0.00',
      '0.00',
      '0.50',
    ]);

    const json = await bff.api.get('/api/admin/settlements?from=2026-11-01&to=2026-11-30', admin);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toContain('application/json');
    expect(json.body).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      items: expect.arrayContaining([
        {
          fromStoreId: storeA,
          toStoreId: storeB,
          points: -200,
          pointsValueFen: -200,
          storedValueFen: 4_567,
          couponValueFen: 0,
          netFen: 4_367,
        },
        {
          fromStoreId: 'HQ',
          toStoreId: storeB,
          points: 50,
          pointsValueFen: 50,
          storedValueFen: 0,
          couponValueFen: 0,
          netFen: 50,
        },
      ]),
    });
    expect(json.body.items).toHaveLength(2);
  });

  test('When nothing settled in the period, Then the CSV is the header alone and the JSON has no items', async () => {
    const csv = await csvOf('/api/admin/settlements?from=2026-10-01&to=2026-10-31&format=csv');
    expect(parseCsv(csv.bytes.subarray(3).toString('utf8'))).toEqual([
      expect.arrayContaining(['fromStoreId', 'netYuan']),
    ]);
    const json = await bff.api.get('/api/admin/settlements?from=2026-10-01&to=2026-10-31', admin);
    expect(json.body).toEqual({ from: '2026-10-01', to: '2026-10-31', items: [] });
  });
});
