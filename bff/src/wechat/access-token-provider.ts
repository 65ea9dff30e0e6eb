import type { AccessTokenStore } from './access-token-store';
import { WechatApiError, WechatUnavailableError } from './errors';
import { parseWechatJson, wechatFetch } from './wechat-fetch';

/**
 * Hands out the mini-program access token via stable_token: from the store while it has more
 * than 5 minutes left, else fetched (one fetch at a time per process) and stored.
 */

export interface AccessTokenProviderOptions {
  appid: string;
  secret: string;
  apiBase: string;
  store: AccessTokenStore;
  timeoutMs: number;
  now: () => Date;
}

const refreshMarginMs = 5 * 60 * 1000;

/** Token errors after which a fresh token is worth one retry. */
export function isStaleTokenError(error: unknown): boolean {
  return error instanceof WechatApiError && [40001, 40014, 42001].includes(error.errcode);
}

export class AccessTokenProvider {
  private inFlight: Promise<string> | null = null;

  constructor(private readonly options: AccessTokenProviderOptions) {}

  async get(): Promise<string> {
    const stored = await this.options.store.get(this.options.appid);
    if (stored && stored.expiresAt.getTime() - this.options.now().getTime() > refreshMarginMs) return stored.token;
    return this.fetchShared(false);
  }

  /**
   * Called after WeChat refused `rejected`. Normal mode returns the current token (perhaps already
   * renewed by another instance); only if that is the same refused token do we force a new one,
   * because force_refresh is rationed (20 a day) and invalidates the token for every instance.
   */
  async refresh(rejected: string): Promise<string> {
    const current = await this.fetchShared(false);
    if (current !== rejected) return current;
    return this.fetch(true);
  }

  private fetchShared(forceRefresh: boolean): Promise<string> {
    if (!this.inFlight) {
      this.inFlight = this.fetch(forceRefresh).finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  private async fetch(forceRefresh: boolean): Promise<string> {
    const { appid, secret, apiBase, timeoutMs, store, now } = this.options;
    const endpoint = 'stable_token';
    const response = await wechatFetch(
      `${apiBase}/cgi-bin/stable_token`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credential',
          appid,
          secret,
          force_refresh: forceRefresh,
        }),
      },
      endpoint,
      timeoutMs,
    );
    const { access_token: token, expires_in: expiresInS } = parseWechatJson<{
      access_token?: string;
      expires_in?: number;
    }>(response, endpoint);
    if (!token || typeof expiresInS !== 'number')
      throw new WechatUnavailableError(endpoint, 'answer lacks access_token');
    await store.put(appid, token, new Date(now().getTime() + expiresInS * 1000));
    return token;
  }
}
