import type { IncomingMessage, ServerResponse } from 'node:http';
import { controlRoutes } from './control-routes';
import type { FakeContext } from './fake-context';
import { corsHeaders, matchRoute, type Route, readBody, sendJson, sendWechatError, sleep } from './http-kit';
import { miniProgramAuthRoutes } from './mini-program-auth-routes';
import { miniProgramMessageRoutes } from './mini-program-message-routes';
import { payRoutes } from './pay-routes';
import { refundRoutes } from './refund-routes';
import type { FailureRule } from './state';

/** The request dispatcher: CORS for control routes, injected failures, then the route. */

export function allRoutes(fake: FakeContext): Route[] {
  return [
    ...miniProgramAuthRoutes(fake),
    ...miniProgramMessageRoutes(fake),
    ...payRoutes(fake),
    ...refundRoutes(fake),
    ...controlRoutes(fake),
  ];
}

/** Answers an injected failure; returns true when the request is done. */
async function applyFailure(rule: FailureRule, pathname: string, res: ServerResponse): Promise<boolean> {
  if (rule.delayMs) await sleep(rule.delayMs);
  if (rule.reset) {
    res.socket?.destroy();
    return true;
  }
  if (rule.httpStatus !== undefined) {
    if (pathname.startsWith('/v3/'))
      sendJson(res, rule.httpStatus, {
        code: 'SYSTEM_ERROR',
        message: rule.errmsg ?? '系统错误',
      });
    else
      sendJson(res, rule.httpStatus, {
        errcode: -1,
        errmsg: rule.errmsg ?? 'system error',
      });
    return true;
  }
  if (rule.errcode !== undefined) {
    sendWechatError(res, rule.errcode, rule.errmsg ?? (rule.errcode === -1 ? 'system error' : 'injected error'));
    return true;
  }
  return false;
}

export function createDispatcher(fake: FakeContext, routes: Route[]) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const isControl = url.pathname.startsWith('/__control/');
    if (isControl) for (const [name, value] of Object.entries(corsHeaders)) res.setHeader(name, value);
    if (method === 'OPTIONS') {
      res.writeHead(204);
      res.end();
      return;
    }
    const rawBody = await readBody(req);
    const failure = isControl ? undefined : fake.state.takeFailure(url.pathname);
    if (failure && (await applyFailure(failure, url.pathname, res))) return;
    const matched = matchRoute(routes, method, url.pathname);
    if (!matched) {
      sendJson(res, 404, {
        errcode: 404,
        errmsg: `no route ${method} ${url.pathname}`,
      });
      return;
    }
    const pathWithQuery = (req.url ?? '/').replace(/^https?:\/\/[^/]+/, '');
    const ctx = {
      req,
      res,
      method,
      pathname: url.pathname,
      pathWithQuery,
      query: url.searchParams,
      params: matched.params,
      rawBody,
    };
    fake.log(`${method} ${url.pathname}`);
    await matched.route.handler(ctx);
  };
}
