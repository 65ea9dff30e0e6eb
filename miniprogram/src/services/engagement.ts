import type {
  CheckInMonthResponse,
  CheckInResponse,
  PointsGiftOptionsResponse,
  PointsGiftResponse,
} from '@tongka/shared-types';
import { request } from './http';

/** Daily check-in and points gifts (POST /api/me/check-in, POST /api/me/points/gift). */

export function checkIn(idempotencyKey: string): Promise<CheckInResponse> {
  return request<CheckInResponse>({ method: 'POST', path: '/api/me/check-in', body: {}, idempotencyKey });
}

export function fetchCheckIns(month?: string): Promise<CheckInMonthResponse> {
  return request<CheckInMonthResponse>({ method: 'GET', path: '/api/me/check-ins', query: { month } });
}

export function fetchGiftOptions(): Promise<PointsGiftOptionsResponse> {
  return request<PointsGiftOptionsResponse>({ method: 'GET', path: '/api/me/points/gift-options' });
}

export function giftPoints(
  body: { recipientCode: string; points: number },
  idempotencyKey: string,
): Promise<PointsGiftResponse> {
  return request<PointsGiftResponse>({ method: 'POST', path: '/api/me/points/gift', body, idempotencyKey });
}

export interface BirthdayState {
  birthday: string | null;
  locked: boolean;
}

export function fetchBirthday(): Promise<BirthdayState> {
  return request<BirthdayState>({ method: 'GET', path: '/api/me/birthday' });
}

export function saveBirthday(birthday: string): Promise<BirthdayState> {
  return request<BirthdayState>({ method: 'PUT', path: '/api/me/birthday', body: { birthday } });
}
