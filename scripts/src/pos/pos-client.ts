import { randomBytes } from 'node:crypto';
import { signedHeaders } from '../../../bff/src/domain/pos/pos-signature';

export interface PosResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface PosClientOptions {
  /** The HTTP transport (tests use it to lose an answer on the way back). */
  fetch?: typeof fetch;
  /** How many times a request whose answer was lost is sent again (default 3). */
  retries?: number;
  /** Wait before the first retry, doubled for each next one (default 500 ms). */
  retryDelayMs?: number;
}

/**
 * The reference POS client: every request signed with the store's key (docs/pos-api.md). When the
 * connection drops before the answer arrives (or the server says the first attempt is still being
 * processed), the request is sent again as a new request (new timestamp and nonce) with the same
 * body and Idempotency-Key (the POS order number): the server answers the first result again and
 * charges nothing twice.
 */
export class PosClient {
  constructor(
    readonly baseUrl: string,
    readonly keyId: string,
    readonly secret: string,
    private readonly now: () => Date = () => new Date(),
    private readonly options: PosClientOptions = {},
  ) {}

  async request<T = any>(
    method: 'GET' | 'POST',
    pathWithQuery: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<PosResponse<T>> {
    // Only a GET or a write carrying an Idempotency-Key is safe to send twice.
    const retries = method === 'GET' || idempotencyKey ? (this.options.retries ?? 3) : 0;
    for (let attempt = 0; ; attempt++) {
      const wait = (this.options.retryDelayMs ?? 500) * 2 ** attempt;
      try {
        const res = await this.send<T>(method, pathWithQuery, body, idempotencyKey);
        const inProgress = res.status === 409 && (res.body as any)?.error?.code === 'IDEMPOTENCY_REQUEST_IN_PROGRESS';
        if (!inProgress || attempt >= retries) return res;
      } catch (error) {
        if (attempt >= retries) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** One signed attempt: a fresh timestamp and nonce every time. */
  private async send<T>(
    method: 'GET' | 'POST',
    pathWithQuery: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<PosResponse<T>> {
    const raw = body === undefined ? '' : JSON.stringify(body);
    const nonce = randomBytes(16).toString('hex');
    const headers: Record<string, string> = signedHeaders(this.keyId, this.secret, {
      method,
      pathWithQuery,
      nonce,
      body: raw,
      at: this.now(),
    });
    if (raw) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const response = await (this.options.fetch ?? fetch)(this.baseUrl + pathWithQuery, {
      method,
      headers,
      body: raw || undefined,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  scan(code: string) {
    return this.request('POST', '/api/pos/scan', { code });
  }

  preview(body: Record<string, unknown>) {
    return this.request('POST', '/api/pos/checkouts/preview', body);
  }

  /** The POS order number is the Idempotency-Key and the checkout's orderRef. */
  checkout(orderNo: string, body: Record<string, unknown>) {
    return this.request('POST', '/api/pos/checkouts', { orderRef: orderNo, ...body }, orderNo);
  }

  refund(checkoutId: string, refundNo: string, amountFen?: number) {
    return this.request(
      'POST',
      `/api/pos/checkouts/${encodeURIComponent(checkoutId)}/refund`,
      amountFen === undefined ? {} : { amountFen },
      refundNo,
    );
  }

  /** Asks the member to let this store serve them (Idempotency-Key: e.g. `<order>-LOOKUP`). */
  lookupByPhone(phone: string, requestNo: string) {
    return this.request('POST', '/api/pos/members/lookup-by-phone', { phone }, requestNo);
  }

  /** Asks the member to approve this checkout body (a deduction above HQ's limit). */
  askApproval(requestNo: string, body: Record<string, unknown>) {
    return this.request('POST', '/api/pos/member-approvals', body, requestNo);
  }

  /** The state of a request to the member; an approved phone lookup carries `scan`. */
  approval(approvalId: string) {
    return this.request('GET', `/api/pos/member-approvals/${encodeURIComponent(approvalId)}`);
  }

  /** The member's 6-digit payment PIN, typed at the till, approves a pending request. */
  enterPin(approvalId: string, pin: string) {
    return this.request('POST', `/api/pos/member-approvals/${encodeURIComponent(approvalId)}/pin`, { pin });
  }

  /** The one-time 6-digit approval code on the member's card, typed at the till, approves a pending request. */
  enterApprovalCode(approvalId: string, approvalCode: string) {
    return this.request('POST', `/api/pos/member-approvals/${encodeURIComponent(approvalId)}/pin`, { approvalCode });
  }

  day(date?: string) {
    return this.request('GET', `/api/pos/checkouts${date ? `?date=${date}` : ''}`);
  }
}
