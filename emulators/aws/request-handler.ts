import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { handleAdmin } from './admin';
import { checkCredentialScope, requireAuthorization } from './auth';
import { AwsError } from './errors';
import { identityStoreOperations } from './identity-store';
import { ssoAdminOperations } from './sso-admin';
import { settleOperations, type EmulatorState, type OperationHandler } from './state';
import { admitCall, injectedLatency, shouldDrop } from './traffic';
import { AMZ_JSON, readBody, sendAwsError, sendJson, type Service } from './wire';

interface ServiceRoute {
  service: Service;
  operations: Record<string, OperationHandler>;
}

const TARGET_PREFIXES: Record<string, ServiceRoute> = {
  SWBExternalService: { service: 'sso-admin', operations: ssoAdminOperations },
  AWSIdentityStore: { service: 'identitystore', operations: identityStoreOperations },
};

interface RoutedCall {
  service: Service;
  operation: string;
  handler: OperationHandler;
}

/** Builds the HTTP listener: /__admin routes, and both AWS services on POST / by X-Amz-Target. */
export function createRequestHandler(
  state: EmulatorState,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    handleRequest(state, request, response).catch((error: unknown) => {
      // Reached only on a socket failure mid-answer; nobody is left to tell.
      if (!response.headersSent) {
        sendJson(response, 500, { errorCode: 'emulator.failed', message: String(error) });
      }
    });
  };
}

async function handleRequest(
  state: EmulatorState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const requestId = randomUUID();
  response.setHeader('x-amzn-RequestId', requestId);
  const rawBody = await readBody(request);
  const path = new URL(request.url ?? '/', 'http://emulator.invalid').pathname;

  if (path.startsWith('/__admin')) {
    const answer = handleAdmin(state, request.method ?? 'GET', path, rawBody);
    sendJson(response, answer.status, answer.body);

    return;
  }
  if (shouldDrop(state)) {
    request.socket.destroy();

    return;
  }

  let service: Service | undefined;
  try {
    const authorization = requireAuthorization(request.headers.authorization);
    const call = route(request.headers['x-amz-target']);
    service = call.service;
    checkCredentialScope(authorization, call.service, state.options.region);
    const input = parseInput(rawBody);
    state.calls.set(call.operation, (state.calls.get(call.operation) ?? 0) + 1);

    await injectedLatency(state);
    settleOperations(state);
    admitCall(state, call.service);
    const output = call.handler(state, input);

    sendJson(response, 200, output, AMZ_JSON);
  } catch (error) {
    const awsError =
      error instanceof AwsError
        ? error
        : new AwsError('InternalServerException', `Emulator failure: ${String(error)}`);
    sendAwsError(response, awsError, { service, requestId, statuses: state.options.errorStatuses });
  }
}

function route(target: string | string[] | undefined): RoutedCall {
  const [prefix = '', operation = ''] = typeof target === 'string' ? target.split('.', 2) : [];
  // Own-property checks keep names such as `toString` from resolving to prototype members.
  const known = Object.hasOwn(TARGET_PREFIXES, prefix) ? TARGET_PREFIXES[prefix] : undefined;
  const handler =
    known !== undefined && Object.hasOwn(known.operations, operation)
      ? known.operations[operation]
      : undefined;
  if (known === undefined || handler === undefined) {
    throw new AwsError('UnknownOperationException', `Unknown operation ${String(target)}`);
  }

  return { service: known.service, operation, handler };
}

function parseInput(rawBody: string): Record<string, unknown> {
  if (rawBody.trim() === '') {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    throw new AwsError('SerializationException', 'Request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AwsError('SerializationException', 'Request body must be a JSON object');
  }

  return parsed as Record<string, unknown>;
}
