import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * WECHATPAY_NOTIFY_URL of both instances: WeChat Pay notifications reach whichever instance is
 * alive (a restarted one listens on a new port), except those the harness chose to lose, which
 * are answered 500 every time so the fake gives up and only reconcile-payments can apply them.
 */
export interface NotifyRelay {
  url: string;
  /** Notification ids to lose (every attempt). */
  lose(ids: string[]): void;
  forwarded: number;
  lost: number;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export async function startNotifyRelay(target: () => string | undefined): Promise<NotifyRelay> {
  const dropped = new Set<string>();
  const relay = { forwarded: 0, lost: 0 };
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      let id = '';
      try {
        id = String(JSON.parse(body.toString()).id ?? '');
      } catch {}
      const base = target();
      if (dropped.has(id) || !base) {
        relay.lost++;
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"code":"FAIL","message":"lost on the way"}');
        return;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string' && name.toLowerCase().startsWith('wechatpay-')) headers[name] = value;
      }
      headers['content-type'] = 'application/json';
      const answer = await fetch(`${base}/api/pay/notify`, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(5000),
      });
      relay.forwarded++;
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  const address = await new Promise<AddressInfo>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(server.address() as AddressInfo)),
  );
  return {
    url: `http://127.0.0.1:${address.port}/api/pay/notify`,
    lose: (ids) => {
      for (const id of ids) dropped.add(id);
    },
    get forwarded() {
      return relay.forwarded;
    },
    get lost() {
      return relay.lost;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  } as NotifyRelay;
}
