import type { Context, Next } from 'koa';
import getRawBody from 'raw-body';
import { AppError } from '../../domain/shared/app-error';

const DEFAULT_LIMIT_BYTES = 64 * 1024;

/**
 * Reads the body once, keeps the raw bytes (WeChat Pay signatures are over the exact bytes,
 * WECHAT.md) in ctx.state.rawBody, and parses JSON. Only application/json is accepted.
 */
export function bodyParser(limitBytes = DEFAULT_LIMIT_BYTES) {
  return async function bodyParserMiddleware(ctx: Context, next: Next): Promise<void> {
    ctx.state.body = undefined;
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method)) return next();
    const declared = Number(ctx.get('content-length') || 0);
    if (declared > limitBytes) {
      await drain(ctx);
      throw tooLarge(limitBytes);
    }
    const hasBody = declared > 0 || ctx.get('transfer-encoding') !== '';
    if (!hasBody) return next();
    if (!ctx.is('application/json')) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.', {
        contentType: ctx.get('content-type') || null,
      });
    }
    let raw: Buffer;
    try {
      raw = await getRawBody(ctx.req, { limit: limitBytes });
    } catch (error) {
      if ((error as { type?: string }).type === 'entity.too.large') {
        await drain(ctx);
        throw tooLarge(limitBytes);
      }
      throw new AppError('VALIDATION_FAILED', 'The request body could not be read.');
    }
    ctx.state.rawBody = raw;
    if (raw.length > 0) ctx.state.body = parseJson(raw);
    return next();
  };
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('MALFORMED_JSON', 'The request body is not valid JSON.');
  }
}

function tooLarge(limitBytes: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `The request body is larger than ${limitBytes} bytes.`, { limitBytes });
}

/** How much of an oversized body is read and dropped so the client gets its 413 (beyond: the socket closes). */
const DRAIN_LIMIT_BYTES = 8 * 1024 * 1024;
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Reads and drops the rest of a body that is too large before answering (issue #10, finding 15):
 * a server that answers and closes while the client is still sending makes the client see a
 * connection reset instead of the 413. Bounded in bytes and time; the connection is not reused.
 */
function drain(ctx: Context): Promise<void> {
  ctx.set('Connection', 'close');
  const req = ctx.req;
  if (req.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const done = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', done);
      req.off('error', done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > DRAIN_LIMIT_BYTES) done();
    };
    const timer = setTimeout(done, DRAIN_TIMEOUT_MS);
    req.on('data', onData);
    req.once('end', done);
    req.once('error', done);
    req.resume();
  });
}
