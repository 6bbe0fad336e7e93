/**
 * HTTP plumbing the small HR API emulators share: a loopback server with an idempotent close, the
 * split of admin and API requests, JSON replies, bounded JSON bodies and tolerant path decoding.
 * Imports nothing of the product.
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

/** An API request as an emulator's routes see it. */
export interface RoutedRequest {
  req: IncomingMessage;
  method: string;
  url: URL;
  /** The decoded path segments, e.g. `['v1', 'people', '101']`. */
  segments: string[];
}

export interface EmulatorRoutes {
  /** Answers a request below `/__admin`, given the path below it: no faults, not counted. */
  admin(method: string, path: string[], req: IncomingMessage): Promise<Reply>;
  /** The latency fault now, waited out before every API answer. */
  latencyMs(): number | undefined;
  /** Answers an API request, counting and writing the reply as the emulator does. */
  api(request: RoutedRequest, res: ServerResponse): void | Promise<void>;
}

/**
 * Builds the handler for `listenOnLoopback`: admin requests are answered at once, API requests
 * after the latency fault, and not at all once a close has begun meanwhile.
 */
export function routeRequests(routes: EmulatorRoutes) {
  return async (
    req: IncomingMessage,
    res: ServerResponse,
    isClosing: () => boolean,
  ): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const segments = url.pathname.split('/').filter(Boolean).map(decodeSegment);
    const method = (req.method ?? 'GET').toUpperCase();

    if (segments[0] === '__admin') {
      send(res, await routes.admin(method, segments.slice(1), req));

      return;
    }

    const latencyMs = routes.latencyMs();
    if (latencyMs) await new Promise((resolve) => setTimeout(resolve, latencyMs).unref());
    if (isClosing() || res.destroyed) return;

    await routes.api({ req, method, url, segments }, res);
  };
}

/** The emulator's own address as the caller named it, for the links an answer holds. */
export function baseUrlOf(req: IncomingMessage): string {
  return `http://${req.headers.host ?? '127.0.0.1'}`;
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
