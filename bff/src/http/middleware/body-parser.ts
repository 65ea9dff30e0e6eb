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
    if (declared > limitBytes) throw tooLarge(limitBytes);
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
      if ((error as { type?: string }).type === 'entity.too.large') throw tooLarge(limitBytes);
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
