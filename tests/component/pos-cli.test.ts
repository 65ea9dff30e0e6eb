import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  createAdminToken,
  createMember,
  createStore,
  grantPoints,
  memberCode,
  topUp,
} from '../support/instore-fixtures';
import { issueKey, type PosKeyPair } from '../support/pos-fixtures';
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
  key = await issueKey(bff, await createAdminToken(bff), store, '终端 CLI');
});
afterAll(() => bff?.close());
jest.setTimeout(180_000);

/** Spawns the CLI without blocking this process (the BFF answering it runs here). */
function pos(args: string[], input?: string, secret = key.secret) {
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
  child.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (err += chunk));
  child.stdin.end(input ?? '');
  return new Promise<{ status: number | null; out: string; err: string }>((resolve) =>
    child.on('close', (status) => resolve({ status, out, err })),
  );
}

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
    expect(run.out).toContain('请扫描或输入会员码：');
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
});
