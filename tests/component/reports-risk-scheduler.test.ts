import { createHash } from 'node:crypto';
import { inTransaction, sqlParams } from '../../bff/src/db/tx';
import { earnPoints } from '../../bff/src/domain/ledger';
import { addLocalDays } from '../../bff/src/domain/shared/chain-time';
import { registerJob } from '../../bff/src/jobs/registry';
import { runTick } from '../../bff/src/jobs/scheduler';
import { type RunningBff, startBff } from '../../bff/src/server';
import type { FakeWechat } from '../../scripts/src/fake-wechat';
import { bootBffWithFakeWechat } from '../support/identity-fixtures';
import {
  buyer,
  createMember,
  createStaff,
  createStore,
  MovableClock,
  refund,
  type TestMember,
} from '../support/instore-fixtures';
import { insertAdminToken } from '../support/rows';
import type { TestBff } from '../support/test-bff';

// Monday 2026-11-23, 12:00 in Shanghai.
const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
let bff: TestBff;
let fake: FakeWechat;
let admin: string;
const buy = buyer(() => bff, 'K');

const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await bff.db.dataSource.query(text, sqlParams(params))) as T[];

beforeAll(async () => {
  ({ bff, fake } = await bootBffWithFakeWechat({ clock }));
  admin = await insertAdminToken(bff.db.dataSource, bff.config.JWT_SECRET);
  const rule = {
    clerkNormMultiple: 3,
    clerkMinRefunds: 3,
    clerkMinRedemptions: 3,
    fewMembersShare: 0.8,
    fewMembersMinPoints: 500,
    memberSpikeMultiple: 5,
    memberSpikeMinPoints: 300,
    clerkDailyMovePointsCap: 1_000,
    windowDays: 7,
    sharedDeviceMinSignups: 3,
    sharedPayerMinSignups: 2,
  };
  expect((await bff.api.put('/api/admin/risk-rule', rule, { token: admin })).status).toBe(200);
});
afterAll(async () => {
  await bff?.close();
  await fake?.close();
});

const openAlerts = async () =>
  (await bff.api.get('/api/admin/risk-alerts?status=open&limit=100', admin)).body.items as Array<{
    id: string;
    rule: string;
    subject: string;
    subjectId: string;
    evidence: Record<string, unknown>;
  }>;
const alertsFor = async (rule: string, subjectId: string) =>
  (await openAlerts()).filter(
    (a) => a.rule === rule && a.subjectId === subjectId && a.subject.endsWith(`:${subjectId}`),
  );

