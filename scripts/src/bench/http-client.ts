import { connect, type Socket } from 'node:net';

/**
 * The load generator's HTTP/1.1 client: kept-alive sockets, one request in flight on each, and
 * only what a JSON answer with Content-Length needs parsed. Much lighter than fetch or node:http,
 * so the generator takes as little as possible of the CPU the BFF and the database share with it
 * on a small machine (the raw side has no HTTP client at all).
 */
const idle = new Map<string, Socket[]>();

export function postJson(
  url: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<{ status: number; body: any }> {
  return requestJson('POST', url, headers, body);
}

export function getJson(url: string, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  return requestJson('GET', url, headers);
}

async function requestJson(
  method: 'GET' | 'POST',
  url: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const { host, hostname, port, pathname, search } = new URL(url);
  const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body));
  const lines = [`${method} ${pathname}${search} HTTP/1.1`, `host: ${host}`];
  if (body !== undefined) lines.push('content-type: application/json');
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  lines.push(`content-length: ${payload.length}`, '', '');
  const socket = reusable(host) ?? (await open(hostname, Number(port || 80)));
  const answer = await exchange(socket, Buffer.concat([Buffer.from(lines.join('\r\n')), payload]));
  if (answer.keepAlive) {
    const sockets = idle.get(host) ?? [];
    sockets.push(socket);
    idle.set(host, sockets);
  } else {
    socket.destroy();
  }
  return { status: answer.status, body: answer.text ? JSON.parse(answer.text) : null };
}

/** An idle kept-alive socket the server has not closed meanwhile (its keep-alive timeout is 5 s). */
function reusable(host: string): Socket | undefined {
  const sockets = idle.get(host) ?? [];
  for (let socket = sockets.pop(); socket; socket = sockets.pop()) {
    if (!socket.destroyed && socket.writable && socket.readable) return socket;
    socket.destroy();
  }
  return undefined;
}

function open(hostname: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port, noDelay: true }, () => {
      socket.off('error', reject);
      // An idle socket the server drops must not take the generator down with it.
      socket.on('error', () => undefined);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function exchange(socket: Socket, request: Buffer): Promise<{ status: number; text: string; keepAlive: boolean }> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const fail = (error: Error) => finish(() => reject(error));
    const closed = () => fail(new Error('the server closed the connection'));
    const finish = (then: () => void) => {
      socket.off('data', onData);
      socket.off('error', fail);
      socket.off('close', closed);
      then();
    };
    const onData = (chunk: Buffer) => {
      received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
      const headEnd = received.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const head = received.subarray(0, headEnd).toString('latin1');
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (!length) return fail(new Error('bench client: answer without Content-Length'));
      const bodyEnd = headEnd + 4 + Number(length[1]);
      if (received.length < bodyEnd) return;
      finish(() =>
        resolve({
          status: Number(head.slice(9, 12)),
          text: received.subarray(headEnd + 4, bodyEnd).toString('utf8'),
          keepAlive: !/\r\nconnection:\s*close/i.test(head),
        }),
      );
    };
    socket.on('data', onData);
    socket.once('error', fail);
    socket.once('close', closed);
    socket.write(request);
  });
}
