import { sqlParams } from '../../bff/src/db/tx';
import { addLocalDays } from '../../bff/src/domain/shared/chain-time';
import { registerJob } from '../../bff/src/jobs/registry';
import { runTick } from '../../bff/src/jobs/scheduler';
import { type RunningBff, startBff } from '../../bff/src/server';
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
import { bootTestBff, type TestBff } from '../support/test-bff';

// Monday 2026-11-23, 12:00 in Shanghai.
const clock = new MovableClock(new Date('2026-11-23T04:00:00Z'));
let bff: TestBff;
let admin: string;
const buy = buyer(() => bff, 'K');

const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await bff.db.dataSource.query(text, sqlParams(params))) as T[];

beforeAll(async () => {
  bff = await bootTestBff({ clock });
  admin = await insertAdminToken(bff.db.dataSource, bff.config.JWT_SECRET);
  const rule = {
    clerkNormMultiple: 3,
    clerkMinRefunds: 3,
    fewMembersShare: 0.8,
    fewMembersMinPoints: 500,
    memberSpikeMultiple: 5,
    memberSpikeMinPoints: 300,
    clerkDailyMovePointsCap: 1_000,
    windowDays: 7,
  };
  expect((await bff.api.put('/api/admin/risk-rule', rule, { token: admin })).status).toBe(200);
});
afterAll(() => bff?.close());

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

  beforeAll(async () => {
    storeA = await createStore(bff, 'Risk A');
    storeB = await createStore(bff, 'Risk B');
    [busyRefunder, quietClerk, favouriteClerk] = [
      await createStaff(bff, storeA),
      await createStaff(bff, storeA),
      await createStaff(bff, storeA),
    ];
    fewRefunds = await createStaff(bff, storeB);
    [favourite, steady, small] = [await createMember(bff), await createMember(bff), await createMember(bff)];
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