describe('Risk rules', () => {
  let storeA: string;
  let storeB: string;
  let busyRefunder: TestMember;
  let quietClerk: TestMember;
  let favouriteClerk: TestMember;
  let fewRefunds: TestMember;
  let favourite: TestMember;
  let steady: TestMember;
  let small: TestMember;
  let busyRedeemer: TestMember;
  let saver: TestMember;

  beforeAll(async () => {
    storeA = await createStore(bff, 'Risk A');
    storeB = await createStore(bff, 'Risk B');
    [busyRefunder, quietClerk, favouriteClerk] = [
      await createStaff(bff, storeA),
      await createStaff(bff, storeA),
      await createStaff(bff, storeA),
    ];
    fewRefunds = await createStaff(bff, storeB);
    busyRedeemer = await createStaff(bff, storeA);
    [favourite, steady, small] = [await createMember(bff), await createMember(bff), await createMember(bff)];
    // A member holding 200 points: store A's busyRedeemer deducts 10 of them in 4 checkouts where
    // the store's other clerks deduct none; store B's clerk deducts 10 twice (under the minimum 3).
    saver = await createMember(bff);
    await inTransaction(bff.db.dataSource, (tx) =>
      earnPoints(tx, {
        memberId: saver.id,
        storeId: storeA,
        points: 200,
        idempotencyKey: 'risk-saver',
        earnedAt: clock.now(),
      }),
    );
    for (let i = 0; i < 4; i++) await buy(busyRedeemer, storeA, saver, { amountFen: 1_000, redeemPoints: 10 });
    for (let i = 0; i < 2; i++) await buy(fewRefunds, storeB, saver, { amountFen: 1_000, redeemPoints: 10 });
    // A clerk with 4 refunds where the store's other clerks have none; another store's clerk with 2.
    for (let i = 0; i < 4; i++) {
      const sale = await buy(busyRefunder, storeA, small, { amountFen: 1_000 });
      expect((await refund(bff, busyRefunder, storeA, sale.checkoutId, { amountFen: 100 })).status).toBe(200);
    }
    await buy(quietClerk, storeA, small, { amountFen: 1_000 });
    for (let i = 0; i < 2; i++) {
      const sale = await buy(fewRefunds, storeB, small, { amountFen: 1_000 });
      await refund(bff, fewRefunds, storeB, sale.checkoutId, { amountFen: 100 });
    }
    // A clerk whose points all go to one member (600 points), who never earned before.
    await buy(favouriteClerk, storeA, favourite, { amountFen: 60_000 });
    // A member who earns about 100 points a day, and 350 today: not a spike.
    for (let d = 1; d <= 30; d++) {
      await sql('INSERT INTO earn_daily_totals (member_id, local_date, points) VALUES (?, ?, 100)', [
        steady.id,
        addLocalDays('2026-11-23', -d),
      ]);
    }
    await buy(quietClerk, storeA, steady, { amountFen: 35_000 });
    const run = await bff.api.post('/api/admin/jobs/detect-risk/run', {}, { token: admin });
    expect(run.status).toBe(200);
  });

  test('When a clerk refunds far more than the store norm, Then clerk-refunds is raised with the counts; not for a clerk with few refunds', async () => {
    const [alert] = await alertsFor('clerk-refunds', busyRefunder.id);
    expect(alert.evidence).toMatchObject({ refunds: 4, storeMedianRefunds: 0, storeId: storeA });
    expect(await alertsFor('clerk-refunds', fewRefunds.id)).toEqual([]);
    expect(await alertsFor('clerk-refunds', quietClerk.id)).toEqual([]);
  });

  test('When a clerk deducts points far more often than the store norm, Then clerk-redemptions is raised with the counts; not for a clerk with few', async () => {
    const [alert] = await alertsFor('clerk-redemptions', busyRedeemer.id);
    expect(alert.evidence).toMatchObject({
      redemptions: 4,
      pointsRedeemed: 40,
      storeMedianRedemptions: 0,
      clerksAtStore: 4,
      storeId: storeA,
    });
    expect(await alertsFor('clerk-redemptions', fewRefunds.id)).toEqual([]);
    expect(await alertsFor('clerk-redemptions', quietClerk.id)).toEqual([]);
    expect(await alertsFor('clerk-refunds', busyRedeemer.id)).toEqual([]);
  });

  test("When a clerk's points go to a few members, Then clerk-few-members is raised; not for clerks spreading small amounts", async () => {
    const [alert] = await alertsFor('clerk-few-members', favouriteClerk.id);
    expect(alert.evidence).toMatchObject({
      pointsEarned: 600,
      share: 1,
      topMembers: [{ memberId: favourite.id, points: 600 }],
    });
    expect(await alertsFor('clerk-few-members', busyRefunder.id)).toEqual([]);
  });

  test('When a member earns far above their usual day, Then member-earn-spike is raised; not for a member near their usual', async () => {
    const [alert] = await alertsFor('member-earn-spike', favourite.id);
    expect(alert.evidence).toMatchObject({ pointsToday: 600, usualDailyPoints: 0 });
    expect(await alertsFor('member-earn-spike', steady.id)).toEqual([]);
    expect(await alertsFor('member-earn-spike', small.id)).toEqual([]);
  });

  test('When detection runs again over the same day, Then nothing new is raised', async () => {
    const before = (await openAlerts()).length;
    const run = await bff.api.post('/api/admin/jobs/detect-risk/run', {}, { token: admin });
    expect(run.body.processed).toBe(0);
    expect((await openAlerts()).length).toBe(before);
  });

  test('When a clerk would move more refund points in a day than the cap, Then 409 CLERK_DAILY_CAP_EXCEEDED, nothing moves, and an alert is raised', async () => {
    const clerk = await createStaff(bff, storeB);
    const member = await createMember(bff);
    const sale = await buy(clerk, storeB, member, { amountFen: 200_000 });
    const ok = await refund(bff, clerk, storeB, sale.checkoutId, { amountFen: 50_000 });
    expect([ok.status, ok.body.pointsClawedBack]).toEqual([200, 500]);
    const refused = await refund(bff, clerk, storeB, sale.checkoutId, { amountFen: 60_000 });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'CLERK_DAILY_CAP_EXCEEDED']);
    expect((await bff.api.get('/api/me', member.token)).body.points).toBe(1_500);
    const [row] = await sql<{ refunded_fen: string }>('SELECT refunded_fen FROM checkouts WHERE id = ?', [
      sale.checkoutId,
    ]);
    expect(Number(row.refunded_fen)).toBe(50_000);
    let alerts: Awaited<ReturnType<typeof alertsFor>> = [];
    for (let i = 0; i < 50 && alerts.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      alerts = await alertsFor('clerk-daily-cap', clerk.id);
    }
    expect(alerts[0].evidence).toMatchObject({ cap: 1_000, pointsMovedToday: 500, refused: { points: 600 } });
  });

  test('When HQ acknowledges an alert with a note, Then it leaves the open list with who and the note; twice is 409', async () => {
    const [alert] = await openAlerts();
    const ack = await bff.api.post(
      `/api/admin/risk-alerts/${alert.id}/acknowledge`,
      { note: '已核实，正常退货' },
      { token: admin },
    );
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', note: '已核实，正常退货' });
    expect((await openAlerts()).map((a) => a.id)).not.toContain(alert.id);
    const acknowledged = (await bff.api.get('/api/admin/risk-alerts?status=acknowledged', admin)).body.items;
    expect(acknowledged.map((a: { id: string }) => a.id)).toContain(alert.id);
    const again = await bff.api.post(`/api/admin/risk-alerts/${alert.id}/acknowledge`, { note: 'x' }, { token: admin });
    expect([again.status, again.body.error.code]).toEqual([409, 'ALERT_ALREADY_ACKNOWLEDGED']);
    const missing = await bff.api.post('/api/admin/risk-alerts/NOPE/acknowledge', { note: 'x' }, { token: admin });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'ALERT_NOT_FOUND']);
  });
});

