import http, { type ClientRequest } from 'node:http';
import https from 'node:https';

import { newRequestId } from './ids';

/** Okta gives a hook endpoint 3 s for the whole answer, then counts the call as failed. */
export const HOOK_TIMEOUT_MS = 3000;
// Only the verification answer is read; anything longer cannot be `{"verification": ...}`.
const MAX_ANSWER_BYTES = 64 * 1024;

export interface HookCall {
  method: 'GET' | 'POST';
  /** The configured auth and custom headers, plus call-specific ones such as the challenge. */
  headers: Record<string, string>;
  body?: string;
}

/** `status` 0 means no answer: a timeout, a refused or reset connection. */
export interface HookAnswer {
  status: number;
  body: string;
}

/**
 * Makes one call to a hook endpoint as Okta does: its own headers, no redirects followed, and an
 * overall deadline. Never rejects; `inFlight` lets a reset abort the call.
 */
export function callHook(
  url: URL,
  call: HookCall,
  inFlight: Set<ClientRequest>,
): Promise<HookAnswer> {
  return new Promise((resolve) => {
    const transport = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string | number> = {
      'User-Agent': 'Okta-Integrations',
      Accept: 'application/json',
      'X-Okta-Request-Id': newRequestId(),
      ...call.headers,
    };
    if (call.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(call.body);
    }
    const request = transport.request(url, { method: call.method, agent: false, headers });
    inFlight.add(request);
    let settled = false;
    const finish = (answer: HookAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      inFlight.delete(request);
      resolve(answer);
    };
    const deadline = setTimeout(() => {
      request.destroy();
      finish({ status: 0, body: '' });
    }, HOOK_TIMEOUT_MS);
    deadline.unref();

    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
      });
      response.on('end', () => {
        finish({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      // A connection cut before the end of the answer is no answer at all.
      response.on('error', () => finish({ status: 0, body: '' }));
      response.on('close', () => finish({ status: 0, body: '' }));
    });
    request.on('error', () => finish({ status: 0, body: '' }));
    request.end(call.body);
  });
}
