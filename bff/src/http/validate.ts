import type { z } from 'zod';
import { AppError } from '../domain/shared/app-error';

/** Parses input with a shared-types schema; failures are 400 VALIDATION_FAILED naming each path. */
export function validate<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  input: unknown,
  where: 'body' | 'query' | 'params',
): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: [where, ...issue.path].join('.'),
    message: issue.message,
    code: issue.code,
  }));
  const first = issues[0];
  throw new AppError('VALIDATION_FAILED', `Invalid ${first.path}: ${first.message}.`, { issues });
}
