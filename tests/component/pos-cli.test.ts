import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import {
  createAdminToken,
  createMember,
  createStore,
  grantPoints,
  memberCode,
  type TestMember,
  topUp,
} from '../support/instore-fixtures';
import { bindPhone, issueKey, type PosKeyPair } from '../support/pos-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

/**
 * `npm run cli -- pos` as an operator runs it: flags or answers typed at its prompts, receipts read
 * back. The BFF runs on the real clock here, as the CLI signs with the machine's time.
 */
const root = join(__dirname, '..', '..');
let bff: TestBff;
let store: string;
let key: PosKeyPair;

beforeAll(async () => {
  bff = await bootTestBff();
  store = await createStore(bff, '南京西路店');
  const admin = await createAdminToken(bff);
  key = await issueKey(bff, admin, store, '终端 CLI');
  // More than 1,000 points or ¥50 of stored value in one checkout needs the member's approval.
  const rule = { pointsAbove: 1_000, storedValueAboveFen: 5_000 };
  expect((await bff.api.put('/api/admin/member-approval-rule', rule, { token: admin })).status).toBe(200);
});
afterAll(() => bff?.close());
jest.setTimeout(180_000);

/**
 * Starts the CLI without blocking this process (the BFF answering it runs here). `until` resolves
 * once the output holds a text (the operator reading the screen), `type` answers a prompt.
 */
function startPos(args: string[], secret = key.secret) {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(root, 'scripts/src/cli.ts'), 'pos', ...args], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      TONGKA_POS_URL: bff.url,
      TONGKA_POS_KEY: key.keyId,
      TONGKA_POS_SECRET: secret,
    },
  });
  let out = '';
  let err = '';
  const watchers: Array<() => void> = [];
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    out += chunk;
    for (const watch of [...watchers]) watch();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => (err += chunk));
  const done = new Promise<{ status: number | null; out: string; err: string }>((resolve) =>
    child.on('close', (status) => resolve({ status, out, err })),
  );
  /** Resolves with the output once it holds `text` `times` times. */
  const until = (text: string, times = 1) =>
    new Promise<string>((resolve, reject) => {
      const watch = () => {
        if (out.split(text).length > times) {
          watchers.splice(watchers.indexOf(watch), 1);
          resolve(out);
        }
      };
      watchers.push(watch);
      watch();
      done.then(() => reject(new Error(`the CLI ended without "${text}":\n${out}\n${err}`)));
    });
  const type = (line: string) => child.stdin.write(`${line}\n`);
  return { until, type, done, end: () => child.stdin.end() };
}

/** Runs the CLI to the end with everything typed ahead. */
function pos(args: string[], input?: string, secret = key.secret) {
  const run = startPos(args, secret);
  if (input) run.type(input.replace(/\n$/, ''));
  run.end();
  return run.done;
}

/** The id the CLI printed for its latest request to the member. */
const lastApprovalId = (out: string) => [...out.matchAll(/确认单号：(\S+)/g)].pop()?.[1] ?? '';
const approveOnPhone = (member: TestMember, approvalId: string) =>
  bff.api.post(`/api/me/member-approvals/${approvalId}/approve`, {}, { token: member.token });

