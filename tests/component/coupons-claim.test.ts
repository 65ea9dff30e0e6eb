import { claim, claimed, createTemplate } from '../support/coupon-fixtures';
import {
  countRows,
  createAdminToken,
  createMember,
  createStore,
  MovableClock,
  newKey,
  type TestMember,
} from '../support/instore-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

/** Templates and the coupon centre: what HQ may create, and claims that hold under a rush. */
const clock = new MovableClock(new Date('2026-11-23T04:00:00Z')); // 12:00 in Shanghai
let bff: TestBff;
let admin: string;

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  admin = await createAdminToken(bff);
});
afterAll(() => bff?.close());

describe('Templates', () => {
  const valid = {
    name: '满50减10',
    type: 'AMOUNT_OFF',
    thresholdFen: 5_000,
    valueFen: 1_000,
    validDays: 7,
    claimable: true,
  };

  test.each([
    ['a zero value', { valueFen: 0 }, 'body.valueFen'],
    ['a negative threshold', { thresholdFen: -1 }, 'body.thresholdFen'],
    ['percent 0', { type: 'PERCENT_OFF', valueFen: undefined, percentOff: 0 }, 'body.percentOff'],
    ['percent 100', { type: 'PERCENT_OFF', valueFen: undefined, percentOff: 100 }, 'body.percentOff'],
    ['a zero stock', { stock: 0 }, 'body.stock'],
    ['no validity', { validDays: undefined }, 'body.validUntil'],
    ['both validities', { validUntil: '2026-12-31T15:59:59Z' }, 'body.validUntil'],
    ['an amount-off with no value', { valueFen: undefined }, 'body.valueFen'],
  ])(
    'When HQ sends %s, Then 400 VALIDATION_FAILED naming the field and nothing is written',
    async (_name, patch, path) => {
      const before = await countRows(bff, ['coupon_templates']);
      const res = await bff.api.post('/api/admin/coupon-templates', { ...valid, ...patch }, { token: admin });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body.error.details)).toContain(path);
      expect(await countRows(bff, ['coupon_templates'])).toEqual(before);
    },
  );

  test('When the scope names an unknown store, Then 404 STORE_NOT_FOUND and nothing is written', async () => {
    const before = await countRows(bff, ['coupon_templates']);
    const res = await bff.api.post(
      '/api/admin/coupon-templates',
      { ...valid, storeIds: ['01NOSUCHSTORE'] },
      { token: admin },
    );
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('STORE_NOT_FOUND');
    expect(await countRows(bff, ['coupon_templates'])).toEqual(before);
  });

  test('When a clerk or a member creates a template, Then 403/401', async () => {
    const member = await createMember(bff);
    expect((await bff.api.post('/api/admin/coupon-templates', valid, { token: member.token })).status).toBe(403);
    expect((await bff.api.post('/api/admin/coupon-templates', valid)).status).toBe(401);
  });

  test('When HQ creates a percent-off template, Then it answers every term, funded by HQ and giftable by default', async () => {
    const store = await createStore(bff, 'Scope Store');
    const res = await bff.api.post(
      '/api/admin/coupon-templates',
      {
        name: '8折',
        type: 'PERCENT_OFF',
        thresholdFen: 0,
        percentOff: 20,
        maxDiscountFen: 3_000,
        validFrom: '2026-11-01T00:00:00Z',
        validUntil: '2026-12-31T15:59:59.999Z',
        storeIds: [store],
        stock: 10,
        perMemberLimit: 2,
        claimable: false,
        stackable: true,
      },
      { token: admin },
    );
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: '8折',
      type: 'PERCENT_OFF',
      thresholdFen: 0,
      percentOff: 20,
      maxDiscountFen: 3_000,
      validFrom: '2026-11-01T00:00:00.000Z',
      validUntil: '2026-12-31T15:59:59.999Z',
      storeIds: [store],
      stock: 10,
      issued: 0,
      perMemberLimit: 2,
      claimable: false,
      stackable: true,
      fundedBy: 'HQ',
      giftable: true,
      status: 'active',
    });
  });

  test('When HQ lowers the stock below what was already claimed, Then 409 STOCK_BELOW_ISSUED and the stock stays', async () => {
    const template = await createTemplate(bff, admin, { stock: 5 });
    for (let i = 0; i < 3; i++) await claimed(bff, await createMember(bff), template.id);
    const res = await bff.api.put(`/api/admin/coupon-templates/${template.id}`, { stock: 2 }, { token: admin });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'STOCK_BELOW_ISSUED', details: { issued: 3, stock: 2 } });
    const ok = await bff.api.put(`/api/admin/coupon-templates/${template.id}`, { stock: 3 }, { token: admin });
    expect(ok.body).toMatchObject({ stock: 3, issued: 3 });
  });

  test('When HQ updates or issues an unknown template, Then 404 COUPON_TEMPLATE_NOT_FOUND', async () => {
    const put = await bff.api.put('/api/admin/coupon-templates/01UNKNOWN', { status: 'paused' }, { token: admin });
    expect(put.status).toBe(404);
    expect(put.body.error.code).toBe('COUPON_TEMPLATE_NOT_FOUND');
    const issue = await bff.api.post('/api/admin/coupon-templates/01UNKNOWN/issue', { all: true }, { token: admin });
    expect(issue.status).toBe(404);
  });
});

