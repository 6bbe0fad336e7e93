/**
 * The OpenAPI 3.1 description of every route the server serves, built from the same options as
 * the app so that it lists exactly the routes mounted. The generic webhook body is generated from
 * the schema the adapter validates with; the other bodies are written out here. The integration
 * test walks the express router and fails when a route and this document disagree.
 */
import { HR_ID_PATTERN } from '../domain/hr-event';
import { SCIM_SCHEMAS, scimPaths } from './adapters/scim-openapi';
import {
  jsonBody,
  jsonResponse,
  operation,
  pathParameter,
  ref,
  text,
  type Json,
} from './openapi-parts';
import {
  oktaEventHookPaths,
  WEBHOOK_SCHEMAS,
  WEBHOOK_SECURITY_SCHEMES,
  webhookPaths,
} from './openapi-webhooks';

export interface OpenApiOptions {
  /** The sources of the configured webhook adapters, such as `generic`. */
  webhookSources: string[];
  scim: boolean;
  codec: boolean;
  bodyLimit: string;
  /** The people routes require an operator bearer token (TENURE_OPERATOR_TOKENS). */
  operatorAuth?: boolean;
  /** Okta Event Hooks are served at /webhooks/okta. */
  oktaEventHooks?: boolean;
}

/** Bump with any change to a route, a body or an answer. */
const DOCUMENT_VERSION = '0.2.0';

const ERROR_MEANINGS: Record<string, string> = {
  '400': 'The body, a parameter or a field is invalid; `error.message` names it.',
  '401': 'The signature, its timestamp or the bearer token is missing, wrong or stale.',
  '404': 'No such person (or no such HR source).',
  '413': 'The body exceeds the configured limit.',
  '415': 'The body is not UTF-8 JSON, or its Content-Encoding is not supported.',
  '429': 'Too many unsigned handshakes for this source in the last hour; retry later.',
  '500': 'An unexpected error; nothing is exposed.',
  '503': 'Temporal did not answer in time; retry, the idempotency key makes a retry safe.',
};

function errors(...statuses: string[]): Record<string, Json> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      jsonResponse(ERROR_MEANINGS[status] ?? status, ref('Error')),
    ]),
  );
}

/** The document for an app built with these options. */
export function createOpenApiDocument(options: OpenApiOptions): Json {
  const paths: Record<string, Json> = {
    '/healthz': {
      get: operation('Operations', 'health', 'The server is up (says nothing about Temporal)', {
        responses: { '200': jsonResponse('Up.', ref('Health')) },
      }),
    },
    '/readyz': {
      get: operation('Operations', 'readiness', 'Temporal answers, so webhooks can be handed on', {
        responses: {
          '200': jsonResponse('Ready.', { type: 'object', properties: { ready: { const: true } } }),
          ...errors('503'),
        },
      }),
    },
    '/openapi.json': {
      get: operation('Operations', 'openApiDocument', 'This document', {
        responses: { '200': jsonResponse('OpenAPI 3.1.', { type: 'object' }) },
      }),
    },
    ...webhookPaths(options.webhookSources, errors),
    ...(options.oktaEventHooks ? oktaEventHookPaths(errors) : {}),
    ...peoplePaths(options.operatorAuth === true),
    ...(options.scim ? scimPaths(errors('500')['500'] as Json) : {}),
    ...(options.codec ? codecPaths() : {}),
  };

  return {
    openapi: '3.1.0',
    info: {
      title: 'Tenure',
      version: DOCUMENT_VERSION,
      description:
        'HR events in, one durable Temporal workflow per person, Okta and AWS IAM Identity ' +
        'Center out. Writes are answered 2xx only once Temporal has durably taken them. ' +
        `Bodies are limited to ${options.bodyLimit}. The codec route, and the people routes ` +
        'unless operator tokens are set, carry no authentication of their own: keep them on ' +
        "loopback or behind the operators' proxy.",
    },
    paths,
    components: { schemas: schemas(), securitySchemes: SECURITY_SCHEMES },
  };
}

