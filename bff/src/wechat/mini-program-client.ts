import type { Config } from '../../../config';
import { AccessTokenProvider, isStaleTokenError } from './access-token-provider';
import type { AccessTokenStore } from './access-token-store';
import { WechatUnavailableError } from './errors';
import { parseWechatJson, type WechatResponse, wechatFetch } from './wechat-fetch';

/** Client of the mini-program server API (api.weixin.qq.com or the fake), per WECHAT.md. */

export interface MiniProgramClientOptions {
  appid: string;
  secret: string;
  /** WECHAT_API_BASE, without a trailing slash. */
  apiBase: string;
  tokenStore: AccessTokenStore;
  timeoutMs?: number;
  now?: () => Date;
}

export interface WechatSession {
  openid: string;
  /** Server-side only: never send it to the client. */
  sessionKey: string;
  unionid?: string;
}

export interface WechatPhoneInfo {
  phoneNumber: string;
  purePhoneNumber: string;
  /** Normalised to a string: WeChat documents a string but has been seen to send the number 86. */
  countryCode: string;
  watermark: { timestamp: number; appid: string };
}

export interface UnlimitedQrCodeInput {
  scene: string;
  page?: string;
  width?: number;
  checkPath?: boolean;
  envVersion?: 'release' | 'trial' | 'develop';
}

export interface SubscribeMessageInput {
  touser: string;
  templateId: string;
  page?: string;
  /** `{thing1: 'text'}` or `{thing1: {value: 'text'}}`. */
  data: Record<string, string | { value: string }>;
  miniprogramState?: 'developer' | 'trial' | 'formal';
  lang?: string;
}

export function miniProgramOptionsFromConfig(config: Config, tokenStore: AccessTokenStore): MiniProgramClientOptions {
  return {
    appid: config.WECHAT_APPID,
    secret: config.WECHAT_SECRET,
    apiBase: config.WECHAT_API_BASE,
    tokenStore,
  };
}

export class MiniProgramClient {
  private readonly apiBase: string;
  private readonly timeoutMs: number;
  private readonly tokens: AccessTokenProvider;

  constructor(private readonly options: MiniProgramClientOptions) {
    this.apiBase = options.apiBase.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5000;
    const now = options.now ?? (() => new Date());
    this.tokens = new AccessTokenProvider({
      ...options,
      apiBase: this.apiBase,
      store: options.tokenStore,
      timeoutMs: this.timeoutMs,
      now,
    });
  }

  async code2Session(code: string): Promise<WechatSession> {
    const query = new URLSearchParams({
      appid: this.options.appid,
      secret: this.options.secret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    const endpoint = 'jscode2session';
    const response = await wechatFetch(
      `${this.apiBase}/sns/jscode2session?${query}`,
      { method: 'GET' },
      endpoint,
      this.timeoutMs,
    );
    const body = parseWechatJson<{
      openid?: string;
      session_key?: string;
      unionid?: string;
    }>(response, endpoint);
    if (!body.openid || !body.session_key)
      throw new WechatUnavailableError(endpoint, 'answer lacks openid or session_key');
    return {
      openid: body.openid,
      sessionKey: body.session_key,
      ...(body.unionid ? { unionid: body.unionid } : {}),
    };
  }

  async getPhoneNumber(code: string, openid?: string): Promise<WechatPhoneInfo> {
    const endpoint = 'getuserphonenumber';
    const response = await this.postWithToken(
      '/wxa/business/getuserphonenumber',
      { code, ...(openid ? { openid } : {}) },
      endpoint,
    );
    const { phone_info: info } = parseWechatJson<{
      phone_info?: WechatPhoneInfo & { countryCode: string | number };
    }>(response, endpoint);
    if (!info?.purePhoneNumber) throw new WechatUnavailableError(endpoint, 'answer lacks phone_info');
    return { ...info, countryCode: String(info.countryCode) };
  }

  /** The image bytes, or WechatApiError: WeChat answers errors as JSON with HTTP 200. */
  async getUnlimitedQrCode(input: UnlimitedQrCodeInput): Promise<{ contentType: string; image: Buffer }> {
    const endpoint = 'getwxacodeunlimit';
    const body = {
      scene: input.scene,
      ...(input.page !== undefined ? { page: input.page } : {}),
      ...(input.width !== undefined ? { width: input.width } : {}),
      ...(input.checkPath !== undefined ? { check_path: input.checkPath } : {}),
      ...(input.envVersion !== undefined ? { env_version: input.envVersion } : {}),
    };
    const response = await this.postWithToken('/wxa/getwxacodeunlimit', body, endpoint);
    if (response.contentType.startsWith('image/'))
      return {
        contentType: response.contentType.split(';')[0],
        image: response.body,
      };
    parseWechatJson(response, endpoint);
    throw new WechatUnavailableError(endpoint, `unexpected content type ${response.contentType}`);
  }

  async sendSubscribeMessage(input: SubscribeMessageInput): Promise<{ msgid: number }> {
    const endpoint = 'subscribe.send';
    const data = Object.fromEntries(
      Object.entries(input.data).map(([key, value]) => [key, typeof value === 'string' ? { value } : value]),
    );
    const body = {
      touser: input.touser,
      template_id: input.templateId,
      data,
      ...(input.page !== undefined ? { page: input.page } : {}),
      ...(input.miniprogramState !== undefined ? { miniprogram_state: input.miniprogramState } : {}),
      ...(input.lang !== undefined ? { lang: input.lang } : {}),
    };
    const response = await this.postWithToken('/cgi-bin/message/subscribe/send', body, endpoint);
    return {
      msgid: parseWechatJson<{ msgid: number }>(response, endpoint).msgid,
    };
  }

  /** Posts with the current token; on a stale-token error re-fetches once and retries once. */
  private async postWithToken(path: string, body: unknown, endpoint: string): Promise<WechatResponse> {
    const post = async (token: string) => {
      const response = await wechatFetch(
        `${this.apiBase}${path}?access_token=${encodeURIComponent(token)}`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        },
        endpoint,
        this.timeoutMs,
      );
      if (!response.contentType.startsWith('image/')) parseWechatJson(response, endpoint);
      return response;
    };
    const token = await this.tokens.get();
    try {
      return await post(token);
    } catch (error) {
      if (!isStaleTokenError(error)) throw error;
      return post(await this.tokens.refresh(token));
    }
  }
}