describe('Claiming', () => {
  test('When 200 members claim at once from a stock of 50, Then exactly 50 get a coupon and the rest 409 COUPON_OUT_OF_STOCK', async () => {
    const template = await createTemplate(bff, admin, { stock: 50 });
    const members: TestMember[] = [];
    for (let i = 0; i < 200; i++) members.push(await createMember(bff));
    const answers = await Promise.all(members.map((member) => claim(bff, member, template.id)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.error.code === 'COUPON_OUT_OF_STOCK')).toBe(
      true,
    );
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    const [row] = await bff.db.dataSource.query('SELECT COUNT(*) AS n FROM coupons WHERE template_id = ?', [
      template.id,
    ]);
    expect(Number(row.n)).toBe(50);
    const [tpl] = await bff.db.dataSource.query('SELECT issued FROM coupon_templates WHERE id = ?', [template.id]);
    expect(Number(tpl.issued)).toBe(50);
  });

  test('When one member fires 20 claims at once under a limit of 3, Then exactly 3 coupons and 17 COUPON_LIMIT_REACHED', async () => {
    const template = await createTemplate(bff, admin, { perMemberLimit: 3 });
    const member = await createMember(bff);
    const answers = await Promise.all(Array.from({ length: 20 }, () => claim(bff, member, template.id)));
    expect(
      answers.filter((a) => a.status !== 200 && a.body?.error?.code !== 'COUPON_LIMIT_REACHED').map((a) => a.body),
    ).toEqual([]);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 409 && a.body.error.code === 'COUPON_LIMIT_REACHED')).toHaveLength(17);
    const [row] = await bff.db.dataSource.query('SELECT COUNT(*) AS n FROM coupons WHERE member_id = ?', [member.id]);
    expect(Number(row.n)).toBe(3);
  });

  test('When a claim is replayed with its key, Then the same coupon comes back and no second one is made', async () => {
    const template = await createTemplate(bff, admin, { perMemberLimit: 5 });
    const member = await createMember(bff);
    const key = newKey();
    const first = await claim(bff, member, template.id, key);
    const again = await claim(bff, member, template.id, key);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const [row] = await bff.db.dataSource.query('SELECT COUNT(*) AS n FROM coupons WHERE member_id = ?', [member.id]);
    expect(Number(row.n)).toBe(1);
  });

  test('When a claim has no Idempotency-Key or names an unknown template, Then 400 / 404 and nothing is written', async () => {
    const member = await createMember(bff);
    const before = await countRows(bff, ['coupons', 'coupon_member_counts']);
    const noKey = await bff.api.post('/api/coupons/claim', { templateId: 'x' }, { token: member.token });
    expect(noKey.status).toBe(400);
    const unknown = await claim(bff, member, '01UNKNOWNTEMPLATE');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('COUPON_TEMPLATE_NOT_FOUND');
    expect(await countRows(bff, ['coupons', 'coupon_member_counts'])).toEqual(before);
  });

  test('When the template is issue-only, paused or ended, Then 409 COUPON_NOT_CLAIMABLE; resumed, it can be claimed', async () => {
    const member = await createMember(bff);
    const issueOnly = await createTemplate(bff, admin, { claimable: false });
    expect((await claim(bff, member, issueOnly.id)).body.error.code).toBe('COUPON_NOT_CLAIMABLE');
    const template = await createTemplate(bff, admin);
    await bff.api.put(`/api/admin/coupon-templates/${template.id}`, { status: 'paused' }, { token: admin });
    expect((await claim(bff, member, template.id)).body.error.code).toBe('COUPON_NOT_CLAIMABLE');
    await bff.api.put(`/api/admin/coupon-templates/${template.id}`, { status: 'active' }, { token: admin });
    expect((await claim(bff, member, template.id)).status).toBe(200);
    await bff.api.put(`/api/admin/coupon-templates/${template.id}`, { status: 'ended' }, { token: admin });
    expect((await claim(bff, member, template.id)).body.error.code).toBe('COUPON_NOT_CLAIMABLE');
    const restart = await bff.api.put(
      `/api/admin/coupon-templates/${template.id}`,
      { status: 'active' },
      { token: admin },
    );
    expect(restart.status).toBe(409);
  });

  test('When a relative coupon (3 days) is claimed at 12:00 Shanghai, Then it runs to 23:59:59.999 of the third day, chain time', async () => {
    const template = await createTemplate(bff, admin, { validDays: 3 });
    const coupon = await claimed(bff, await createMember(bff), template.id);
    // Claimed 2026-11-23 12:00 +08:00; day 1 is the 23rd, day 3 the 25th, ending 2026-11-25T15:59:59.999Z.
    expect(coupon).toMatchObject({ validFrom: '2026-11-23T04:00:00.000Z', validUntil: '2026-11-25T15:59:59.999Z' });
    expect(coupon.code).toMatch(/^9\d{15}$/);
  });
});

