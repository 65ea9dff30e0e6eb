import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DataSource } from 'typeorm';
import { type RunningBff, startBff } from '../../../bff/src/server';
import type { Config } from '../../../config';
import { type FakeWechat, startFakeWechat } from '../fake-wechat';
import { bffSettingsFor } from '../fake-wechat/bff-settings';
import { type StaticServer, startStaticServer } from './static-server';

export interface StackOptions {
  config: Config;
  keysDir: string;
  fakeWechatPort: number;
  h5Port: number;
  h5Dir?: string;
  dataSource?: DataSource;
  migrate: boolean;
  seed?: (bff: RunningBff, fake: FakeWechat) => Promise<void>;
}

export interface Stack {
  fake: FakeWechat;
  bff: RunningBff;
  h5: StaticServer | null;
  /** The H5 app URL with the BFF and fake WeChat bases in its query. */
  appUrl(openid?: string, extra?: Record<string, string>): string;
  close(): Promise<void>;
}

/**
 * The whole product on one machine: the fake WeChat server, the BFF configured to talk to it,
 * and a static server for the H5 build of the mini-program. Used by `npm start` and the e2e tests.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const fake = await startFakeWechat({
    keysDir: options.keysDir,
    port: options.fakeWechatPort,
    appid: options.config.WECHAT_APPID,
    secret: options.config.WECHAT_SECRET,
    log: false,
  });
  const config: Config = { ...options.config, ...bffSettingsFor(fake) };
  const bff = await startBff({ config, dataSource: options.dataSource, migrate: options.migrate });
  if (!config.WECHATPAY_NOTIFY_URL) config.WECHATPAY_NOTIFY_URL = `${bff.url}/api/pay/notify`;
  if (options.seed) await options.seed(bff, fake);
  const h5Dir = options.h5Dir ?? defaultH5Dir();
  const h5 = existsSync(join(h5Dir, 'index.html')) ? await startStaticServer(h5Dir, options.h5Port) : null;
  return {
    fake,
    bff,
    h5,
    appUrl(openid, extra = {}) {
      const query = new URLSearchParams({ api: bff.url, wx: fake.url, ...(openid ? { openid } : {}), ...extra });
      return `${h5?.url ?? ''}/?${query.toString()}#/pages/index/index`;
    },
    async close() {
      await h5?.close();
      await bff.close();
      await fake.close();
    },
  };
}

/** miniprogram/dist/h5 of this checkout, found through the workspace link. */
export function defaultH5Dir(): string {
  return join(dirname(require.resolve('@tongka/miniprogram/package.json')), 'dist', 'h5');
}
