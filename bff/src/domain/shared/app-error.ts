import { type ErrorCode, errorStatuses } from '@tongka/shared-types';

/**
 * The one error model. Domain code throws an AppError with a code from shared-types; the HTTP
 * edge takes the status from the code table and writes {error:{code,message,details}}.
 */
export class AppError extends Error {
  readonly status: number;
  readonly expose: boolean;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = errorStatuses[code];
    // Every deliberate error explains itself (a 503 WECHAT_UNAVAILABLE says to retry); only
    // INTERNAL, an unexpected fault, is answered with a bare sentence and logged.
    this.expose = code !== 'INTERNAL';
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
