/**
 * HTTP plumbing the small HR API emulators share: a loopback server with an idempotent close,
 * JSON replies, bounded JSON bodies and tolerant path decoding. Imports nothing of the product.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

// Loopback only: the emulators hold (fake) personal data and check a key, nothing more.
const HOST = '127.0.0.1';
const MAX_BODY_BYTES = 1024 * 1024;

export interface LoopbackServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 with `handle`, which learns through `isClosing` that a close has begun. A
 * failure inside `handle` destroys the socket instead of leaving the request hanging.
 */
export async function listenOnLoopback(
  port: number | undefined,
  handle: (req: IncomingMessage, res: ServerResponse, isClosing: () => boolean) => Promise<void>,
): Promise<LoopbackServer> {
  let closing: Promise<void> | undefined;
  const isClosing = () => closing !== undefined;
  const server = http.createServer((req, res) => {
    handle(req, res, isClosing).catch(() => res.destroy());
  });
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });

  return {
    url: `http://${HOST}:${address.port}`,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });

      return closing;
    },
  };
}

export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body is over 1 MiB');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new Error('body is not JSON');
  }
}

export function send(res: ServerResponse, reply: Reply): void {
  if (res.writableEnded || res.destroyed) return;
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.body === undefined) {
    res.writeHead(reply.status);
    res.end();

    return;
  }
  const payload = JSON.stringify(reply.body);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.writeHead(reply.status);
  res.end(payload);
}

export function adminError(status: number, message: string): Reply {
  return { status, body: { error: status === 404 ? 'admin.not_found' : 'admin.invalid', message } };
}
