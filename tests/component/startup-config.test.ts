import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Runs the real BFF entry point with a given environment and returns what it printed. */
function startWith(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--require', 'tsx/cjs', join(root, 'bff/src/main.ts')], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('BFF start-up settings', () => {
  test('When a required setting is missing, Then the process stops with one line naming it', () => {
    const run = startWith({
      DATABASE_URL: 'mysql://root@127.0.0.1:3306/test',
      DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
      WECHAT_APPID: 'wx1',
      WECHAT_SECRET: 's',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toEqual(['Invalid setting JWT_SECRET: is missing']);
  });

  test('When a setting is malformed, Then the process stops naming it', () => {
    const run = startWith({
      DATABASE_URL: 'postgres://nope',
      JWT_SECRET: 'x'.repeat(32),
      DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
      WECHAT_APPID: 'wx1',
      WECHAT_SECRET: 's',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/^Invalid setting DATABASE_URL: must be mysql:\/\//);
  });
});
