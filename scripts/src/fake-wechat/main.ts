import { bffSettingsFor } from './bff-settings';
import { startFakeWechat } from './index';

/** `node dist/scripts/src/fake-wechat/main.js --port 4100 --keys .keys [--public-key-mode] [--quiet]` */

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const fake = await startFakeWechat({
    port: Number(argument('--port') ?? 4100),
    host: argument('--host') ?? '127.0.0.1',
    keysDir: argument('--keys') ?? '.keys',
    appid: argument('--appid') ?? process.env.WECHAT_APPID,
    secret: argument('--secret') ?? process.env.WECHAT_SECRET,
    mchid: argument('--mchid') ?? process.env.WECHATPAY_MCHID,
    settings: {
      signingMode: process.argv.includes('--public-key-mode') ? 'publicKey' : 'certificate',
    },
    log: !process.argv.includes('--quiet'),
  });
  const settings = bffSettingsFor(fake);
  process.stdout.write(`Fake WeChat listening on ${fake.url}\n`);
  for (const [name, value] of Object.entries(settings)) process.stdout.write(`  ${name}=${value}\n`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
