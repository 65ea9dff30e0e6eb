import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inTransaction } from '../../bff/src/db/tx';
import { createMember as createMemberInDomain } from '../../bff/src/domain/members/create-member';
import type { FakeWechat } from '../../scripts/src/fake-wechat';
import { claimed, createTemplate } from '../support/coupon-fixtures';
import { bindPhone, bootBffWithFakeWechat, signInMember } from '../support/identity-fixtures';
import { createMember, grantPoints, MovableClock, twoStores } from '../support/instore-fixtures';
import { clientFor, gunCode, handSign, issueKey } from '../support/pos-fixtures';
import type { TestBff } from '../support/test-bff';

// Monday 2026-11-23, 12:00 in Shanghai.
const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
let bff: TestBff;
let fake: FakeWechat;
let storeA: string;
let storeB: string;
let admin: string;
let receiver: Server;
let receiverUrl: string;

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  answered: number;
}
const received: Received[] = [];
let failuresLeft = 2;

beforeAll(async () => {
  ({ bff, fake } = await bootBffWithFakeWechat({ clock }));
  ({ storeA, storeB, admin } = await twoStores(bff));
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const always = req.url?.startsWith('/always-fail');
      const answered = always || failuresLeft-- > 0 ? 500 : 200;
      received.push({
        path: req.url ?? '',
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks).toString('utf8'),
        answered,
      });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  receiver?.close();
  await bff?.close();
  await fake?.close();
});

const runJob = (name: string, asOf: Date) =>
  bff.api.post(`/api/admin/jobs/${name}/run`, { asOf: asOf.toISOString() }, { token: admin });

async function register(url: string, storeId?: string) {
  const res = await bff.api.post('/api/admin/webhooks', storeId ? { url, storeId } : { url }, { token: admin });
  expect(res.status).toBe(201);
  return res.body as { id: string; secret: string };
}

