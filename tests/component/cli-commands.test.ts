import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '../support/identity-fixtures';
import { bootTestBff, type TestBff } from '../support/test-bff';

/**
 * The operations CLI as an operator runs it (`npm run cli -- …`), against the same database the
 * BFF serves: admin:create, import-members (dry run, real run, re-run, report) and audit-ledger.
 */
// Each CLI run starts a TypeScript process (several seconds on a loaded machine); a test makes up to four.
jest.setTimeout(180_000);

const root = join(__dirname, '..', '..');
let bff: TestBff;
let work: string;

beforeAll(async () => {
  bff = await bootTestBff();
  await createStore(bff, { code: 'POS1', name: '老门店' });
  work = mkdtempSync(join(tmpdir(), 'tk-cli-'));
});
afterAll(() => bff?.close());

/**
 * Runs the CLI without blocking this process: the BFF under test shares the event loop, and a
 * blocking spawn stalls it long enough for its keep-alive sockets to be reset under load.
 */
function runCli(env: Record<string, string>, cwd: string, args: string[]) {
  return new Promise<{ status: number | null; out: string; err: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--require', require.resolve('tsx/cjs'), join(root, 'scripts/src/cli.ts'), ...args],
      {
        cwd,
        env: { PATH: process.env.PATH ?? '', ...env },
      },
    );
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      err += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, out, err });
    });
  });
}

const cli = (...args: string[]) =>
  runCli(
    {
      DATABASE_URL: bff.config.DATABASE_URL,
      JWT_SECRET: bff.config.JWT_SECRET,
      DATA_KEY: bff.config.DATA_KEY,
      WECHAT_APPID: bff.config.WECHAT_APPID,
      WECHAT_SECRET: bff.config.WECHAT_SECRET,
    },
    root,
    args,
  );

const count = async (sql: string) => Number((await bff.db.dataSource.query(sql))[0].n);

describe('operations CLI', () => {
  test('When admin:create runs, Then the admin can sign in, and a second create is refused', async () => {
    expect((await cli('admin:create', 'ops', '--password', 'ops-password-1')).status).toBe(0);
    const login = await bff.api.post('/api/admin/login', { username: 'ops', password: 'ops-password-1' });
    expect(login.status).toBe(200);
    const again = await cli('admin:create', 'ops', '--password', 'ops-password-1');
    expect(again.status).not.toBe(0);
    expect(again.err).toContain('already exists');
  });

  test('When a POS export is imported, Then a dry run writes nothing, the run posts balances, a re-run changes nothing', async () => {
    const file = join(work, 'members.csv');
    writeFileSync(
      file,
      [
        'phone,name,points,storedValueFen,registeredAt,tier',
        '+86 138-0000-0001,王芳,1200,5000,2021-05-01,silver',
        '13800000002,李雷,300,0,,',
        '12345,坏号码,10,0,,',
        '13800000001,重复,99,0,,',
      ].join('\n'),
    );
    const report = join(work, 'rejected.csv');
    const dry = await cli('import-members', file, '--store', 'POS1', '--dry-run', '--report', report);
    expect(dry.status).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM members')).toBe(0);

    const run = await cli('import-members', file, '--store', 'POS1', '--report', report);
    expect(run.status).toBe(0);
    expect(run.out).toMatch(/2 new members/);
    expect(await count('SELECT COUNT(*) AS n FROM members')).toBe(2);
    const rejected = readFileSync(report, 'utf8').trim().split('\n');
    expect(rejected).toHaveLength(3); // header + the bad phone + the duplicate
    const transfers = await count("SELECT COUNT(*) AS n FROM ledger_transfers WHERE kind = 'IMPORT'");
    expect(transfers).toBe(3); // 1200 points + ¥50.00 for the first, 300 points for the second

    expect((await cli('import-members', file, '--store', 'POS1', '--report', report)).status).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM members')).toBe(2);
    expect(await count("SELECT COUNT(*) AS n FROM ledger_transfers WHERE kind = 'IMPORT'")).toBe(transfers);

    const audit = await cli('audit-ledger');
    expect(audit.status).toBe(0);
  });

  test('When the store code is unknown, Then the import stops with a clear error and writes nothing', async () => {
    const file = join(work, 'other.csv');
    writeFileSync(file, 'phone,name,points,storedValueFen,registeredAt,tier\n13900000009,x,1,0,,\n');
    const run = await cli('import-members', file, '--store', 'NOPE');
    expect(run.status).not.toBe(0);
    expect(run.err).toMatch(/NOPE/);
    expect(await count("SELECT COUNT(*) AS n FROM members WHERE name = 'x'")).toBe(0);
  });
});

describe('CLI settings', () => {
  /** The CLI with exactly these settings, run from `cwd` (the demo's database path is relative to it). */
  const cliWith = (env: Record<string, string>, cwd: string, ...args: string[]) => runCli(env, cwd, args);

  test('When several settings are missing, Then one run names all of them and how to reach the demo instead', async () => {
    const run = await cliWith({ DATABASE_URL: bff.config.DATABASE_URL, JWT_SECRET: 'short' }, root, 'audit-ledger');
    expect(run.status).toBe(78);
    expect(run.err.trim().split('\n')).toEqual([
      'Invalid settings: JWT_SECRET must be at least 16 characters; DATA_KEY is missing; WECHAT_APPID is missing; WECHAT_SECRET is missing',
      "For the demo's database, set DATABASE_URL=sqlite:data/tongka-demo.sqlite and the demo's settings apply.",
    ]);
  });

  test("When the CLI is pointed at the demo's database, Then it needs no other setting", async () => {
    const demoDir = mkdtempSync(join(tmpdir(), 'tk-cli-demo-'));
    mkdirSync(join(demoDir, 'data'));
    const demoDb = { DATABASE_URL: 'sqlite:data/tongka-demo.sqlite' };
    expect((await cliWith(demoDb, demoDir, 'migrate')).status).toBe(0);
    const created = await cliWith(demoDb, demoDir, 'admin:create', 'ops', '--password', 'ops-password-1');
    expect([created.status, created.err]).toEqual([0, '']);
    const audit = await cliWith(demoDb, demoDir, 'audit-ledger');
    expect(audit.status).toBe(0);
    expect(audit.out).toContain('balanced: true');
    // Any other SQLite file is not the demo's: real settings are needed there.
    const other = await cliWith({ DATABASE_URL: 'sqlite:data/other.sqlite' }, demoDir, 'audit-ledger');
    expect(other.status).toBe(78);
  });
});