describe('Sign-ups sharing a device or a payer', () => {
  const signUp = async (openid: string, extra: { deviceId?: string; referralCode?: string } = {}) => {
    const code = fake.issueLoginCode(openid);
    const res = await bff.api.post('/api/auth/wechat-login', { code, ...extra });
    expect(res.status).toBe(200);
    return res.body.member.id as string;
  };
  const paidBy = (memberId: string, openid: string) =>
    sql(
      `INSERT INTO pay_orders (id, kind, out_trade_no, member_id, openid, amount_fen, status, expires_at, paid_at, created_at)
       VALUES (?, 'TOPUP', ?, ?, ?, 10000, 'paid', ?, ?, ?)`,
      [`PO${memberId}`.slice(0, 26), `T${memberId}`, memberId, openid, clock.now(), clock.now(), clock.now()],
    );
  let farm: string[];
  let family: string[];
  const LONG_PAYER = `o-${'p'.repeat(98)}`;

  beforeAll(async () => {
    const referrer = await signUp('o-signup-referrer');
    const [referrerRow] = await sql<{ referral_code: string }>('SELECT referral_code FROM members WHERE id = ?', [
      referrer,
    ]);
    // Three new members from one phone (one of them referred); two from another; one from a third.
    farm = [
      await signUp('o-farm-1', { deviceId: 'dev-farm' }),
      await signUp('o-farm-2', { deviceId: 'dev-farm', referralCode: referrerRow.referral_code }),
      await signUp('o-farm-3', { deviceId: 'dev-farm' }),
    ];
    family = [
      await signUp('o-family-1', { deviceId: 'dev-family' }),
      await signUp('o-family-2', { deviceId: 'dev-family' }),
    ];
    const single = await signUp('o-single', { deviceId: 'dev-single' });
    // Two of this week's new members topped up by one WeChat payer; another paid for by itself.
    await paidBy(family[0], 'o-shared-payer');
    await paidBy(family[1], 'o-shared-payer');
    await paidBy(single, 'o-single');
    // A payer id longer than an alert's subject holds (pay_orders keeps up to 128 characters).
    await paidBy(farm[0], LONG_PAYER);
    await paidBy(farm[1], LONG_PAYER);
    const run = await bff.api.post('/api/admin/jobs/detect-risk/run', {}, { token: admin });
    expect(run.status).toBe(200);
  });

  test('When three new members sign up from one device, Then signup-shared-device is raised with their ids and times; not for two', async () => {
    const [alert] = await alertsFor('signup-shared-device', 'dev-farm');
    const at = clock.now().toISOString();
    expect(alert.subject).toBe('device:dev-farm');
    expect(alert.evidence).toMatchObject({
      deviceId: 'dev-farm',
      signUps: 3,
      members: farm.map((memberId) => ({ memberId, signedUpAt: at })),
      from: '2026-11-17',
      to: '2026-11-23',
    });
    expect(await alertsFor('signup-shared-device', 'dev-family')).toEqual([]);
    expect(await alertsFor('signup-shared-device', 'dev-single')).toEqual([]);
  });

  test('When two new members are paid for by one WeChat payer, Then signup-shared-payer is raised; not for a member paying for itself', async () => {
    const [alert] = await alertsFor('signup-shared-payer', 'o-shared-payer');
    expect(alert.evidence).toMatchObject({ payerOpenid: 'o-shared-payer', signUps: 2 });
    expect((alert.evidence.members as Array<{ memberId: string }>).map((m) => m.memberId).sort()).toEqual(
      [...family].sort(),
    );
    expect(await alertsFor('signup-shared-payer', 'o-single')).toEqual([]);
    const hashed = createHash('sha256').update(LONG_PAYER).digest('hex');
    const [long] = await alertsFor('signup-shared-payer', hashed);
    expect(long.evidence).toMatchObject({ payerOpenid: LONG_PAYER, signUps: 2 });
  });

  test('When the risk rule in force was saved before the sign-up thresholds existed, Then their defaults (3) apply', async () => {
    const current = (await bff.api.get('/api/admin/risk-rule', admin)).body;
    const { sharedDeviceMinSignups: _d, sharedPayerMinSignups: _p, ...older } = current.rule;
    await sql(
      `INSERT INTO rule_versions (id, kind, scope, version, rule_json, created_by, created_at) VALUES (?, 'risk', 'HQ', ?, ?, 'test', ?)`,
      ['RPTOLDRISKRULE00000000000', current.version + 1, JSON.stringify(older), clock.now()],
    );
    const members = [
      await signUp('o-old-rule-1', { deviceId: 'dev-old-rule' }),
      await signUp('o-old-rule-2', { deviceId: 'dev-old-rule' }),
    ];
    await bff.api.post('/api/admin/jobs/detect-risk/run', {}, { token: admin });
    expect(await alertsFor('signup-shared-device', 'dev-old-rule')).toEqual([]);
    members.push(await signUp('o-old-rule-3', { deviceId: 'dev-old-rule' }));
    expect((await bff.api.post('/api/admin/jobs/detect-risk/run', {}, { token: admin })).status).toBe(200);
    const [alert] = await alertsFor('signup-shared-device', 'dev-old-rule');
    expect(alert.evidence).toMatchObject({ signUps: 3, members: members.map((memberId) => ({ memberId })) });
  });

  test('When a sign-up threshold is below two, Then the risk rule is refused with 400 and stays as it was', async () => {
    const before = (await bff.api.get('/api/admin/risk-rule', admin)).body;
    const rule = { ...before.rule, sharedDeviceMinSignups: 1 };
    const res = await bff.api.put('/api/admin/risk-rule', rule, { token: admin });
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await bff.api.get('/api/admin/risk-rule', admin)).body).toEqual(before);
  });

  test('When detection runs again a day later over the same sign-ups, Then nothing new; one more sign-up raises a new alert with all four', async () => {
    const detect = () => bff.api.post('/api/admin/jobs/detect-risk/run', {}, { token: admin });
    clock.advance(24 * 3_600_000);
    try {
      expect((await detect()).status).toBe(200);
      expect(await alertsFor('signup-shared-device', 'dev-farm')).toHaveLength(1);
      expect(await alertsFor('signup-shared-payer', 'o-shared-payer')).toHaveLength(1);
      const fourth = await signUp('o-farm-4', { deviceId: 'dev-farm' });
      expect((await detect()).status).toBe(200);
      const alerts = await alertsFor('signup-shared-device', 'dev-farm');
      expect(alerts.map((a) => a.evidence.signUps).sort()).toEqual([3, 4]);
      const newest = alerts.find((a) => a.evidence.signUps === 4)!;
      expect((newest.evidence.members as Array<{ memberId: string }>).map((m) => m.memberId)).toEqual([
        ...farm,
        fourth,
      ]);
    } finally {
      clock.advance(-24 * 3_600_000);
    }
  });
});

