import { bffSettingsFor } from './bff-settings';
import { startFakeWechat } from './index';

export interface FakeWechatOptions {
  port?: string;
  host?: string;
  keys?: string;
  appid?: string;
  secret?: string;
  mchid?: string;
  publicKeyMode?: boolean;
  quiet?: boolean;
}

/** Starts the fake WeChat server until SIGINT/SIGTERM and prints the BFF settings that point at it. */
export async function runFakeWechat(options: FakeWechatOptions): Promise<void> {
  const port = Number(options.port ?? 4100);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a port number (0-65535)');
  const fake = await startFakeWechat({
    port,
    host: options.host ?? '127.0.0.1',
    keysDir: options.keys ?? '.keys',
    appid: options.appid ?? process.env.WECHAT_APPID,
    secret: options.secret ?? process.env.WECHAT_SECRET,
    mchid: options.mchid ?? process.env.WECHATPAY_MCHID,
    settings: { signingMode: options.publicKeyMode ? 'publicKey' : 'certificate' },
    log: !options.quiet,
  });
  process.stdout.write(`Fake WeChat listening on ${fake.url}\n`);
  for (const [name, value] of Object.entries(bffSettingsFor(fake))) process.stdout.write(`  ${name}=${value}\n`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
