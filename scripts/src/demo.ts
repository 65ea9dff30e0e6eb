import { loadConfigOrExit } from '../../config';
import { seedDemo } from './demo/seed-demo';
import { startStack } from './demo/stack';

/**
 * `npm start`: the whole product on this machine with no outside services. Embedded SQLite under
 * data/ unless DATABASE_URL is set; a demo chain seeded once; Ctrl-C stops everything.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env, 'demo');
  const stack = await startStack({
    config,
    keysDir: '.keys/demo',
    fakeWechatPort: Number(process.env.FAKE_WECHAT_PORT ?? 4100),
    h5Port: Number(process.env.H5_PORT ?? 10086),
    migrate: true,
    seed: seedDemo,
  });
  const lines = [
    '',
    'Tongka demo is running',
    `  BFF            ${stack.bff.url}   (health: ${stack.bff.url}/healthz, API docs: ${stack.bff.url}/docs)`,
    `  Fake WeChat    ${stack.fake.url}`,
    stack.h5
      ? `  Mini-program   ${stack.appUrl('demo-member-1')}`
      : '  Mini-program   (H5 build missing: run `npm run build:h5`)',
    `  Clerk (H5)     ${stack.h5 ? stack.appUrl('demo-clerk-1') : '-'}`,
    `  HQ console     ${stack.bff.url}/hq/   (sign in as ${config.ADMIN_USERNAME} / ${config.ADMIN_PASSWORD})`,
    `  Database       ${config.DATABASE_URL}`,
    '',
    'Press Ctrl-C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping…\n');
    await stack.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Which setting chooses the port a server could not listen on (npm start checks first; this is the race). */
const PORT_SETTINGS: Array<[string, string, number]> = [
  ['PORT', 'the BFF', 3000],
  ['FAKE_WECHAT_PORT', 'the fake WeChat server', 4100],
  ['H5_PORT', 'the H5 mini-program', 10086],
];

function portInUseLine(error: NodeJS.ErrnoException & { port?: number }): string | null {
  if (error.code !== 'EADDRINUSE') return null;
  const entry = PORT_SETTINGS.find(([setting, , fallback]) => Number(process.env[setting] || fallback) === error.port);
  const [setting, what] = entry ?? ['PORT, FAKE_WECHAT_PORT or H5_PORT', 'a demo server'];
  return `Port ${error.port} (${what}) is already in use, perhaps by another \`npm start\`: stop it, or choose another port with ${setting}.`;
}

main().catch((error) => {
  const inUse = portInUseLine(error as NodeJS.ErrnoException & { port?: number });
  process.stderr.write(inUse ? `${inUse}\n` : `Tongka demo failed to start: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
