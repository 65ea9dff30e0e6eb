import Taro, { fake } from '../../test-support/taro';
import { ApiError, request, setReauthenticator } from './http';

beforeEach(() => {
  fake.reset();
});

describe('http.request', () => {
  it('When the BFF answers with an error body, Then an ApiError with the Chinese sentence for its code is thrown', async () => {
    fake.handler = () =>
      Promise.resolve({
        statusCode: 410,
        data: { error: { code: 'CODE_EXPIRED', message: 'code expired' } },
      });
    const failure = await request<never>({
      method: 'POST',
      path: '/api/stores/s/scan',
      body: {},
    }).catch((e: ApiError) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({
      code: 'CODE_EXPIRED',
      status: 410,
      message: '会员码已过期，请让顾客刷新后重新扫描。',
    });
    expect(failure.isNetwork).toBe(false);
  });

  it('When the request never gets an answer, Then the error says the network is unavailable', async () => {
    fake.handler = () => Promise.reject({ errMsg: 'request:fail' });
    const failure = await request<never>({
      method: 'GET',
      path: '/api/me',
    }).catch((e: ApiError) => e);
    expect(failure.isNetwork).toBe(true);
    expect(failure.message).toMatch(/^网络不可用/);
  });

  it('When a token is stored, Then it goes to the BFF but never to another origin', async () => {
    Taro.setStorageSync('tongka.token', 'tok');
    fake.handler = () => Promise.resolve({ statusCode: 200, data: { code: 'x' } });
    await request({ method: 'GET', path: '/api/me' });
    await request<never>({
      method: 'POST',
      base: 'http://wx.test',
      path: '/__control/login-code',
      body: {},
    });
    expect(fake.requests[0].header?.Authorization).toBe('Bearer tok');
    expect(fake.requests[0].url).toBe('http://bff.test/api/me');
    expect(fake.requests[1].header?.Authorization).toBeUndefined();
  });

  it('When the token is stale (401), Then it signs in again once and retries with the new token', async () => {
    Taro.setStorageSync('tongka.token', 'old');
    setReauthenticator(async () => {
      Taro.setStorageSync('tongka.token', 'new');
    });
    fake.handler = (params) =>
      Promise.resolve(
        params.header?.Authorization === 'Bearer new'
          ? { statusCode: 200, data: { ok: true } }
          : {
              statusCode: 401,
              data: { error: { code: 'UNAUTHENTICATED', message: 'no' } },
            },
      );
    await expect(request({ method: 'GET', path: '/api/me' })).resolves.toEqual({
      ok: true,
    });
    expect(fake.requests.map((r) => r.header?.Authorization)).toEqual(['Bearer old', 'Bearer new']);
  });

  it('When the BFF ended the session (401 SESSION_REVOKED), Then the sign-in is told why and the request is retried once', async () => {
    Taro.setStorageSync('tongka.token', 'revoked');
    const reasons: unknown[] = [];
    setReauthenticator(async (reason) => {
      reasons.push(reason);
      Taro.setStorageSync('tongka.token', 'renewed');
    });
    fake.handler = (params) =>
      Promise.resolve(
        params.header?.Authorization === 'Bearer renewed'
          ? { statusCode: 200, data: { points: 7 } }
          : {
              statusCode: 401,
              data: {
                error: { code: 'UNAUTHENTICATED', message: 'ended', details: { reason: 'SESSION_REVOKED' } },
              },
            },
      );
    await expect(request({ method: 'GET', path: '/api/me' })).resolves.toEqual({ points: 7 });
    expect(reasons).toEqual(['SESSION_REVOKED']);
    expect(fake.requests).toHaveLength(2);
  });

  it('When a write carries an idempotency key, Then it is sent as the Idempotency-Key header', async () => {
    fake.handler = () => Promise.resolve({ statusCode: 201, data: {} });
    await request<never>({
      method: 'POST',
      path: '/api/me/check-in',
      body: {},
      idempotencyKey: 'k-1',
    });
    expect(fake.requests[0].header?.['Idempotency-Key']).toBe('k-1');
  });
});
