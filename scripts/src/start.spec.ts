import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprint, takenPort } from './start';

describe('npm start: what to build', () => {
  test('When no input changed, Then the fingerprint is the same; a touched or edited file or a build setting changes it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-start-'));
    writeFileSync(join(dir, 'a.ts'), 'export const a = 1;\n');
    const first = fingerprint(dir, ['a.ts', 'missing-dir']);
    expect(fingerprint(dir, ['a.ts', 'missing-dir'])).toBe(first);
    utimesSync(join(dir, 'a.ts'), new Date(), new Date(Date.now() + 5_000));
    const touched = fingerprint(dir, ['a.ts']);
    expect(touched).not.toBe(first);
    writeFileSync(join(dir, 'a.ts'), 'export const a = 12;\n');
    expect(fingerprint(dir, ['a.ts'])).not.toBe(touched);
    const now = fingerprint(dir, ['a.ts']);
    expect(fingerprint(dir, ['a.ts'], { TONGKA_API_BASE: 'https://api.example.com' })).not.toBe(now);
  });
});

describe('npm start: ports', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  test('When the H5 port is taken, Then that port and its setting are named; free ports pass', async () => {
    const free = { PORT: '0', FAKE_WECHAT_PORT: '0' };
    expect(await takenPort({ ...free, H5_PORT: String(port) })).toEqual({
      setting: 'H5_PORT',
      port,
      what: 'the H5 mini-program',
    });
    expect(await takenPort({ ...free, H5_PORT: '0' })).toBeNull();
  });
});
