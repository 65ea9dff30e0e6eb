import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';

/**
 * `npm start`'s program on an empty embedded database: it seeds the demo chain, serves
 * /healthz, and on Ctrl-C (SIGINT) stops every server it started and exits.
 */
const root = join(__dirname, '..', '..');
const database = `/tmp/tk_demo_${process.pid}.sqlite`;
let demo: ChildProcess | undefined;

afterAll(() => {
  demo?.kill('SIGKILL');
  for (const suffix of ['', '-wal', '-shm']) rmSync(database + suffix, { force: true });
});

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`demo did not print ${pattern}:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}

const portIsOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

test('When the demo starts on an empty database and gets Ctrl-C, Then it serves health and seeded stores, then leaves nothing running', async () => {
  demo = spawn(process.execPath, ['--require', 'tsx/cjs', join(root, 'scripts/src/demo.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `sqlite:${database}`, PORT: '0', FAKE_WECHAT_PORT: '0', H5_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = await waitForOutput(demo, /Press Ctrl-C to stop/, 90_000);
  const bffUrl = /BFF\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
  const fakeUrl = /Fake WeChat\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
  expect(bffUrl).toBeDefined();
  expect(await (await fetch(`${bffUrl}/healthz`)).json()).toEqual({ ok: true, db: 'up' });

  const login = await fetch(`${bffUrl}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'tongka-demo' }),
  });
  const { token } = await login.json();
  const stores = await (
    await fetch(`${bffUrl}/api/admin/stores`, { headers: { authorization: `Bearer ${token}` } })
  ).json();
  expect(stores.items.map((store: { code: string }) => store.code).sort()).toEqual(['HZ001', 'SH001', 'SZ001']);

  const exited = new Promise<number | null>((resolve) => demo?.once('exit', (code) => resolve(code)));
  demo.kill('SIGINT');
  expect(await exited).toBe(0);
  const h5Url = /Mini-program\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
  const ports = [bffUrl, fakeUrl, h5Url].filter(Boolean).map((url) => Number(new URL(String(url)).port));
  expect(ports.length).toBeGreaterThanOrEqual(2);
  for (const port of ports) expect(await portIsOpen(port)).toBe(false);
}, 120_000);

test('When `npm start` runs while its BFF port is taken, Then it stops at once with one line naming the port and PORT, building nothing', async () => {
  // Stands in for a first `npm start` still running on that port.
  const running = createServer();
  await new Promise<void>((resolve) => running.listen(0, '127.0.0.1', resolve));
  const port = (running.address() as { port: number }).port;
  try {
    const second = spawnSync(process.execPath, ['--require', 'tsx/cjs', join(root, 'scripts/src/start.ts')], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: `sqlite:${database}`,
        PORT: String(port),
        FAKE_WECHAT_PORT: '0',
        H5_PORT: '0',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(second.status).toBe(1);
    expect(second.stdout).toBe(''); // no build started, nothing rebuilt under the running demo
    const lines = second.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Port ${port} (the BFF) is already in use`);
    expect(lines[0]).toContain(`PORT=${port + 1} npm start`);
  } finally {
    await new Promise((resolve) => running.close(resolve));
  }
}, 90_000);

test('When the port is taken between the check and the listen, Then the demo says which in one line, no stack trace', async () => {
  const running = createServer();
  await new Promise<void>((resolve) => running.listen(0, '127.0.0.1', resolve));
  const port = (running.address() as { port: number }).port;
  try {
    const race = spawnSync(process.execPath, ['--require', 'tsx/cjs', join(root, 'scripts/src/demo.ts')], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: `sqlite:${database}`,
        PORT: '0',
        FAKE_WECHAT_PORT: String(port),
        H5_PORT: '0',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(race.status).toBe(1);
    expect(race.stderr.trim().split('\n')).toEqual([
      `Port ${port} (the fake WeChat server) is already in use, perhaps by another \`npm start\`: stop it, or choose another port with FAKE_WECHAT_PORT.`,
    ]);
  } finally {
    await new Promise((resolve) => running.close(resolve));
  }
}, 90_000);
