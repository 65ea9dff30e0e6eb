import { randomBytes } from 'node:crypto';
import { accessTokenLifetimeMs, codeLifetimeMs, type FakeContext } from './fake-context';
import { parseJsonObject, type RequestContext, type Route, route, sendJson, sendWechatError, str } from './http-kit';

/** jscode2session, access tokens (stable and classic) and the phone-number code flow. */

const staleTokenMessage = 'invalid credential, access_token is invalid or not latest';

function newAccessToken(): string {
  return `90_${randomBytes(72).toString('base64url')}`;
}

/** Checks appid and secret in WeChat's order; answers the error and returns false when wrong. */
function checkCredentials(fake: FakeContext, ctx: RequestContext, appid?: string, secret?: string): boolean {
  if (appid !== fake.appid) sendWechatError(ctx.res, 40013, 'invalid appid');
  else if (secret !== fake.secret) sendWechatError(ctx.res, 40125, 'invalid appsecret');
  else return true;
  return false;
}

/** Validates `?access_token=`; answers 41001/40001 and returns false when it is not current. */
export function checkAccessToken(fake: FakeContext, ctx: RequestContext): boolean {
  const token = ctx.query.get('access_token');
  if (!token) {
    sendWechatError(ctx.res, 41001, 'access_token missing');
    return false;
  }
  const expiresAtMs = fake.state.accessTokens.get(token);
  if (expiresAtMs === undefined || expiresAtMs <= fake.state.now()) {
    sendWechatError(ctx.res, 40001, staleTokenMessage);
    return false;
  }
  return true;
}

function jscode2session(fake: FakeContext, ctx: RequestContext) {
  const q = ctx.query;
  if (!checkCredentials(fake, ctx, q.get('appid') ?? undefined, q.get('secret') ?? undefined)) return;
  if (q.get('grant_type') !== 'authorization_code') return sendWechatError(ctx.res, 40002, 'invalid grant_type');
  const jsCode = q.get('js_code');
  if (!jsCode) return sendWechatError(ctx.res, 41008, 'missing code');
  const code = fake.state.loginCodes.get(jsCode);
  if (!code || code.used || fake.state.now() - code.issuedAtMs > codeLifetimeMs) {
    return sendWechatError(ctx.res, 40029, 'invalid code');
  }
  code.used = true;
  const user = fake.state.users.get(code.openid);
  // Success carries no errcode at all, as at WeChat.
  sendJson(ctx.res, 200, {
    session_key: user?.sessionKey,
    openid: code.openid,
    ...(code.unionid ? { unionid: code.unionid } : {}),
  });
}

function stableToken(fake: FakeContext, ctx: RequestContext) {
  const body = parseJsonObject(ctx.rawBody);
  if (!body) return sendWechatError(ctx.res, 47001, 'data format error');
  if (body.grant_type !== 'client_credential') return sendWechatError(ctx.res, 40002, 'invalid grant_type');
  if (!checkCredentials(fake, ctx, str(body.appid), str(body.secret))) return;
  const { state } = fake;
  const now = state.now();
  const current = state.stableToken;
  const reusable = current && current.expiresAtMs - now > 5 * 60 * 1000 && state.accessTokens.has(current.token);
  if (body.force_refresh === true && current) state.accessTokens.delete(current.token);
  if (reusable && body.force_refresh !== true) {
    return sendJson(ctx.res, 200, {
      access_token: current.token,
      expires_in: Math.floor((current.expiresAtMs - now) / 1000),
    });
  }
  const token = newAccessToken();
  state.stableToken = { token, expiresAtMs: now + accessTokenLifetimeMs };
  state.accessTokens.set(token, now + accessTokenLifetimeMs);
  sendJson(ctx.res, 200, {
    access_token: token,
    expires_in: accessTokenLifetimeMs / 1000,
  });
}

/** Classic token: every call makes the previous classic tokens expire 5 minutes later. */
function classicToken(fake: FakeContext, ctx: RequestContext) {
  const q = ctx.query;
  if (q.get('grant_type') !== 'client_credential') return sendWechatError(ctx.res, 40002, 'invalid grant_type');
  if (!checkCredentials(fake, ctx, q.get('appid') ?? undefined, q.get('secret') ?? undefined)) return;
  const { state } = fake;
  const now = state.now();
  for (const token of state.classicTokens) {
    const expiresAtMs = state.accessTokens.get(token);
    if (expiresAtMs !== undefined) state.accessTokens.set(token, Math.min(expiresAtMs, now + 5 * 60 * 1000));
  }
  const token = newAccessToken();
  state.classicTokens.add(token);
  state.accessTokens.set(token, now + accessTokenLifetimeMs);
  sendJson(ctx.res, 200, {
    access_token: token,
    expires_in: accessTokenLifetimeMs / 1000,
  });
}

function getUserPhoneNumber(fake: FakeContext, ctx: RequestContext) {
  if (!checkAccessToken(fake, ctx)) return;
  const body = parseJsonObject(ctx.rawBody);
  if (!body) return sendWechatError(ctx.res, 47001, 'data format error');
  const phoneCode = fake.state.phoneCodes.get(str(body.code) ?? '');
  if (!phoneCode || phoneCode.used || fake.state.now() - phoneCode.issuedAtMs > codeLifetimeMs) {
    return sendWechatError(ctx.res, 40029, 'invalid code');
  }
  phoneCode.used = true;
  const { phoneNumber, countryCode } = phoneCode;
  const pureCountry = String(countryCode);
  sendJson(ctx.res, 200, {
    errcode: 0,
    errmsg: 'ok',
    phone_info: {
      phoneNumber: pureCountry === '86' ? phoneNumber : `+${pureCountry}${phoneNumber}`,
      purePhoneNumber: phoneNumber,
      countryCode,
      watermark: {
        timestamp: Math.floor(fake.state.now() / 1000),
        appid: fake.appid,
      },
    },
  });
}

export function miniProgramAuthRoutes(fake: FakeContext): Route[] {
  return [
    route('GET', '/sns/jscode2session', (ctx) => jscode2session(fake, ctx)),
    route('POST', '/cgi-bin/stable_token', (ctx) => stableToken(fake, ctx)),
    route('GET', '/cgi-bin/token', (ctx) => classicToken(fake, ctx)),
    route('POST', '/wxa/business/getuserphonenumber', (ctx) => getUserPhoneNumber(fake, ctx)),
  ];
}
