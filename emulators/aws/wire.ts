import type { IncomingMessage, ServerResponse } from 'node:http';

import { statusFor, type AwsError } from './errors';
import type { ErrorStatusMapping } from './options';

export type Service = 'sso-admin' | 'identitystore';

export const AMZ_JSON = 'application/x-amz-json-1.1';

// identitystore binds RetryAfterSeconds to this header; a whole second matches what AWS sends.
const RETRY_AFTER_SECONDS = '1';

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json',
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

export interface ErrorContext {
  service: Service | undefined;
  requestId: string;
  statuses: ErrorStatusMapping;
}

/**
 * Writes an AWS JSON 1.1 error; identitystore errors also carry RequestId in the body, and its
 * throttling and internal errors the Retry-After header the SDK waits on.
 */
export function sendAwsError(
  response: ServerResponse,
  error: AwsError,
  context: ErrorContext,
): void {
  const body: Record<string, string> = { __type: error.type, Message: error.message };
  if (context.service === 'identitystore') {
    Object.assign(body, error.fields, { RequestId: context.requestId });
  }
  const retryable = ['ThrottlingException', 'InternalServerException'].includes(error.type);
  if (context.service === 'identitystore' && retryable) {
    response.setHeader('Retry-After', RETRY_AFTER_SECONDS);
  }
  response.setHeader('x-amzn-ErrorType', error.type);

  sendJson(response, statusFor(error.type, context.statuses), body, AMZ_JSON);
}
