import {
  addFailure,
  ControlError,
  issueLegacyPhone,
  issueLoginCode,
  issuePhoneCode,
  type PayControlOptions,
  payByControl,
  settleRefundByControl,
  summarizeNotification,
} from './control-actions';
import type { FakeContext } from './fake-context';
import { parseJsonObject, type RequestContext, type Route, route, sendJson, str } from './http-kit';
import { orderView, refundView } from './pay-orders';
import type { FakeSettings, RefundStatus } from './state';

/** /__control/*: drive the fake from tests and from the H5 demo (CORS is added by the server). */

type ControlHandler = (body: Record<string, unknown>, ctx: RequestContext) => unknown | Promise<unknown>;

function control(method: string, path: string, handler: ControlHandler): Route {
  return route(method, `/__control/${path}`, async (ctx) => {
    const body = ctx.rawBody.length === 0 ? {} : parseJsonObject(ctx.rawBody);
    if (!body) return sendJson(ctx.res, 400, { error: 'body must be a JSON object' });
    try {
      sendJson(ctx.res, 200, await handler(body, ctx));
    } catch (error) {
      if (!(error instanceof ControlError)) throw error;
      sendJson(ctx.res, error.status, { error: error.message });
    }
  });
}

function notifyOptions(body: Record<string, unknown>): PayControlOptions {
  const tamper = body.tamper;
  if (tamper !== undefined && tamper !== 'signature' && tamper !== 'ciphertext') {
    throw new ControlError(400, "tamper must be 'signature' or 'ciphertext'");
  }
  const signingMode = body.signingMode;
  if (signingMode !== undefined && signingMode !== 'certificate' && signingMode !== 'publicKey') {
    throw new ControlError(400, "signingMode must be 'certificate' or 'publicKey'");
  }
  return {
    duplicate: body.duplicate === true,
    tamper,
    delayMs: typeof body.delayMs === 'number' ? body.delayMs : undefined,
    signingMode,
    timestampOffsetSeconds: typeof body.timestampOffsetSeconds === 'number' ? body.timestampOffsetSeconds : undefined,
    awaitDelivery: body.awaitDelivery === true,
    resourceOverrides: isPlainObject(body.resourceOverrides) ? body.resourceOverrides : undefined,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function updateSettings(fake: FakeContext, body: Record<string, unknown>): FakeSettings {
  if (body.signingMode === 'certificate' || body.signingMode === 'publicKey')
    fake.settings.signingMode = body.signingMode;
  if (typeof body.enforceSubscriptions === 'boolean') fake.settings.enforceSubscriptions = body.enforceSubscriptions;
  if (typeof body.holdRefunds === 'boolean') fake.settings.holdRefunds = body.holdRefunds;
  return fake.settings;
}

function grantSubscription(fake: FakeContext, body: Record<string, unknown>) {
  const openid = str(body.openid);
  const templateId = str(body.templateId);
  if (!openid || !templateId) throw new ControlError(400, 'openid and templateId are required');
  const key = `${openid}|${templateId}`;
  const credits = (fake.state.subscriptionCredits.get(key) ?? 0) + (typeof body.count === 'number' ? body.count : 1);
  fake.state.subscriptionCredits.set(key, credits);
  return { openid, templateId, credits };
}

export function controlRoutes(fake: FakeContext): Route[] {
  const { state } = fake;
  return [
    control('POST', 'login-code', (body) => ({
      code: issueLoginCode(fake, str(body.openid) ?? '', str(body.unionid)),
    })),
    control('POST', 'phone-code', (body) => ({
      code: issuePhoneCode(fake, str(body.phoneNumber) ?? '', (body.countryCode as string | number | undefined) ?? 86),
    })),
    control('POST', 'legacy-phone', (body) =>
      issueLegacyPhone(fake, str(body.openid) ?? '', str(body.phoneNumber) ?? '', str(body.appid)),
    ),
    control('POST', 'pay', (body) => payByControl(fake, str(body.outTradeNo) ?? '', notifyOptions(body))),
    control('POST', 'refund', (body) =>
      settleRefundByControl(
        fake,
        str(body.outRefundNo) ?? '',
        (str(body.status) ?? 'SUCCESS') as RefundStatus,
        notifyOptions(body),
      ),
    ),
    control('POST', 'fail-next', (body) => addFailure(fake, body as unknown as Parameters<typeof addFailure>[1])),
    control('POST', 'subscriptions', (body) => grantSubscription(fake, body)),
    control('POST', 'settings', (body) => updateSettings(fake, body)),
    control('POST', 'expire-access-tokens', () => {
      state.accessTokens.clear();
      state.stableToken = null;
      return { expired: true };
    }),
    control('POST', 'advance-clock', (body) => {
      state.clockOffsetMs += typeof body.ms === 'number' ? body.ms : 0;
      return { clockOffsetMs: state.clockOffsetMs };
    }),
    control('GET', 'subscribe-messages', () => ({
      items: state.subscribeMessages,
    })),
    control('GET', 'notifications', (_body, ctx) => {
      const outTradeNo = ctx.query.get('outTradeNo');
      const items = state.notifications.filter((record) => !outTradeNo || record.outTradeNo === outTradeNo);
      return { items: items.map(summarizeNotification) };
    }),
    control('GET', 'orders', () => ({
      orders: [...state.orders.values()].map(orderView),
      refunds: [...state.refunds.values()].map(refundView),
    })),
    control('POST', 'reset', () => {
      state.reset();
      return { reset: true };
    }),
  ];
}
