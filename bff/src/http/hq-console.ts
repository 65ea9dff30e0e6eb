import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type Koa from 'koa';

/** Where the HQ console's build sits: beside the sources (tests, tsx) or beside the compiled BFF (dist/). */
export function hqConsoleDir(): string | null {
  const candidates = [resolve(__dirname, '../../../hq/dist'), resolve(__dirname, '../../../../hq/dist')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Serves the HQ console at /hq: built files as they are (hashed assets cached for a year), any other
 * path under /hq the SPA's index.html (the console routes in the browser). Nothing else is touched.
 */
export function hqConsole(dir: string | null = hqConsoleDir()) {
  return async function serveHqConsole(ctx: Koa.Context, next: Koa.Next): Promise<void> {
    if (ctx.path !== '/hq' && !ctx.path.startsWith('/hq/')) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === '/hq') {
      ctx.redirect('/hq/');
      return;
    }
    if (!dir) {
      ctx.status = 503;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = 'The HQ console is not built: run `npm run build:hq`.';
      return;
    }
    const file = fileFor(dir, ctx.path.slice('/hq/'.length));
    const asset = file !== null;
    const path = file ?? join(dir, 'index.html');
    ctx.status = 200;
    ctx.type = TYPES[extname(path)] ?? 'application/octet-stream';
    ctx.set(
      'Cache-Control',
      asset && path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    ctx.length = statSync(path).size;
    ctx.body = ctx.method === 'HEAD' ? null : createReadStream(path);
  };
}

/** The built file a request names, or null (then the SPA answers); never a path outside `dir`. */
function fileFor(dir: string, relative: string): string | null {
  if (!relative || relative.includes('\0')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return null;
  }
  const path = normalize(join(dir, decoded));
  if (!path.startsWith(dir + sep)) return null;
  return existsSync(path) && statSync(path).isFile() ? path : null;
}
