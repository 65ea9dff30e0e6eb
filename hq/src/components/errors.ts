import { ApiError } from '../api/http';

/** The Chinese sentence to show for anything a call threw. */
export function messageOf(caught: unknown): string {
  return caught instanceof ApiError ? caught.message : '操作未成功，请稍后重试。';
}
