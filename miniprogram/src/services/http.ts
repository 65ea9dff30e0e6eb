import Taro from '@tarojs/taro';
import { apiBase } from './endpoints';
import { messageForError, NETWORK_ERROR_CODE } from './error-messages';
import { getToken } from './session';
import type { ApiErrorBody } from './types';

/**
 * The only caller of Taro.request. Two interceptors do the cross-cutting work: one attaches the
 * bearer token to BFF calls (and only to those), one turns non-2xx answers and network failures
 * into an ApiError carrying a Chinese sentence. Per-domain modules build on `request`.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** True when the request never got an answer: the write may or may not have happened. */
  get isNetwork(): boolean {
    return this.code === NETWORK_ERROR_CODE;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HttpRequest {
  method: Method;
  path: string;
  query?: Record<string, string | number | undefined | null>;
  body?: unknown;
  /** for writes marked idem in API.md; the caller keeps it across retries */
  idempotencyKey?: string;
  /** another origin than the BFF (H5: the fake WeChat control endpoints) */
  base?: string;
  /** default true: on 401 sign in again once and retry */
  retryOnUnauthorized?: boolean;
}

function authInterceptor(chain: Taro.Chain) {
  const params = chain.requestParams;
  const token = getToken();
  if (token && params.url.startsWith(apiBase())) {
    params.header = { ...params.header, Authorization: `Bearer ${token}` };
  }
  return chain.proceed(params);
}

function toApiError(statusCode: number, data: unknown): ApiError {
  const body = data as Partial<ApiErrorBody> | undefined;
  const code = body?.error?.code ?? `HTTP_${statusCode}`;
  return new ApiError(code, messageForError(code, statusCode), statusCode, body?.error?.details);
}

function errorInterceptor(chain: Taro.Chain) {
  return chain.proceed(chain.requestParams).then(
    (res: Taro.request.SuccessCallbackResult) => {
      if (res.statusCode >= 200 && res.statusCode < 300) return res;
      throw toApiError(res.statusCode, res.data);
    },
    (failure: unknown) => {
      if (failure instanceof ApiError) throw failure;
      throw new ApiError(NETWORK_ERROR_CODE, messageForError(NETWORK_ERROR_CODE, 0), 0, failure);
    },
  );
}

let installed = false;
function installInterceptors(): void {
  if (installed) return;
  // Registration order: the error mapper wraps the auth interceptor's result.
  Taro.addInterceptor(errorInterceptor);
  Taro.addInterceptor(authInterceptor);
  installed = true;
}

/** Why a token stopped working: expired or unknown (undefined), or ended by the BFF ('SESSION_REVOKED'). */
export type ReauthReason = string | undefined;
let reauthenticate: ((reason: ReauthReason) => Promise<void>) | null = null;

/**
 * auth.ts registers the silent sign-in here, so a stale or revoked token renews itself once,
 * without the member seeing a sign-out: the BFF ends sessions on merges, undone merges, blocks
 * and staff changes, and the request is simply retried with the new token.
 */
export function setReauthenticator(fn: (reason: ReauthReason) => Promise<void>): void {
  reauthenticate = fn;
}

function revocationReason(error: ApiError): ReauthReason {
  const details = error.details as { reason?: unknown } | undefined;
  return typeof details?.reason === 'string' ? details.reason : undefined;
}

function buildUrl(base: string, path: string, query: HttpRequest['query']): string {
  const pairs = Object.entries(query ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== '');
  const search = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
  return `${base}${path}${search ? `?${search}` : ''}`;
}

export async function request<T>(req: HttpRequest): Promise<T> {
  installInterceptors();
  const header: Record<string, string> = { 'Content-Type': 'application/json' };
  if (req.idempotencyKey) header['Idempotency-Key'] = req.idempotencyKey;
  const send = () =>
    Taro.request({
      url: buildUrl(req.base ?? apiBase(), req.path, req.query),
      method: req.method,
      header: { ...header },
      data: req.method === 'GET' ? undefined : (req.body ?? {}),
      dataType: 'json',
    });
  try {
    return (await send()).data as T;
  } catch (error) {
    const canRenew = req.retryOnUnauthorized !== false && !req.base && reauthenticate;
    if (!(error instanceof ApiError) || error.status !== 401 || !canRenew) throw error;
    await reauthenticate?.(revocationReason(error));
    return (await send()).data as T;
  }
}

/** An image from the BFF (the referral poster's code), as bytes, through the same interceptors. */
export async function requestBytes(path: string): Promise<ArrayBuffer> {
  installInterceptors();
  const res = await Taro.request({ url: buildUrl(apiBase(), path, {}), method: 'GET', responseType: 'arraybuffer' });
  return res.data as ArrayBuffer;
}

/** A Chinese sentence for anything thrown by a service call. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return '操作未成功，请稍后重试。';
}
