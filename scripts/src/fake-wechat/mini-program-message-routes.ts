import type { FakeContext } from './fake-context';
import { parseJsonObject, type RequestContext, type Route, route, sendJson, sendWechatError, str } from './http-kit';
import { checkAccessToken } from './mini-program-auth-routes';
import { findInvalidField } from './subscribe-data-rules';
import { renderQrJpeg } from './wxacode-image';

/** Mini-program codes (wxacode.getUnlimited) and subscribe messages. */

const scenePattern = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;
const pagePattern = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

function getUnlimitedQrCode(fake: FakeContext, ctx: RequestContext) {
  if (!checkAccessToken(fake, ctx)) return;
  const body = parseJsonObject(ctx.rawBody);
  if (!body) return sendWechatError(ctx.res, 47001, 'data format error');
  const scene = str(body.scene);
  if (!scene || !scenePattern.test(scene)) {
    return sendWechatError(ctx.res, 40169, 'invalid length for scene, or the data is not json');
  }
  const page = body.page;
  if (page !== undefined && (typeof page !== 'string' || !pagePattern.test(page))) {
    return sendWechatError(ctx.res, 41030, 'invalid page');
  }
  const envVersion = body.env_version ?? 'release';
  if (!['release', 'trial', 'develop'].includes(String(envVersion))) {
    return sendWechatError(ctx.res, 40097, 'invalid args');
  }
  const width = Math.min(1280, Math.max(280, Number(body.width) || 430));
  const image = renderQrJpeg(scene, width);
  ctx.res.writeHead(200, {
    'Content-Type': 'image/jpeg',
    'Content-Length': image.length,
  });
  ctx.res.end(image);
}

function sendSubscribeMessage(fake: FakeContext, ctx: RequestContext) {
  if (!checkAccessToken(fake, ctx)) return;
  const body = parseJsonObject(ctx.rawBody);
  if (!body) return sendWechatError(ctx.res, 47001, 'data format error');
  const touser = str(body.touser);
  const templateId = str(body.template_id);
  if (!touser || !fake.state.users.has(touser)) return sendWechatError(ctx.res, 40003, 'invalid openid');
  if (!templateId || !/^[A-Za-z0-9_-]{16,64}$/.test(templateId)) {
    return sendWechatError(ctx.res, 40037, 'invalid template_id');
  }
  const state = str(body.miniprogram_state);
  if (state !== undefined && !['developer', 'trial', 'formal'].includes(state)) {
    return sendWechatError(ctx.res, 47003, 'argument invalid! miniprogram_state');
  }
  const invalid = findInvalidField(body.data);
  if (invalid) return sendWechatError(ctx.res, 47003, invalid);
  if (!takeSubscriptionCredit(fake, touser, templateId)) {
    return sendWechatError(ctx.res, 43101, 'user refuse to accept the msg');
  }
  const msgid = 2_000_000_000 + fake.state.subscribeMessages.length + Math.floor(Math.random() * 1000) * 1000;
  fake.state.subscribeMessages.push({
    msgid,
    touser,
    template_id: templateId,
    page: str(body.page),
    data: body.data as Record<string, { value: string }>,
    miniprogram_state: state,
    lang: str(body.lang),
    sentAt: new Date(fake.state.now()).toISOString(),
  });
  sendJson(ctx.res, 200, { errcode: 0, errmsg: 'ok', msgid });
}

/** Each accepted subscription allows exactly one send (only enforced when the setting says so). */
function takeSubscriptionCredit(fake: FakeContext, openid: string, templateId: string): boolean {
  if (!fake.settings.enforceSubscriptions) return true;
  const key = `${openid}|${templateId}`;
  const credits = fake.state.subscriptionCredits.get(key) ?? 0;
  if (credits <= 0) return false;
  fake.state.subscriptionCredits.set(key, credits - 1);
  return true;
}

export function miniProgramMessageRoutes(fake: FakeContext): Route[] {
  return [
    route('POST', '/wxa/getwxacodeunlimit', (ctx) => getUnlimitedQrCode(fake, ctx)),
    route('POST', '/cgi-bin/message/subscribe/send', (ctx) => sendSubscribeMessage(fake, ctx)),
  ];
}