describe('the terminal POS', () => {
  test('When run with flags, Then it checks out with points and prints the receipt in Chinese', async () => {
    const member = await createMember(bff);
    await grantPoints(bff, member.id, store, 800);
    await topUp(bff, member.id, store, 3_000);
    const code = await memberCode(bff, member);
    const run = await pos([
      '--code',
      code,
      '--amount',
      '100.00',
      '--points',
      '500',
      '--stored-value',
      '10',
      '--order',
      'CLI-0001',
    ]);
    expect(run.err).toBe('');
    expect(run.status).toBe(0);
    expect(run.out).toContain('会员：未绑定手机  积分 800  储值 ¥30.00');
    expect(run.out).toContain('订单号：CLI-0001');
    expect(run.out).toContain('消费金额：¥100.00');
    expect(run.out).toContain('积分抵扣：500 分（-¥5.00）');
    expect(run.out).toContain('储值支付：¥10.00');
    // 10,000 - 500 - 1,000 = 8,500 fen cash: 85 points.
    expect(run.out).toContain('现金应付：¥85.00');
    expect(run.out).toContain('本单积分：+85');
    expect(run.out).toContain('积分余额：385');
    expect(run.out).toContain('储值余额：¥20.00');
    const rows = await bff.db.dataSource.query("SELECT amount_fen FROM checkouts WHERE order_ref = 'CLI-0001'");
    expect(rows.map((r: { amount_fen: unknown }) => Number(r.amount_fen))).toEqual([10_000]);
  });

  test('When the operator answers the prompts, Then the receipt shows what was typed', async () => {
    const member = await createMember(bff);
    const code = await memberCode(bff, member);
    const run = await pos([], `${code}\n88.5\n0\n`);
    expect(run.status).toBe(0);
    expect(run.out).toContain('请扫描会员码或输入手机号：');
    expect(run.out).toContain('消费金额（元）：');
    expect(run.out).toContain('使用积分（0 为不使用）：');
    expect(run.out).toContain('消费金额：¥88.50');
    expect(run.out).toContain('现金应付：¥88.50');
    expect(run.out).toContain('本单积分：+88');
  });

  test('When the secret is wrong or the amount is not money, Then it says so and nothing is charged', async () => {
    const member = await createMember(bff);
    const before = Number((await bff.db.dataSource.query('SELECT COUNT(*) AS n FROM checkouts'))[0].n);
    const wrong = await pos(
      ['--code', await memberCode(bff, member), '--amount', '1', '--points', '0'],
      undefined,
      'not-the-secret',
    );
    expect(wrong.status).toBe(1);
    expect(wrong.err).toContain('失败：POS_SIGNATURE_INVALID');
    const badAmount = await pos(['--code', await memberCode(bff, member), '--amount', '12.345', '--points', '0']);
    expect(badAmount.status).toBe(1);
    expect(badAmount.err).toContain('金额格式不正确');
    expect(Number((await bff.db.dataSource.query('SELECT COUNT(*) AS n FROM checkouts'))[0].n)).toBe(before);
  });

  test('When the operator types the phone number and a large deduction, Then the member approves both on the phone and the receipt prints', async () => {
    const member = await createMember(bff);
    await bindPhone(bff, member.id, '13912345678');
    await grantPoints(bff, member.id, store, 5_000);
    const run = startPos(['--poll-ms', '50', '--order', 'CLI-PHONE-1']);
    run.type('139 1234 5678');
    let out = await run.until('确认单号：');
    expect(out).toContain('已请求会员确认手机号查询（等待会员确认）');
    // Nothing about the member shows before the member says yes.
    expect(out).not.toContain('会员：');
    expect((await approveOnPhone(member, lastApprovalId(out))).status).toBe(200);
    await run.until('消费金额（元）：');
    run.type('100');
    await run.until('使用积分（0 为不使用）：');
    run.type('2000');
    out = await run.until('确认单号：', 2);
    expect(out).toContain('本单抵扣超过会员确认额度（积分 2000 分，储值 ¥0.00），需会员确认。');
    expect((await approveOnPhone(member, lastApprovalId(out))).status).toBe(200);
    run.end();
    const result = await run.done;
    expect(result.err).toBe('');
    expect(result.status).toBe(0);
    expect(result.out).toContain('会员：139****5678  积分 5000  储值 ¥0.00');
    expect(result.out.split('状态：会员已同意（手机）').length - 1).toBe(2);
    // 10,000 - 2,000 points (¥20.00) = 8,000 fen cash: 80 points; 5,000 - 2,000 + 80 = 3,080.
    expect(result.out).toContain('积分抵扣：2000 分（-¥20.00）');
    expect(result.out).toContain('现金应付：¥80.00');
    expect(result.out).toContain('积分余额：3080');
    const rows = await bff.db.dataSource.query("SELECT COUNT(*) AS n FROM checkouts WHERE order_ref = 'CLI-PHONE-1'");
    expect(Number(rows[0].n)).toBe(1);
  });

  test('When the member types a wrong then the right payment PIN at the till, Then the large deduction goes through once', async () => {
    const member = await createMember(bff);
    await topUp(bff, member.id, store, 20_000);
    expect((await bff.api.put('/api/me/payment-pin', { pin: '258013' }, { token: member.token })).status).toBe(200);
    const code = await memberCode(bff, member);
    const args = ['--code', code, '--amount', '80', '--points', '0', '--stored-value', '60', '--order', 'CLI-PIN-1'];
    const run = await pos([...args, '--poll-ms', '50'], '12345\n000000\n258013\n');
    expect(run.err).toBe('');
    expect(run.status).toBe(0);
    expect(run.out).toContain('需会员确认');
    expect(run.out).toContain('支付密码为 6 位数字；离线确认码为 m 加 6 位数字。');
    expect(run.out).toContain('支付密码不正确，还可尝试 4 次。');
    expect(run.out).toContain('状态：会员已同意（支付密码）');
    expect(run.out).not.toContain('258013');
    // ¥80 - ¥60 stored value = ¥20 cash; ¥200 - ¥60 = ¥140 left.
    expect(run.out).toContain('储值支付：¥60.00');
    expect(run.out).toContain('现金应付：¥20.00');
    expect(run.out).toContain('储值余额：¥140.00');
  });

  test("When the operator types m and the card's offline approval code, Then the large deduction goes through once", async () => {
    const member = await createMember(bff);
    await topUp(bff, member.id, store, 20_000);
    const secret = await bff.api.get('/api/me/member-code-secret', member.token);
    // The card's code, computed here from RFC 4226: HMAC-SHA256(secret, "approve:" + minute), 6 digits.
    const step = Math.floor(Date.now() / 60_000);
    const mac = createHmac('sha256', Buffer.from(secret.body.secret, 'base64url')).update(`approve:${step}`).digest();
    const offset = (mac[mac.length - 1] as number) & 0x0f;
    const approvalCode = String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
    const code = await memberCode(bff, member);
    const args = ['--code', code, '--amount', '80', '--points', '0', '--stored-value', '60', '--order', 'CLI-CODE-1'];
    const run = await pos([...args, '--poll-ms', '50'], `m${approvalCode}\n`);
    expect(run.err).toBe('');
    expect(run.status).toBe(0);
    expect(run.out).toContain('状态：会员已同意（离线确认码）');
    expect(run.out).toContain('储值余额：¥140.00');
  });

  test('When the member declines the phone lookup, Then the POS says so and checks nothing out', async () => {
    const member = await createMember(bff);
    await bindPhone(bff, member.id, '13812340000');
    const run = startPos(['--phone', '13812340000', '--amount', '10', '--points', '0', '--poll-ms', '50']);
    run.end();
    const out = await run.until('确认单号：');
    const id = lastApprovalId(out);
    expect((await bff.api.post(`/api/me/member-approvals/${id}/reject`, {}, { token: member.token })).status).toBe(200);
    const result = await run.done;
    expect(result.status).toBe(1);
    expect(result.out).toContain('状态：会员已拒绝');
    expect(result.out).not.toContain('订单号');
    const unknown = await pos(['--phone', '13700000000', '--amount', '10', '--points', '0']);
    expect(unknown.status).toBe(1);
    expect(unknown.err).toContain('失败：MEMBER_NOT_FOUND');
  });
});