describe('The member’s coupons', () => {
  test('When a member claims in the centre, Then the centre counts it, GET /api/me counts it and the list shows it, expiring soon', async () => {
    const member = await createMember(bff);
    const template = await createTemplate(bff, admin, { name: '中心券', perMemberLimit: 1, stock: 100, validDays: 2 });
    const centre = await bff.api.get('/api/coupons/center', member.token);
    expect(centre.body.items.find((t: { id: string }) => t.id === template.id)).toMatchObject({
      stockLeft: 100,
      claimedByMe: 0,
      canClaim: true,
    });
    const coupon = await claimed(bff, member, template.id);
    const after = await bff.api.get('/api/coupons/center', member.token);
    expect(after.body.items.find((t: { id: string }) => t.id === template.id)).toMatchObject({
      stockLeft: 99,
      claimedByMe: 1,
      canClaim: false,
    });
    expect((await bff.api.get('/api/me', member.token)).body.couponsAvailable).toBe(1);
    const list = await bff.api.get('/api/me/coupons?status=available', member.token);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: coupon.id, name: '中心券', status: 'available', expiringSoon: true }),
    ]);
    const detail = await bff.api.get(`/api/me/coupons/${coupon.id}`, member.token);
    expect(detail.body.code).toBe(coupon.code);
    const other = await createMember(bff);
    expect((await bff.api.get(`/api/me/coupons/${coupon.id}`, other.token)).status).toBe(404);
    // Claimed at 12:00 on the 23rd, 7 days run to 23:59:59.999 on the 29th: 6.5 days left, not expiring soon.
    const week = await claimed(bff, other, (await createTemplate(bff, admin, { validDays: 7 })).id);
    expect((await bff.api.get(`/api/me/coupons/${week.id}`, other.token)).body).toMatchObject({
      validUntil: '2026-11-29T15:59:59.999Z',
      expiringSoon: false,
    });
  });

  test('When the window ends, Then the coupon lists as expired before and after the expire-coupons job marks it', async () => {
    const member = await createMember(bff);
    const template = await createTemplate(bff, admin, { validDays: 1 });
    const coupon = await claimed(bff, member, template.id);
    clock.set('2026-11-23T16:00:00Z'); // 00:00 on the 24th in Shanghai
    try {
      expect((await bff.api.get('/api/me/coupons?status=available', member.token)).body.items).toEqual([]);
      const expired = await bff.api.get('/api/me/coupons?status=expired', member.token);
      expect(expired.body.items.map((c: { id: string }) => c.id)).toEqual([coupon.id]);
      expect((await bff.api.get('/api/me', member.token)).body.couponsAvailable).toBe(0);
      const job = await bff.api.post(
        '/api/admin/jobs/expire-coupons/run',
        { asOf: '2026-11-23T16:00:00Z' },
        { token: admin },
      );
      expect(job.status).toBe(200);
      expect(job.body.processed).toBeGreaterThanOrEqual(1);
      const [row] = await bff.db.dataSource.query('SELECT status FROM coupons WHERE id = ?', [coupon.id]);
      expect(row.status).toBe('expired');
      expect((await bff.api.get('/api/me/coupons?status=expired', member.token)).body.items[0]).toMatchObject({
        id: coupon.id,
        status: 'expired',
      });
      const again = await bff.api.post(
        '/api/admin/jobs/expire-coupons/run',
        { asOf: '2026-11-23T16:00:00Z' },
        { token: admin },
      );
      expect(again.body.processed).toBe(0);
    } finally {
      clock.set('2026-11-23T04:00:00Z');
    }
  });

  test('When the list is paged, Then every coupon appears once across pages; a bad status or cursor is 400', async () => {
    const member = await createMember(bff);
    const template = await createTemplate(bff, admin);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await claimed(bff, member, template.id)).id);
    const first = await bff.api.get('/api/me/coupons?status=available&limit=2', member.token);
    const second = await bff.api.get(
      `/api/me/coupons?status=available&limit=2&cursor=${first.body.nextCursor}`,
      member.token,
    );
    const third = await bff.api.get(
      `/api/me/coupons?status=available&limit=2&cursor=${second.body.nextCursor}`,
      member.token,
    );
    const seen = [...first.body.items, ...second.body.items, ...third.body.items].map((c: { id: string }) => c.id);
    expect(seen.sort()).toEqual(ids.sort());
    expect(third.body.nextCursor).toBeNull();
    expect((await bff.api.get('/api/me/coupons?status=lost', member.token)).status).toBe(400);
    expect((await bff.api.get('/api/me/coupons?cursor=nonsense', member.token)).status).toBe(400);
  });
});
