import { WechatApiError, WechatUnavailableError } from './errors';

/** One HTTP exchange with api.weixin.qq.com, turning transport trouble into WechatUnavailableError. */

export interface WechatResponse {
  contentType: string;
  body: Buffer;
}

export async function wechatFetch(
  url: string,
  init: RequestInit,
  endpoint: string,
  timeoutMs: number,
): Promise<WechatResponse> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message;
    throw new WechatUnavailableError(endpoint, reason);
  }
  let body: Buffer;
  try {
    body = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw new WechatUnavailableError(endpoint, `body not received: ${(error as Error).message}`);
  }
  // WeChat reports its own errors with HTTP 200; anything else is the platform failing.
  if (response.status !== 200) throw new WechatUnavailableError(endpoint, `HTTP ${response.status}`);
  return { contentType: response.headers.get('content-type') ?? '', body };
}

/** Parses a JSON answer; a missing errcode counts as 0 (jscode2session and stable_token omit it). */
export function parseWechatJson<T>(response: WechatResponse, endpoint: string): T {
  let value: unknown;
  try {
    value = JSON.parse(response.body.toString('utf8'));
  } catch {
    throw new WechatUnavailableError(endpoint, 'answer is not JSON');
  }
  if (!value || typeof value !== 'object') throw new WechatUnavailableError(endpoint, 'answer is not a JSON object');
  const { errcode, errmsg } = value as { errcode?: unknown; errmsg?: unknown };
  const code = errcode === undefined || errcode === null ? 0 : Number(errcode);
  if (code !== 0) throw new WechatApiError(code, String(errmsg ?? ''), endpoint);
  return value as T;
}
