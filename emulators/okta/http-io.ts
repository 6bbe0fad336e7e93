import type { IncomingMessage, ServerResponse } from 'node:http';

import { malformedBody, OktaFailure } from './errors';

const MAX_BODY_BYTES = 1024 * 1024;

export interface RequestTarget {
  /** Path with `//` collapsed, still percent-encoded. */
  path: string;
  /** Percent-decoded path segments. */
  segments: string[];
  query: URLSearchParams;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Splits a raw request URL; `//` collapses because an orgUrl with a trailing slash sends it. */
export function parseTarget(rawUrl: string): RequestTarget {
  const queryAt = rawUrl.indexOf('?');
  const rawPath = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  const path = rawPath.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
  const segments = path.split('/').filter(Boolean).map(decodeSegment);
  // URLSearchParams decodes both `+` and `%20` as a space, which hand-written clients need.
  const query = new URLSearchParams(queryAt === -1 ? '' : rawUrl.slice(queryAt + 1));

  return { path, segments, query };
}

/** Reads the whole request body; an empty body reads as undefined. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new OktaFailure(413, 'E0000001', 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw malformedBody();
  }
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
}

/** Writes a reply; JSON bodies always carry `application/json`, 204s carry no body. */
export function send(res: ServerResponse, reply: Reply): void {
  if (res.writableEnded || res.destroyed) return;
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.body === undefined || reply.status === 204) {
    res.writeHead(reply.status);
    res.end();

    return;
  }
  const payload = JSON.stringify(reply.body);
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-cache, no-store');
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.writeHead(reply.status);
  res.end(payload);
}

/** Reads a boolean query parameter with Okta's default when it is absent. */
export function queryFlag(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = query.get(name);
  if (value === null || value === '') return fallback;

  return value.toLowerCase() === 'true';
}

/** The JSON body as an object; no body reads as `{}`, anything but an object is malformed. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw malformedBody();

  return body as Record<string, unknown>;
}
