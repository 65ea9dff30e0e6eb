import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Router from '@koa/router';
import { getAbsoluteFSPath } from 'swagger-ui-dist';

/** GET /openapi.json and Swagger UI at /docs. */
export function docsRouter(document: object): Router {
  const router = new Router();
  const assets = getAbsoluteFSPath();
  router.get('/openapi.json', (ctx) => {
    ctx.body = document;
  });
  router.get('/docs', (ctx) => {
    ctx.type = 'text/html';
    ctx.body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Tongka API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' });</script></body></html>`;
  });
  router.get('/docs/:asset', (ctx) => {
    const asset = ctx.params.asset;
    if (!/^swagger-ui(-bundle)?\.(js|css)$/.test(asset)) return;
    ctx.type = asset.endsWith('.css') ? 'text/css' : 'application/javascript';
    ctx.body = readFileSync(join(assets, asset));
  });
  return router;
}