function peoplePaths(operatorAuth: boolean): Record<string, Json> {
  const parameters = [
    pathParameter('source', '^[a-z0-9-]{1,32}$'),
    pathParameter('hrId', HR_ID_PATTERN.source),
  ];
  const failures = errors('400', ...(operatorAuth ? ['401'] : []), '404', '503', '500');
  const auth = operatorAuth ? { security: [{ operatorBearer: [] }] } : {};

  return {
    '/people/{source}/{hrId}': {
      parameters,
      get: operation('People', 'personStatus', "A person's status, answered by their workflow", {
        ...auth,
        responses: { '200': jsonResponse('The status.', ref('PersonStatus')), ...failures },
      }),
    },
    '/people/{source}/{hrId}/reconcile': {
      parameters,
      post: operation('People', 'reconcilePerson', 'Converge the person again now', {
        ...auth,
        responses: { '202': jsonResponse('Asked.', ref('Reconciling')), ...failures },
      }),
    },
    '/directory/okta/{userId}': {
      parameters: [pathParameter('userId', '^[A-Za-z0-9]{1,64}$')],
      get: operation(
        'People',
        'directoryUserStatus',
        'An Okta user reported by Okta Event Hooks: its stage and the AWS access taken away',
        {
          ...auth,
          responses: {
            '200': jsonResponse('The status.', ref('DirectoryUserStatus')),
            ...failures,
          },
        },
      ),
    },
    '/intake/{source}/verification-tokens': {
      parameters: [pathParameter('source', '^[a-z0-9-]{1,32}$')],
      get: operation(
        'People',
        'verificationTokens',
        'The newest verification tokens a source sent in its handshake (Gusto), newest first',
        {
          ...auth,
          description:
            'Secrets: confirm the one the HR system accepts, then configure it as the source ' +
            'secret. Unsigned handshakes can be posted by anyone, so only the token the HR ' +
            "system's own verify call accepts is genuine.",
          responses: {
            '200': jsonResponse('The tokens.', ref('VerificationTokens')),
            ...errors('400', ...(operatorAuth ? ['401'] : []), '503', '500'),
          },
        },
      ),
    },
  };
}

function codecPaths(): Record<string, Json> {
  // CORS preflights (OPTIONS) are answered 204 by middleware, for the configured origins only.
  const codec = (direction: string): Json => ({
    post: operation('Operations', `codec_${direction}`, `Web UI codec: ${direction} payloads`, {
      description: 'Decrypts personal data for whoever can reach it; never expose it unguarded.',
      requestBody: jsonBody(ref('Payloads')),
      responses: {
        '200': jsonResponse(`The ${direction}d payloads.`, ref('Payloads')),
        ...errors('400', '413', '500'),
      },
    }),
  });

  return { '/codec/encode': codec('encode'), '/codec/decode': codec('decode') };
}

function schemas(): Record<string, Json> {
  return {
    Error: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: { code: { ...text, examples: ['intake.invalid_body'] }, message: text },
        },
      },
    },
    Health: { type: 'object', properties: { ok: { const: true } } },
    WebhookAccepted: {
      type: 'object',
      properties: {
        accepted: { type: 'integer', minimum: 0 },
        status: { type: 'array', items: { ...text, examples: ['/people/generic/E1001'] } },
      },
    },
    PersonStatus: {
      type: 'object',
      description: "The workflow's own view; see workflows/definitions.ts (PersonStatus).",
      required: ['workflowId', 'source', 'hrId', 'stage'],
      properties: {
        workflowId: text,
        source: text,
        hrId: text,
        stage: { enum: ['pending', 'staged', 'active', 'on_leave', 'terminated', 'rescinded'] },
        attributes: { type: 'object', additionalProperties: text },
        pendingTimers: { type: 'array', items: { type: 'object' } },
        recentEvents: { type: 'array', items: { type: 'object' } },
      },
    },
    Reconciling: { type: 'object', properties: { reconciling: { const: true } } },
    DirectoryUserStatus: {
      type: 'object',
      description: "The workflow's own view; see workflows/directory-user-definitions.ts.",
      required: ['workflowId', 'directory', 'userId', 'stage'],
      properties: {
        workflowId: text,
        directory: { const: 'okta' },
        userId: text,
        stage: { enum: ['unknown', 'active', 'left'] },
        oktaStatus: text,
        removedAssignments: { type: 'array', items: { type: 'object' } },
        recentEvents: { type: 'array', items: { type: 'object' } },
      },
    },
    VerificationTokens: {
      type: 'object',
      properties: {
        source: text,
        tokens: {
          type: 'array',
          items: {
            type: 'object',
            properties: { token: text, receivedAt: { ...text, format: 'date-time' } },
          },
        },
      },
    },
    ...WEBHOOK_SCHEMAS,
    Payloads: {
      type: 'object',
      required: ['payloads'],
      properties: {
        payloads: {
          type: 'array',
          maxItems: 1000,
          items: { type: 'object', properties: { metadata: { type: 'object' }, data: text } },
        },
      },
    },
    ...SCIM_SCHEMAS,
  };
}

const bearer = (description: string): Json => ({ type: 'http', scheme: 'bearer', description });

const SECURITY_SCHEMES: Json = {
  ...WEBHOOK_SECURITY_SCHEMES,
  operatorBearer: bearer('One of TENURE_OPERATOR_TOKENS, when set.'),
  scimBearer: bearer('One of TENURE_SCIM_TOKENS, compared in constant time.'),
};
