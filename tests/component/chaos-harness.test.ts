import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { formatSeed, runSeed } from '../../scripts/src/chaos/harness';

/**
 * The fault harness itself, short: one seed of the whole mix passes (ledger audit and model
 * check), and with the idempotency guard removed the same harness catches the doubled retries and
 * names the seed that replays it.
 */

const short = { members: 3, clients: 3, opsPerClient: 7 };

beforeAll(() => {
  // The harness runs the built BFF as separate processes.
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'bin', 'build.mjs')], { stdio: 'inherit' });
}, 180_000);

describe('chaos harness', () => {
  test('When a short seed of the whole mix runs under connection kills, a restart and client retries, Then the audit and the model hold', async () => {
    const result = await runSeed(1, short);
    console.log(formatSeed(result));
    expect(result.violations).toEqual([]);
    expect(result.ops).toBe(21);
    expect(result.acknowledged).toBeGreaterThan(0);
    expect(result.unchecked).toBe(0);
  }, 240_000);

  test('When the idempotency guard is removed, Then a seed fails and prints the command that replays it', async () => {
    const result = await runSeed(3, {
      ...short,
      kinds: ['adjust', 'checkout', 'topup'],
      // Impatient clients: most first attempts give up while the server is still at work.
      timeoutsMs: [15, 30, 60],
      env: { TONGKA_FAULT_SKIP_IDEMPOTENCY: '1', NODE_ENV: 'test' },
    });
    const line = formatSeed(result);
    console.log(line);
    expect(result.violations.length).toBeGreaterThan(0);
    expect(line).toContain('VIOLATION (replay: npm run chaos -- --seed 3)');
    expect(line).toMatch(/acknowledged operations imply/);
  }, 240_000);
});
