import type { Output } from 'wechatpay-node-v3/dist/lib/interface-v2';
import type { IPayRequest } from 'wechatpay-node-v3/dist/lib/pay-request.interface';

/**
 * The HTTP layer handed to the SDK through its public `createHttp` hook: the SDK hard-codes
 * https://api.mch.weixin.qq.com, so the origin is replaced by WECHATPAY_API_BASE here, and every
 * request gets a timeout (the SDK has none). Results keep the SDK's shape: `{status, data}` on
 * 2xx, `{status, error}` on 4xx/5xx, and `status` undefined when the network failed.
 */

const sdkOrigin = 'https://api.mch.weixin.qq.com';

export class RedirectingPayRequest implements IPayRequest {
  private readonly apiBase: string;

  constructor(
    apiBase: string,
    private readonly timeoutMs: number,
  ) {
    this.apiBase = apiBase.replace(/\/+$/, '');
  }

  post(url: string, params: Record<string, unknown>, headers: Record<string, string>): Promise<Output> {
    // JSON.stringify of the same object is exactly what the SDK signed.
    return this.send(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(params),
    });
  }

  get(url: string, headers: Record<string, string>): Promise<Output> {
    return this.send(url, { method: 'GET', headers });
  }

  async upload(): Promise<Output> {
    return {
      status: undefined as unknown as number,
      error: 'upload is not supported by this client',
    };
  }

  private async send(url: string, init: RequestInit): Promise<Output> {
    const target = url.startsWith(sdkOrigin) ? `${this.apiBase}${url.slice(sdkOrigin.length)}` : url;
    try {
      const response = await fetch(target, {
        ...init,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      if (response.status >= 200 && response.status < 300)
        return { status: response.status, data: parseBody(text, response) };
      return { status: response.status, error: text };
    } catch (error) {
      const reason =
        (error as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : (error as Error).message;
      return { status: undefined as unknown as number, error: reason };
    }
  }
}

function parseBody(text: string, response: Response): unknown {
  if (text === '') return undefined;
  if (!(response.headers.get('content-type') ?? '').includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
