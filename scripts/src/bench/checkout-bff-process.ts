import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface BffProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * The BFF under test runs in its own process, as in production (`npm run bff`), so its event
 * loop does not share a CPU with the load generator. Compiled main.js when the bench itself runs
 * compiled (npm run bench), else main.ts through tsx.
 */
export async function startBffProcess(env: Record<string, string>): Promise<BffProcess> {
  const port = await freePort();
  const compiled = join(__dirname, '../../../bff/src/main.js');
  // BENCH_BFF_NODE_ARGS: extra node flags for the BFF (e.g. --cpu-prof when looking for hot spots).
  const extra = (process.env.BENCH_BFF_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const [command, args] = existsSync(compiled)
    ? [process.execPath, [...extra, compiled]]
    : [join(process.cwd(), 'node_modules/.bin/tsx'), [...extra, join(process.cwd(), 'bff/src/main.ts')]];
  const child: ChildProcess = spawn(command, args, {
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`the BFF exited with ${child.exitCode}`);
    const up = await fetch(`${url}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (up) {
      return {
        url,
        stop: () =>
          new Promise<void>((resolve) => {
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the BFF did not become healthy in 20 s');
}
