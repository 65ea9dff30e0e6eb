import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  addFailure,
  issueLegacyPhone,
  issueLoginCode,
  issuePhoneCode,
  type PayControlOptions,
  payByControl,
  settleRefundByControl,
} from './control-actions';
import type { FakeContext } from './fake-context';
import { loadOrCreateKeys } from './keys';
import { allRoutes, createDispatcher } from './server';
import { type FailureRule, type FakeSettings, FakeState, type RefundStatus } from './state';

export type {
  NotificationRecord,
  PayOrder,
  PayRefund,
  SubscribeMessageRecord,
} from './state';
export type { FailureRule, FakeSettings, PayControlOptions, RefundStatus };

/**
 * A local stand-in for api.weixin.qq.com and api.mch.weixin.qq.com that answers as WeChat does
 * (WECHAT.md), plus /__control/* endpoints to act as the user or as WeChat.
 */
export interface FakeWechatOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Where keys are generated on first run and reused afterwards (e.g. `.keys/`). */
  keysDir: string;
  appid?: string;
  secret?: string;
  mchid?: string;
  /** Waits between notification retries; WeChat's 15s, 15s, 30s, 3m... compressed by default. */
  notifyRetryDelaysMs?: number[];
  refundSettleDelayMs?: number;
  settings?: Partial<FakeSettings>;
  log?: boolean;
}

export interface FakeWechat {
  /** Base URL for both WECHAT_API_BASE and WECHATPAY_API_BASE. */
  url: string;
  appid: string;
  secret: string;
  mchid: string;
  apiV3Key: string;
  merchant: { privateKeyPath: string; certPath: string; serial: string };
  platform: {
    publicKeyPath: string;
    publicKeyId: string;
    certSerial: string;
    certPath: string;
  };
  /** Mutable: signingMode, enforceSubscriptions, holdRefunds. */
  settings: FakeSettings;
  /** Everything remembered (codes, tokens, orders, refunds, messages, notifications). */
  state: FakeState;
  issueLoginCode(openid: string, unionid?: string): string;
  issuePhoneCode(phoneNumber: string, countryCode?: string | number): string;
  issueLegacyPhone(
    openid: string,
    phoneNumber: string,
    appid?: string,
  ): { encryptedData: string; iv: string; sessionKey: string };
  pay(outTradeNo: string, options?: PayControlOptions): ReturnType<typeof payByControl>;
  settleRefund(
    outRefundNo: string,
    status: RefundStatus,
    options?: PayControlOptions,
  ): ReturnType<typeof settleRefundByControl>;
  failNext(rule: Omit<FailureRule, 'remaining'> & { times?: number }): void;
  reset(): void;
  close(): Promise<void>;
}

export const defaultNotifyRetryDelaysMs = [200, 200, 400, 1000, 2000, 4000, 6000, 6000, 6000, 12000];

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen(server.address() as AddressInfo));
  });
}

export async function startFakeWechat(options: FakeWechatOptions): Promise<FakeWechat> {
  const keys = loadOrCreateKeys(options.keysDir);
  const timers = new Set<NodeJS.Timeout>();
  const fake: FakeContext = {
    appid: options.appid ?? 'wxdemo0000000000001',
    secret: options.secret ?? 'demo-secret',
    mchid: options.mchid ?? '1900000109',
    keys,
    state: new FakeState(),
    settings: {
      signingMode: 'certificate',
      enforceSubscriptions: false,
      holdRefunds: false,
      ...options.settings,
    },
    notifyRetryDelaysMs: options.notifyRetryDelaysMs ?? defaultNotifyRetryDelaysMs,
    refundSettleDelayMs: options.refundSettleDelayMs ?? 50,
    log: options.log ? (message) => process.stdout.write(`[fake-wechat] ${message}\n`) : () => undefined,
    later: (delayMs, run) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        run();
      }, delayMs);
      timers.add(timer);
    },
  };
  const dispatch = createDispatcher(fake, allRoutes(fake));
  const server = createServer((req, res) => {
    dispatch(req, res).catch((error: Error) => {
      fake.log(`error ${error.stack ?? error.message}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('fake-wechat internal error');
    });
  });
  const address = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    url: `http://${address.address}:${address.port}`,
    appid: fake.appid,
    secret: fake.secret,
    mchid: fake.mchid,
    apiV3Key: keys.apiV3Key,
    merchant: {
      privateKeyPath: keys.merchant.privateKeyPath,
      certPath: keys.merchant.certPath,
      serial: keys.merchant.serial,
    },
    platform: {
      publicKeyPath: keys.platformPublicKey.publicKeyPath,
      publicKeyId: keys.platformPublicKey.publicKeyId,
      certSerial: keys.platformCert.serial,
      certPath: keys.platformCert.certPath,
    },
    settings: fake.settings,
    state: fake.state,
    issueLoginCode: (openid, unionid) => issueLoginCode(fake, openid, unionid),
    issuePhoneCode: (phoneNumber, countryCode) => issuePhoneCode(fake, phoneNumber, countryCode),
    issueLegacyPhone: (openid, phoneNumber, appid) => issueLegacyPhone(fake, openid, phoneNumber, appid),
    pay: (outTradeNo, payOptions) => payByControl(fake, outTradeNo, payOptions),
    settleRefund: (outRefundNo, status, settleOptions) =>
      settleRefundByControl(fake, outRefundNo, status, settleOptions),
    failNext: (rule) => void addFailure(fake, rule),
    reset: () => fake.state.reset(),
    close: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      return new Promise((resolveClose) => server.close(() => resolveClose()));
    },
  };
}
