import { chineseMessageFor, NETWORK_MESSAGE } from './error-messages';

/**
 * The console's one HTTP module: the HQ token, JSON in and out, Idempotency-Key on value-moving
 * writes, and every refusal turned into an ApiError whose message is Chinese. A 401 on a signed-in
 * call ends the session (the app goes back to sign-in with a message).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'tongka.hq.token';
let onSessionExpired: (() => void) | null = null;

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set(token: string): void {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  clear(): void {
    sessionStorage.removeItem(TOKEN_KEY);
  },
  onExpired(handler: () => void): void {
    onSessionExpired = handler;
  },
};

export interface RequestOptions {
  body?: unknown;
  /** Value-moving writes: a fresh key per user action, so a retried click is not applied twice. */
  idempotencyKey?: string;
  /** Feature probes: a 404 is an answer (the route is not there), not an error to show. */
  signal?: AbortSignal;
}

export interface RawAnswer<T> {
  status: number;
  body: T;
}

async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = session.token();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  try {
    return await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch {
    throw new ApiError(0, 'NETWORK_UNAVAILABLE', NETWORK_MESSAGE);
  }
}

async function refusal(response: Response): Promise<ApiError> {
  const payload = (await response.json().catch(() => null)) as {
    error?: { code?: string; details?: Record<string, unknown> };
  } | null;
  const code = payload?.error?.code ?? `HTTP_${response.status}`;
  if (response.status === 401 && session.token()) {
    session.clear();
    onSessionExpired?.();
  }
  return new ApiError(response.status, code, chineseMessageFor(code, response.status), payload?.error?.details);
}

/** Sends a request and answers its JSON with its status (202 pending-approval answers stay visible). */
export async function requestRaw<T>(method: string, path: string, options: RequestOptions = {}): Promise<RawAnswer<T>> {
  const response = await send(method, path, options);
  if (!response.ok) throw await refusal(response);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  return (await requestRaw<T>(method, path, options)).body;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}, idempotencyKey?: string) =>
    request<T>('POST', path, { body, idempotencyKey }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  /** The file the BFF answers (CSV exports), saved under the name it gives. */
  async download(path: string, fallbackName: string): Promise<string> {
    const response = await send('GET', path);
    if (!response.ok) throw await refusal(response);
    const disposition = response.headers.get('content-disposition') ?? '';
    const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return name;
  },
  /** Whether a route answers on this server (a page whose API is not deployed stays hidden). */
  async exists(path: string): Promise<boolean> {
    const status = await probe(path);
    return status !== null && status !== 404 && status !== 405;
  },
  /** Whether the signed-in role may read a route (a finance user is refused what only admins read). */
  async readable(path: string): Promise<boolean> {
    const status = await probe(path);
    return status !== null && status !== 403 && status !== 404 && status !== 405;
  },
};

async function probe(path: string): Promise<number | null> {
  const response = await send('GET', path).catch(() => null);
  if (!response) return null;
  if (response.status === 401 && session.token()) await refusal(response);
  return response.status;
}

/** A key for one user action (retries of the same action reuse it). */
export function newIdempotencyKey(): string {
  return `hq-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** `?a=1&b=2` from defined values only. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
