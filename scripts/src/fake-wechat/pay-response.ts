import type { FakeContext } from './fake-context';
import { type Handler, type RequestContext, type Route, route, sendJson } from './http-kit';
import { checkMerchantSignature, wechatpayHeaders } from './pay-crypto';

/** Every v3 answer is signed with the platform key, like WeChat's, so clients can verify it. */
export function sendPay(fake: FakeContext, ctx: RequestContext, status: number, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  const headers = {
    ...wechatpayHeaders(fake, text, fake.settings.signingMode),
    'Request-ID': `08${Date.now()}`,
  };
  if (status === 204) {
    ctx.res.writeHead(204, headers);
    ctx.res.end();
    return;
  }
  sendJson(ctx.res, status, body, headers);
}

export function sendPayError(
  fake: FakeContext,
  ctx: RequestContext,
  status: number,
  code: string,
  message: string,
): void {
  sendPay(fake, ctx, status, { code, message });
}

/** A v3 route whose handler runs only after the merchant signature verified. */
export function payRoute(fake: FakeContext, method: string, path: string, handler: Handler): Route {
  return route(method, path, (ctx) => {
    const refusal = checkMerchantSignature(fake, ctx);
    if (refusal) return sendPayError(fake, ctx, 401, 'SIGN_ERROR', `签名错误: ${refusal}`);
    return handler(ctx);
  });
}
