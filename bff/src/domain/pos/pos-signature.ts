import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The request signature shared by POS requests and webhook deliveries (docs/pos-api.md):
 * HMAC-SHA256 with the key's secret over
 *   METHOD \n PATH_WITH_QUERY \n TIMESTAMP \n NONCE \n sha256hex(body)
 * as lowercase hex. TIMESTAMP is Unix seconds; the body is the exact bytes sent (empty for GET).
 */
export const POS_HEADERS = {
  keyId: 'x-tongka-key',
  timestamp: 'x-tongka-timestamp',
  nonce: 'x-tongka-nonce',
  signature: 'x-tongka-signature',
} as const;

/** Requests more than this far from the server's clock are refused. */
export const POS_CLOCK_WINDOW_MS = 5 * 60_000;

export interface SignedParts {
  method: string;
  pathWithQuery: string;
  timestamp: string;
  nonce: string;
  body: string | Buffer;
}

export function canonicalString(parts: SignedParts): string {
  const bodyHash = createHash('sha256').update(parts.body).digest('hex');
  return [parts.method.toUpperCase(), parts.pathWithQuery, parts.timestamp, parts.nonce, bodyHash].join('\n');
}

export function signParts(secret: string, parts: SignedParts): string {
  return createHmac('sha256', secret).update(canonicalString(parts)).digest('hex');
}

/** Constant-time comparison of a given hex signature with the expected one. */
export function signatureMatches(secret: string, parts: SignedParts, given: string): boolean {
  const expected = Buffer.from(signParts(secret, parts), 'hex');
  const actual = /^[0-9a-f]{64}$/i.test(given) ? Buffer.from(given, 'hex') : Buffer.alloc(0);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The four headers for one signed request (reference for clients; used by the CLI and webhooks). */
export function signedHeaders(
  keyId: string,
  secret: string,
  parts: Omit<SignedParts, 'timestamp'> & { at: Date },
): Record<string, string> {
  const timestamp = String(Math.floor(parts.at.getTime() / 1000));
  return {
    [POS_HEADERS.keyId]: keyId,
    [POS_HEADERS.timestamp]: timestamp,
    [POS_HEADERS.nonce]: parts.nonce,
    [POS_HEADERS.signature]: signParts(secret, { ...parts, timestamp }),
  };
}
