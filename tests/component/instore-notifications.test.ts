import type { FakeWechat } from '../../scripts/src/fake-wechat';
import { bootBffWithFakeWechat, signInMember } from '../support/identity-fixtures';
import { buyer, MovableClock, type TestMember, twoStores } from '../support/instore-fixtures';
import type { TestBff } from '../support/test-bff';

/**
 * Points-changed subscribe messages through the fake WeChat server, which counts the accepts it
 * was given (enforceSubscriptions): the member accepts in the app, a checkout queues the message,
 * the outbox job sends it after commit on one accept, and a send that failed keeps the accept.
 */
const POINTS_CHANGED = 'test-template-points-changed';
const clock = new MovableClock(new Date());
let bff: TestBff;
let fake: FakeWechat;
let storeA: string;
let clerkA: TestMember;
let admin: string;
let openidSeq = 0;

beforeAll(async () => {
  ({ bff, fake } = await bootBffWithFakeWechat({ clock }));
  fake.settings.enforceSubscriptions = true;
  ({ storeA, clerkA, admin } = await twoStores(bff));
});
afterAll(async () => {
  await bff?.close();
  await fake?.close();
});

const buy = buyer(() => bff, 'N');

/** A member signed in through WeChat (so WeChat knows their openid). */
async function wechatMember(): Promise<TestMember & { openid: string }> {
  const openid = `o-notify-${++openidSeq}-${Date.now().toString(36)}`;
  const signedIn = await signInMember(bff, fake, { openid });
  const [row] = await bff.db.dataSource.query('SELECT member_code_id FROM members WHERE id = ?', [signedIn.memberId]);
  return { id: signedIn.memberId, memberCodeId: Number(row.member_code_id), token: signedIn.token, openid };
}

/** The member taps "accept" in WeChat's dialog: WeChat grants one send, the app reports the answer. */
async function accept(member: TestMember & { openid: string }, templateId = POINTS_CHANGED) {
  await fetch(`${fake.url}/__control/subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid: member.openid, templateId }),
  });
  return bff.api.post('/api/me/subscriptions', { templateId, accepted: true }, { token: member.token });
}

const accepts = async (member: TestMember) =>
  (await bff.api.get('/api/me/subscriptions', member.token)).body.templates.find(
    (t: { templateId: string }) => t.templateId === POINTS_CHANGED,
  ).acceptedCount;
const runOutbox = (asOf = clock.now()) =>
  bff.api.post('/api/admin/jobs/send-outbox/run', { asOf: asOf.toISOString() }, { token: admin });
const sentTo = (member: { openid: string }) => fake.state.subscribeMessages.filter((m) => m.touser === member.openid);

test('When the app asks which templates to request, Then every purpose comes with its id and the unused accepts', async () => {
  const member = await wechatMember();
  const list = await bff.api.get('/api/me/subscriptions', member.token);
  expect(list.status).toBe(200);
  expect(list.body.templates).toEqual([
    { purpose: 'points-changed', templateId: POINTS_CHANGED, acceptedCount: 0 },
    { purpose: 'points-expiring', templateId: 'test-template-points-expiring', acceptedCount: 0 },
    { purpose: 'coupon-received', templateId: 'test-template-coupon-received', acceptedCount: 0 },
  ]);
  const unknown = await bff.api.post(
    '/api/me/subscriptions',
    { templateId: 'someone-elses-template-id', accepted: true },
    { token: member.token },
  );
  expect(unknown.status).toBe(400);
  expect(unknown.body.error.code).toBe('UNKNOWN_TEMPLATE');
  const rejected = await bff.api.post(
    '/api/me/subscriptions',
    { templateId: POINTS_CHANGED, accepted: false },
    { token: member.token },
  );
  expect(rejected.body).toEqual({ templateId: POINTS_CHANGED, acceptedCount: 0 });
  expect((await accept(member)).body).toEqual({ templateId: POINTS_CHANGED, acceptedCount: 1 });
  expect(await accepts(member)).toBe(1);
});

test('When a subscribed member checks out, Then one message goes to WeChat after commit, on one accept', async () => {
  const member = await wechatMember();
  await accept(member);
  const sale = await buy(clerkA, storeA, member, { amountFen: 2_300 });
  expect(sentTo(member)).toEqual([]); // nothing is sent inside the checkout
  expect((await runOutbox()).body.processed).toBeGreaterThanOrEqual(1);
  expect(sentTo(member)).toEqual([
    expect.objectContaining({
      template_id: POINTS_CHANGED,
      page: 'pages/index/index',
      data: expect.objectContaining({
        number2: { value: String(sale.pointsEarned) },
        number3: { value: '0' },
        number4: { value: String(sale.member.points) },
      }),
    }),
  ]);
  expect(await accepts(member)).toBe(0);
  // No accept left: the next checkout queues nothing, and a second run sends nothing.
  await buy(clerkA, storeA, member, { amountFen: 1_000 });
  await runOutbox();
  expect(sentTo(member)).toHaveLength(1);
});

test('When WeChat is busy on the first send, Then the message keeps its accept and the retry sends exactly one', async () => {
  const member = await wechatMember();
  await accept(member);
  await buy(clerkA, storeA, member, { amountFen: 800 });
  expect(await accepts(member)).toBe(0); // the queued message holds it
  fake.failNext({ path: '/cgi-bin/message/subscribe/send', errcode: -1, errmsg: 'system busy' });
  const now = clock.now();
  await runOutbox(now);
  expect(sentTo(member)).toEqual([]);
  await runOutbox(new Date(now.getTime() + 3 * 3600_000));
  expect(sentTo(member)).toHaveLength(1);
  expect(await accepts(member)).toBe(0);
});

test('When WeChat refuses the message for good, Then it fails and its accept comes back for the next one', async () => {
  const member = await wechatMember();
  await accept(member);
  await buy(clerkA, storeA, member, { amountFen: 900 });
  fake.failNext({ path: '/cgi-bin/message/subscribe/send', errcode: 47003, errmsg: 'argument invalid! data.number2' });
  await runOutbox();
  const [row] = await bff.db.dataSource.query(
    "SELECT status FROM outbox WHERE kind = 'wechat.subscribe.points' AND payload LIKE ?",
    [`%${member.id}%`],
  );
  expect(row.status).toBe('failed');
  expect(await accepts(member)).toBe(1);
  await buy(clerkA, storeA, member, { amountFen: 1_100 });
  await runOutbox();
  expect(sentTo(member)).toHaveLength(1);
  expect(await accepts(member)).toBe(0);
});

test('When WeChat says the accept is used up (43101), Then the message fails and no accept comes back', async () => {
  const member = await wechatMember();
  await accept(member);
  await buy(clerkA, storeA, member, { amountFen: 700 });
  fake.failNext({ path: '/cgi-bin/message/subscribe/send', errcode: 43101, errmsg: 'user refuse to accept the msg' });
  await runOutbox();
  expect(sentTo(member)).toEqual([]);
  expect(await accepts(member)).toBe(0);
});
