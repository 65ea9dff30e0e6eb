import type { FakeContext } from './fake-context';
import { parseJsonObject, type RequestContext, type Route, str } from './http-kit';
import { encryptResource } from './pay-crypto';
import { newPrepayId, orderView } from './pay-orders';
import { payRoute, sendPay, sendPayError } from './pay-response';

/** WeChat Pay API v3: JSAPI orders, query, close, certificates (refunds in refund-routes.ts). */

const outTradeNoPattern = /^[0-9A-Za-z_\-|*]{6,32}$/;

/** Returns the first PARAM_ERROR message for a JSAPI order body, or undefined. */
function findJsapiParamError(fake: FakeContext, body: Record<string, unknown>): string | undefined {
  const amount = body.amount as { total?: unknown; currency?: unknown } | undefined;
  const payer = body.payer as { openid?: unknown } | undefined;
  if (body.appid !== fake.appid) return '参数错误: appid';
  if (body.mchid !== fake.mchid) return '参数错误: mchid';
  const description = str(body.description);
  if (!description || description.length > 127) return '参数错误: description';
  if (!outTradeNoPattern.test(str(body.out_trade_no) ?? '')) return '参数错误: out_trade_no';
  const notifyUrl = str(body.notify_url) ?? '';
  // WeChat demands https; the fake also takes http so that local receivers work.
  if (!/^https?:\/\/[^\s?#]+$/.test(notifyUrl) || notifyUrl.length > 255) return '参数错误: notify_url';
  if (!amount || !Number.isInteger(amount.total) || (amount.total as number) < 1) return '参数错误: amount.total';
  if (amount.currency !== undefined && amount.currency !== 'CNY') return '参数错误: amount.currency';
  if (!payer || typeof payer.openid !== 'string' || payer.openid.length === 0) return '参数错误: payer.openid';
  if (body.attach !== undefined && (typeof body.attach !== 'string' || body.attach.length > 128))
    return '参数错误: attach';
  if (body.time_expire !== undefined && !Number.isFinite(Date.parse(String(body.time_expire))))
    return '参数错误: time_expire';
  return undefined;
}

/** time_expire is RFC 3339 (2026-01-02T15:04:05+08:00); absent means WeChat's default of 2 hours. */
function parseTimeExpire(value: unknown): number | undefined {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

function createJsapiOrder(fake: FakeContext, ctx: RequestContext) {
  const body = parseJsonObject(ctx.rawBody);
  if (!body) return sendPayError(fake, ctx, 400, 'PARAM_ERROR', '请求体不是合法的JSON');
  const paramError = findJsapiParamError(fake, body);
  if (paramError) return sendPayError(fake, ctx, 400, 'PARAM_ERROR', paramError);
  const outTradeNo = body.out_trade_no as string;
  const requestKey = ctx.rawBody.toString('utf8');
  const existing = fake.state.orders.get(outTradeNo);
  if (existing) {
    if (existing.state === 'SUCCESS' || existing.state === 'REFUND')
      return sendPayError(fake, ctx, 400, 'ORDERPAID', '该订单已支付');
    if (existing.state === 'CLOSED') return sendPayError(fake, ctx, 400, 'ORDER_CLOSED', '订单已关闭');
    if (existing.requestKey !== requestKey)
      return sendPayError(fake, ctx, 400, 'INVALID_REQUEST', '201 商户订单号重复');
    return sendPay(fake, ctx, 200, { prepay_id: existing.prepayId });
  }
  const prepayId = newPrepayId();
  fake.state.orders.set(outTradeNo, {
    appid: fake.appid,
    mchid: fake.mchid,
    outTradeNo,
    description: body.description as string,
    notifyUrl: body.notify_url as string,
    totalFen: (body.amount as { total: number }).total,
    openid: (body.payer as { openid: string }).openid,
    attach: str(body.attach),
    timeExpireMs: parseTimeExpire(body.time_expire),
    prepayId,
    requestKey,
    state: 'NOTPAY',
  });
  sendPay(fake, ctx, 200, { prepay_id: prepayId });
}

function queryOrder(fake: FakeContext, ctx: RequestContext) {
  if (ctx.query.get('mchid') !== fake.mchid) return sendPayError(fake, ctx, 400, 'PARAM_ERROR', '参数错误: mchid');
  const order = fake.state.orders.get(decodeURIComponent(ctx.params.no));
  if (!order) return sendPayError(fake, ctx, 404, 'ORDER_NOT_EXIST', '订单不存在');
  sendPay(fake, ctx, 200, orderView(order));
}

function closeOrder(fake: FakeContext, ctx: RequestContext) {
  const body = parseJsonObject(ctx.rawBody);
  if (!body || body.mchid !== fake.mchid) return sendPayError(fake, ctx, 400, 'PARAM_ERROR', '参数错误: mchid');
  const order = fake.state.orders.get(decodeURIComponent(ctx.params.no));
  if (!order) return sendPayError(fake, ctx, 404, 'ORDER_NOT_EXIST', '订单不存在');
  if (order.state === 'SUCCESS' || order.state === 'REFUND')
    return sendPayError(fake, ctx, 400, 'ORDERPAID', '该订单已支付');
  order.state = 'CLOSED';
  sendPay(fake, ctx, 204);
}

function certificates(fake: FakeContext, ctx: RequestContext) {
  const { certPem, serial } = fake.keys.platformCert;
  sendPay(fake, ctx, 200, {
    data: [
      {
        serial_no: serial,
        effective_time: '2024-01-01T00:00:00+08:00',
        expire_time: '2034-01-01T00:00:00+08:00',
        encrypt_certificate: encryptResource(fake.keys.apiV3Key, certPem, 'certificate'),
      },
    ],
  });
}

export function payRoutes(fake: FakeContext): Route[] {
  return [
    payRoute(fake, 'POST', '/v3/pay/transactions/jsapi', (ctx) => createJsapiOrder(fake, ctx)),
    payRoute(fake, 'GET', '/v3/pay/transactions/out-trade-no/:no', (ctx) => queryOrder(fake, ctx)),
    payRoute(fake, 'POST', '/v3/pay/transactions/out-trade-no/:no/close', (ctx) => closeOrder(fake, ctx)),
    payRoute(fake, 'GET', '/v3/certificates', (ctx) => certificates(fake, ctx)),
  ];
}
