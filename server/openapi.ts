/**
 * The OpenAPI 3.1 description of every route the server serves, built from the same options as
 * the app so that it lists exactly the routes mounted. The generic webhook body is generated from
 * the schema the adapter validates with; the other bodies are written out here. The integration
 * test walks the express router and fails when a route and this document disagree.
 */
import { z } from 'zod';

import { HR_ID_PATTERN } from '../domain/hr-event';
import { bambooHrEventBodySchema } from './adapters/bamboohr-events-schema';
import { genericBodySchema } from './adapters/generic-schema';
import { hiBobEventBodySchema } from './adapters/hibob-schema';
import { SCIM_SCHEMAS, scimPaths } from './adapters/scim-openapi';

export interface OpenApiOptions {
  /** The sources of the configured webhook adapters, such as `generic`. */
  webhookSources: string[];
  scim: boolean;
  codec: boolean;
  bodyLimit: string;
  /** The people routes require an operator bearer token (TENURE_OPERATOR_TOKENS). */
  operatorAuth?: boolean;
}

type Json = Record<string, unknown>;

/** Bump with any change to a route, a body or an answer. */
const DOCUMENT_VERSION = '0.2.0';

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const text = { type: 'string' };

const ERROR_MEANINGS: Record<string, string> = {
  '400': 'The body, a parameter or a field is invalid; `error.message` names it.',
  '401': 'The signature, its timestamp or the bearer token is missing, wrong or stale.',
  '404': 'No such person (or no such HR source).',
  '413': 'The body exceeds the configured limit.',
  '415': 'The body is not UTF-8 JSON, or its Content-Encoding is not supported.',
  '500': 'An unexpected error; nothing is exposed.',
  '503': 'Temporal did not answer in time; retry, the idempotency key makes a retry safe.',
};

function jsonResponse(description: string, schema: Json): Json {
  return { description, content: { 'application/json': { schema } } };
}

/** An operation; unauthenticated unless `extra` carries a security requirement. */
function operation(tag: string, operationId: string, summary: string, extra: Json): Json {
  return { tags: [tag], operationId, summary, security: [], ...extra };
}

function jsonBody(schema: Json): Json {
  return { required: true, content: { 'application/json': { schema } } };
}

function pathParameter(name: string, pattern?: string): Json {
  return { name, in: 'path', required: true, schema: { ...text, ...(pattern ? { pattern } : {}) } };
}

function errors(...statuses: string[]): Record<string, Json> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      jsonResponse(ERROR_MEANINGS[status] ?? status, ref('Error')),
    ]),
  );
}

/** How each known source signs; a source without an entry is listed with an open body. */
const WEBHOOKS: Record<string, { summary: string; security: Json; body: Json }> = {
  generic: {
    summary: "Tenure's own format: one signed event (server/adapters/GENERIC-FORMAT.md)",
    security: { tenureSignature: [], tenureTimestamp: [] },
    body: ref('GenericEvent'),
  },
  bamboohr: {
    summary: 'BambooHR field-based webhook: one event per employees[] entry, all or nothing',
    security: { bambooHrSignature: [], bambooHrTimestamp: [] },
    body: ref('BambooHrDelivery'),
  },
  'bamboohr-events': {
    summary:
      'BambooHR event-based webhook (ids only; JSON or form-encoded): the record is read ' +
      'through the BambooHR API',
    security: { bambooHrSignature: [], bambooHrTimestamp: [] },
    body: ref('BambooHrEvent'),
  },
  hibob: {
    summary:
      'HiBob v2 webhook (ids only): the record is read through the HiBob API; the setup ping ' +
      '(`Ping test`, plain or as `{"text":"Ping test"}`) is answered 202 with nothing accepted',
    security: { hiBobSignature: [] },
    body: ref('HiBobEvent'),
  },
};

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
    ...webhookPaths(options.webhookSources),
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

function webhookPaths(sources: string[]): Record<string, Json> {
  const failures = errors('400', '401', '413', '415', '503', '500');
  const accepted = jsonResponse(
    'Temporal has every event (a redelivery is acknowledged).',
    ref('WebhookAccepted'),
  );

  if (sources.length === 0) {
    // The route exists even with no source configured; it can only refuse.
    return {
      '/webhooks/{source}': {
        post: operation('Webhooks', 'webhookUnknownSource', 'No HR source is configured', {
          parameters: [pathParameter('source')],
          responses: errors('404', '413', '500'),
        }),
      },
    };
  }

  return Object.fromEntries(
    sources.map((source) => {
      const known = WEBHOOKS[source];
      const summary = known?.summary ?? `Webhook of the ${source} HR source`;
      const post = operation('Webhooks', `webhook_${source}`, summary, {
        security: known ? [known.security] : [],
        requestBody: jsonBody(known?.body ?? {}),
        responses: { '202': accepted, ...failures },
      });

      return [`/webhooks/${source}`, { post }];
    }),
  );
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
  const { $schema: _draft, ...generic } = z.toJSONSchema(genericBodySchema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Json;
  const { $schema: _draft2, ...bambooHrEvent } = z.toJSONSchema(bambooHrEventBodySchema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Json;
  const { $schema: _draft3, ...hiBobEvent } = z.toJSONSchema(hiBobEventBodySchema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Json;

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
    GenericEvent: generic,
    BambooHrDelivery: BAMBOOHR_DELIVERY,
    BambooHrEvent: bambooHrEvent,
    HiBobEvent: hiBobEvent,
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

const BAMBOOHR_DELIVERY: Json = {
  type: 'object',
  required: ['employees'],
  properties: {
    employees: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'action'],
        properties: {
          id: { oneOf: [text, { type: 'integer' }], description: 'The BambooHR employee id.' },
          action: { ...text, description: 'Created, Updated or Deleted (any letter case).' },
          timestamp: { oneOf: [text, { type: 'number' }, { type: 'null' }] },
          changedFields: { oneOf: [{ type: 'array', items: text }, { type: 'null' }] },
          fields: {
            description: 'Field values by label or alias, plain or { "value": ... }.',
            oneOf: [{ type: 'object' }, { type: 'array', maxItems: 0 }, { type: 'null' }],
          },
        },
      },
    },
  },
};

const signatureHeader = (name: string, description: string): Json => {
  return { type: 'apiKey', in: 'header', name, description };
};
const bearer = (description: string): Json => ({ type: 'http', scheme: 'bearer', description });

const SECURITY_SCHEMES: Json = {
  tenureSignature: signatureHeader(
    'X-Tenure-Signature',
    '`v1=<hex HMAC-SHA256(secret, X-Tenure-Timestamp + "." + raw body)>`; several ' +
      'comma-separated entries allowed, any matching configured secret passes.',
  ),
  tenureTimestamp: signatureHeader(
    'X-Tenure-Timestamp',
    'Unix seconds of signing; must be within 300 s of the server clock.',
  ),
  bambooHrSignature: signatureHeader(
    'X-BambooHR-Signature',
    '`<hex HMAC-SHA256(private key, raw body + X-BambooHR-Timestamp)>`, as BambooHR sends it.',
  ),
  bambooHrTimestamp: signatureHeader(
    'X-BambooHR-Timestamp',
    'Signed together with the body; no freshness window (redeliveries are idempotent).',
  ),
  hiBobSignature: signatureHeader(
    'Bob-Signature',
    '`<base64 HMAC-SHA512(secret, raw body)>`, as HiBob sends it; not required on the setup ping.',
  ),
  operatorBearer: bearer('One of TENURE_OPERATOR_TOKENS, when set.'),
  scimBearer: bearer('One of TENURE_SCIM_TOKENS, compared in constant time.'),
};
