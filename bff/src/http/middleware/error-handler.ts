import type { Context, Next } from 'koa';
import { AppError, isAppError } from '../../domain/shared/app-error';

/**
 * First in the chain: every failure leaves as {error:{code,message,details}} JSON, never HTML,
 * never a stack. Our own faults are logged and answered with a bare 500 INTERNAL.
 */
export async function errorHandler(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
    if (ctx.status === 404 && ctx.body === undefined) {
      throw new AppError('NOT_FOUND', `No route for ${ctx.method} ${ctx.path}.`);
    }
  } catch (error) {
    const appError = toAppError(error);
    if (!appError.expose) ctx.state.log?.error({ err: error }, 'request failed');
    ctx.status = appError.status;
    ctx.type = 'application/json';
    ctx.body = {
      error: {
        code: appError.code,
        message: appError.expose ? appError.message : 'Something went wrong on our side; please try again.',
        ...(appError.details && appError.expose ? { details: appError.details } : {}),
      },
    };
    if (
      appError.code === 'RATE_LIMITED' ||
      appError.code === 'WECHAT_RATE_LIMITED' ||
      appError.code === 'TOO_MANY_ATTEMPTS'
    ) {
      const retryAfter = Number(appError.details?.retryAfterSeconds ?? 60);
      ctx.set('Retry-After', String(retryAfter));
    }
  }
}

function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const status = (error as { status?: number; expose?: boolean })?.status;
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.');
  if (status === 400) return new AppError('VALIDATION_FAILED', 'The request could not be read.');
  return new AppError('INTERNAL', (error as Error)?.message ?? 'internal error');
}