describe('Scheduler', () => {
  const seconds: number[] = [];
  registerJob('test-tick-counter', async (deps) => {
    seconds.push(Math.floor(deps.clock.now().getTime() / 1000));
    return { processed: 1 };
  });

  test('When two instances race for the same tick, Then exactly one runs it; the next tick runs once again', async () => {
    const tick = new Date('2026-11-23T04:00:00Z');
    const first = await Promise.all([
      runTick(bff.deps, 'test-tick-counter', tick),
      runTick(bff.deps, 'test-tick-counter', tick),
    ]);
    expect(first.sort()).toEqual(['ran', 'skipped']);
    const next = new Date(tick.getTime() + 60_000);
    const second = await Promise.all([
      runTick(bff.deps, 'test-tick-counter', next),
      runTick(bff.deps, 'test-tick-counter', next),
    ]);
    expect(second.sort()).toEqual(['ran', 'skipped']);
    expect(await runTick(bff.deps, 'test-tick-counter', tick)).toBe('skipped'); // an old tick never runs again
  });

  test('When two BFF instances schedule a job every second, Then each second runs once, and GET /api/admin/jobs shows its last run', async () => {
    seconds.length = 0;
    const schedules = new Map([
      ...['expire-points', 'release-pending-points', 'refresh-tiers', 'send-outbox', 'detect-risk'].map(
        (n) => [n, 'off'] as [string, string],
      ),
      ['test-tick-counter', '* * * * * *'],
    ]);
    const config = { ...bff.config, SCHEDULER_ENABLED: 'true' as const, JOB_SCHEDULES: schedules };
    const instances: RunningBff[] = [];
    const realClock = { now: () => new Date() };
    for (let i = 0; i < 2; i++)
      instances.push(await startBff({ config, dataSource: bff.db.dataSource, clock: realClock }));
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    for (const instance of instances) await instance.close();
    expect(seconds.length).toBeGreaterThanOrEqual(2);
    expect(new Set(seconds).size).toBe(seconds.length);
    const jobs = (await bff.api.get('/api/admin/jobs', admin)).body;
    expect(jobs.schedulerEnabled).toBe(false); // this instance runs no scheduler
    const counter = jobs.items.find((j: { name: string }) => j.name === 'test-tick-counter');
    expect(counter).toMatchObject({ lastProcessed: 1, lastError: null, running: false });
    expect(counter.lastDurationMs).toBeGreaterThanOrEqual(0);
    const expire = jobs.items.find((j: { name: string }) => j.name === 'expire-points');
    expect(expire.schedule).toBe('10 0 * * *');
  });

  test('When the scheduler is on, Then the job list gives each scheduled job its next run in the chain time zone', async () => {
    const schedules = new Map([['detect-risk', '15 * * * *']]);
    const instance = await startBff({
      config: { ...bff.config, SCHEDULER_ENABLED: 'true' as const, JOB_SCHEDULES: schedules },
      dataSource: bff.db.dataSource,
      clock,
    });
    try {
      const jobs = (await fetch(`${instance.url}/api/admin/jobs`, {
        headers: { authorization: `Bearer ${admin}` },
      }).then((r) => r.json())) as {
        items: Array<{ name: string; nextRunAt: string | null; schedule: string | null }>;
      };
      const risk = jobs.items.find((j) => j.name === 'detect-risk')!;
      expect(risk.schedule).toBe('15 * * * *');
      expect(risk.nextRunAt).toBe('2026-11-23T04:15:00.000Z');
    } finally {
      await instance.close();
    }
  });

  test('When a schedule is not a cron pattern, Then the BFF refuses to start naming JOB_SCHEDULES', async () => {
    const config = {
      ...bff.config,
      SCHEDULER_ENABLED: 'true' as const,
      JOB_SCHEDULES: new Map([['detect-risk', 'every day']]),
    };
    await expect(startBff({ config, dataSource: bff.db.dataSource })).rejects.toThrow(/JOB_SCHEDULES/);
  });
});