describe('Webhooks', () => {
  test('When events happen, Then each is delivered once to a receiver that fails twice first, signed so the receiver can verify it', async () => {
    const hook = await register(`${receiverUrl}/tongka/hooks?src=hq`);
    const storeBHook = await register(`${receiverUrl}/store-b`, storeB);
    const key = await issueKey(bff, admin, storeA);
    const pos = clientFor(bff, key);

    const created = await inTransaction(bff.db.dataSource, (tx) =>
      createMemberInDomain(tx, { homeStoreId: storeA, createdAt: clock.now() }),
    );
    const member = await createMember(bff);
    await grantPoints(bff, member.id, storeA, 200);
    const scan = await pos.scan(await gunCode(bff, member));
    const sale = await pos.checkout('WH-0001', { scanId: scan.body.scanId, amountFen: 5_000, redeemPoints: 100 });
    expect(sale.status).toBe(201);
    const refund = await pos.refund(sale.body.checkoutId, 'WH-0001-R1', 1_000);
    expect(refund.status).toBe(200);
    // A refused refund changes nothing, so no event is sent for it.
    const refused = await pos.refund(sale.body.checkoutId, 'WH-0001-R2', 999_999);
    expect(refused.body.error.code).toBe('REFUND_EXCEEDS_PAID');

    let at = clock.now();
    expect((await runJob('send-outbox', at)).status).toBe(200);
    for (let minutes = 0; minutes <= 8; minutes += 1) {
      at = new Date(clock.now().getTime() + minutes * 60_000);
      await runJob('send-webhooks', at);
    }
    // And again later: nothing more is sent.
    await runJob('send-outbox', new Date(at.getTime() + 3_600_000));
    await runJob('send-webhooks', new Date(at.getTime() + 3_600_000));

    const ours = received.filter((r) => r.path === '/tongka/hooks?src=hq');
    const delivered = ours.filter((r) => r.answered === 200).map((r) => JSON.parse(r.body));
    expect(delivered.map((event) => event.type).sort()).toEqual(['member.created', 'points.changed', 'refund.created']);
    expect(new Set(delivered.map((event) => event.eventId)).size).toBe(3);
    expect(ours.length).toBe(3 + 2);
    expect(delivered.find((event) => event.type === 'member.created').data.memberId).toBe(created.id);
    expect(delivered.find((event) => event.type === 'points.changed').data).toMatchObject({
      memberId: member.id,
      checkoutId: sale.body.checkoutId,
      pointsRedeemed: 100,
      pointsEarned: 49,
      pointsBalance: 200 - 100 + 49,
    });
    expect(delivered.find((event) => event.type === 'refund.created').data).toMatchObject({
      checkoutId: sale.body.checkoutId,
      refundId: refund.body.refundId,
    });
    for (const request of ours) {
      const { 'x-tongka-key': keyId, 'x-tongka-timestamp': ts, 'x-tongka-nonce': nonce } = request.headers;
      expect(keyId).toBe(hook.id);
      expect(request.headers['x-tongka-signature']).toBe(
        handSign(hook.secret, 'POST', request.path, ts, nonce, request.body),
      );
      expect(request.headers['x-tongka-event-id']).toBe(JSON.parse(request.body).eventId);
    }
    // Store B's webhook hears nothing of store A.
    expect(received.filter((r) => r.path === '/store-b')).toEqual([]);

    const list = await bff.api.get(`/api/admin/webhooks/deliveries?webhookId=${hook.id}`, admin);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(3);
    const attempts = list.body.items.flatMap((d: { attempts: { statusCode: number }[] }) => d.attempts);
    expect(attempts.map((a: { statusCode: number }) => a.statusCode).sort()).toEqual([200, 200, 200, 500, 500]);
    expect(list.body.items.every((d: { status: string }) => d.status === 'delivered')).toBe(true);
    expect((await bff.api.get(`/api/admin/webhooks/deliveries?webhookId=${storeBHook.id}`, admin)).body.items).toEqual(
      [],
    );

    // HQ replays one: the receiver gets the same event id again (and deduplicates on it).
    const one = list.body.items[0];
    const replay = await bff.api.post(`/api/admin/webhooks/deliveries/${one.id}/replay`, {}, { token: admin });
    expect(replay.status).toBe(200);
    expect(replay.body.status).toBe('pending');
    await runJob('send-webhooks', new Date(at.getTime() + 7_200_000));
    const last = received[received.length - 1];
    expect(JSON.parse(last.body).eventId).toBe(one.eventId);
    const missing = await bff.api.post(
      '/api/admin/webhooks/deliveries/01JNODELIVERY0000000000000/replay',
      {},
      { token: admin },
    );
    expect(missing.status).toBe(404);
  });

  test('When a receiver keeps failing, Then it is retried with backoff for 24 hours and then marked failed', async () => {
    for (const hook of (await bff.api.get('/api/admin/webhooks', admin)).body.items) {
      expect((await bff.api.request('DELETE', `/api/admin/webhooks/${hook.id}`, { token: admin })).status).toBe(204);
    }
    const hook = await register(`${receiverUrl}/always-fail`);
    const start = clock.now();
    await inTransaction(bff.db.dataSource, (tx) => createMemberInDomain(tx, { createdAt: start }));
    await runJob('send-outbox', start);
    for (let hour = 0; hour <= 26; hour += 1) {
      for (const minute of [0, 1, 3, 7, 15, 31])
        await runJob('send-webhooks', new Date(start.getTime() + (hour * 60 + minute) * 60_000));
    }
    const [delivery] = (await bff.api.get(`/api/admin/webhooks/deliveries?webhookId=${hook.id}`, admin)).body.items;
    expect(delivery.status).toBe('failed');
    // 1, 2, 4, 8, 16, 32, 64 minutes, then every 2 hours: the last try lies within 24 hours of the event.
    const times = delivery.attempts.map((a: { at: string }) => new Date(a.at).getTime() - start.getTime());
    expect(times[times.length - 1]).toBeLessThanOrEqual(24 * 3_600_000);
    expect(times.length).toBeGreaterThanOrEqual(14);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]);
    expect(delivery.attempts.every((a: { statusCode: number }) => a.statusCode === 500)).toBe(true);
  });

  test('When HQ deletes a webhook with deliveries still pending, Then nothing more is sent to it', async () => {
    const hook = await register(`${receiverUrl}/deleted-hook`);
    const listed = (await bff.api.get('/api/admin/webhooks', admin)).body;
    expect(JSON.stringify(listed)).not.toContain(hook.secret);
    const at = clock.now();
    await inTransaction(bff.db.dataSource, (tx) => createMemberInDomain(tx, { createdAt: at }));
    await runJob('send-outbox', at);
    expect((await bff.api.request('DELETE', `/api/admin/webhooks/${hook.id}`, { token: admin })).status).toBe(204);
    await runJob('send-webhooks', new Date(at.getTime() + 60_000));
    expect(received.filter((r) => r.path === '/deleted-hook')).toEqual([]);
  });

  test('When a webhook request is bad, Then 4xx and nothing is written', async () => {
    const before = (await bff.api.get('/api/admin/webhooks', admin)).body.items.length;
    expect((await bff.api.post('/api/admin/webhooks', { url: 'ftp://x.example/' }, { token: admin })).status).toBe(400);
    expect((await bff.api.post('/api/admin/webhooks', { url: 'not a url' }, { token: admin })).status).toBe(400);
    const noStore = await bff.api.post(
      '/api/admin/webhooks',
      { url: `${receiverUrl}/x`, storeId: 'nope' },
      { token: admin },
    );
    expect(noStore.status).toBe(404);
    expect((await bff.api.post('/api/admin/webhooks', { url: `${receiverUrl}/x` })).status).toBe(401);
    const gone = await bff.api.request('DELETE', '/api/admin/webhooks/01JNOWEBHOOK00000000000000', { token: admin });
    expect(gone.status).toBe(404);
    expect((await bff.api.get('/api/admin/webhooks', admin)).body.items.length).toBe(before);
  });

  test('When a member claims a coupon, uses it from the POS and the sale is fully refunded, Then coupon.claimed, coupon.used and coupon.restored are delivered, signed', async () => {
    for (const hook of (await bff.api.get('/api/admin/webhooks', admin)).body.items) {
      expect((await bff.api.request('DELETE', `/api/admin/webhooks/${hook.id}`, { token: admin })).status).toBe(204);
    }
    const hook = await register(`${receiverUrl}/coupons`);
    const template = await createTemplate(bff, admin, { name: '满50减10' });
    const member = await createMember(bff);
    const coupon = await claimed(bff, member, template.id);
    const pos = clientFor(bff, await issueKey(bff, admin, storeA));
    const scan = await pos.scan(await gunCode(bff, member));
    const sale = await pos.checkout('WH-C-0001', {
      scanId: scan.body.scanId,
      amountFen: 6_000,
      couponCodes: [coupon.code],
    });
    expect(sale.body.couponDiscountFen).toBe(1_000);
    const refund = await pos.refund(sale.body.checkoutId, 'WH-C-0001-R1');
    expect(refund.body.couponsRestored).toBe(true);
    const at = new Date(clock.now().getTime() + 60_000);
    await runJob('send-outbox', at);
    await runJob('send-webhooks', at);
    const ours = received.filter((r) => r.path === '/coupons');
    const events = ours.map((r) => JSON.parse(r.body));
    const byType = (type: string) => events.filter((event) => event.type === type);
    expect(byType('coupon.claimed')).toEqual([
      expect.objectContaining({
        storeId: null,
        data: { couponId: coupon.id, templateId: template.id, templateName: '满50减10', memberId: member.id },
      }),
    ]);
    expect(byType('coupon.used')).toEqual([
      expect.objectContaining({
        storeId: storeA,
        data: expect.objectContaining({ couponId: coupon.id, checkoutId: sale.body.checkoutId, discountFen: 1_000 }),
      }),
    ]);
    expect(byType('coupon.restored')).toEqual([
      expect.objectContaining({
        storeId: storeA,
        data: expect.objectContaining({ couponId: coupon.id, refundId: refund.body.refundId }),
      }),
    ]);
    for (const request of ours) {
      const { 'x-tongka-timestamp': ts, 'x-tongka-nonce': nonce } = request.headers;
      expect(request.headers['x-tongka-key']).toBe(hook.id);
      expect(request.headers['x-tongka-signature']).toBe(
        handSign(hook.secret, 'POST', request.path, ts, nonce, request.body),
      );
    }
  });

  test('When a member binds a phone and buys at store A, Then the chain-wide hook gets member.phone_bound and the sale, and the store A hook the sale only', async () => {
    for (const hook of (await bff.api.get('/api/admin/webhooks', admin)).body.items) {
      expect((await bff.api.request('DELETE', `/api/admin/webhooks/${hook.id}`, { token: admin })).status).toBe(204);
    }
    const chain = await register(`${receiverUrl}/phone-chain`);
    await register(`${receiverUrl}/phone-store-a`, storeA);
    const member = await signInMember(bff, fake, { openid: 'o-webhook-phone' });
    expect((await bindPhone(bff, fake, member.token, '13912340001')).status).toBe(200);
    const pos = clientFor(bff, await issueKey(bff, admin, storeA));
    const card = { id: member.memberId, memberCodeId: 0, token: member.token };
    const scan = await pos.scan(await gunCode(bff, card));
    expect((await pos.checkout('WH-P-0001', { scanId: scan.body.scanId, amountFen: 2_000 })).status).toBe(201);
    const at = new Date(clock.now().getTime() + 60_000);
    await runJob('send-outbox', at);
    await runJob('send-webhooks', at);

    const chainRequests = received.filter((r) => r.path === '/phone-chain');
    const chainEvents = chainRequests.map((r) => JSON.parse(r.body));
    expect(chainEvents.filter((event) => event.type === 'member.phone_bound')).toEqual([
      expect.objectContaining({ storeId: null, data: { memberId: member.memberId, mergedFromMemberId: null } }),
    ]);
    expect(JSON.stringify(chainEvents)).not.toContain('13912340001');
    expect(chainEvents.filter((event) => event.type === 'points.changed')).toEqual([
      expect.objectContaining({ storeId: storeA, data: expect.objectContaining({ pointsEarned: 20 }) }),
    ]);
    for (const request of chainRequests) {
      const { 'x-tongka-timestamp': ts, 'x-tongka-nonce': nonce } = request.headers;
      expect(request.headers['x-tongka-signature']).toBe(
        handSign(chain.secret, 'POST', request.path, ts, nonce, request.body),
      );
    }
    const storeEvents = received.filter((r) => r.path === '/phone-store-a').map((r) => JSON.parse(r.body));
    expect(storeEvents.map((event) => event.type)).toEqual(['points.changed']);
  });
});
