/**
 * The webhook part of the OpenAPI document: one operation per configured HR source, Okta Event
 * Hooks, the bodies each source posts, and how each one signs.
 */
import { z } from 'zod';

import { bambooHrEventBodySchema } from './adapters/bamboohr-events-schema';
import { genericBodySchema } from './adapters/generic-schema';
import { gustoEventBodySchema } from './adapters/gusto-schema';
import { hiBobEventBodySchema } from './adapters/hibob-schema';
import { oktaEventHookBodySchema } from './adapters/okta-event-hook-schema';
import { personioEventBodySchema } from './adapters/personio-schema';
import {
  jsonBody,
  jsonResponse,
  operation,
  pathParameter,
  ref,
  text,
  type Json,
} from './openapi-parts';

type Errors = (...statuses: string[]) => Record<string, Json>;

/** How each known source signs; a source without an entry is listed with an open body. */
const WEBHOOKS: Record<
  string,
  { summary: string; security: Json; body: Json; handshake?: boolean }
> = {
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
  gusto: {
    summary:
      'Gusto webhook (ids only): the record is read through the Gusto API. The first POST of a ' +
      'subscription, `{"verification_token": ...}`, is unsigned and answered 200 once the ' +
      'token is kept (GET /intake/gusto/verification-tokens); `employee.terminated` schedules, ' +
      'it never ends access early',
    security: { gustoSignature: [] },
    body: ref('GustoEvent'),
    handshake: true,
  },
  personio: {
    summary:
      'Personio v2 webhook (ids only): the record is read through the Personio API; answered ' +
      'within 3 s (a slower Temporal gets 503)',
    security: { personioToken: [] },
    body: ref('PersonioEvent'),
  },
  hibob: {
    summary:
      'HiBob v2 webhook (ids only): the record is read through the HiBob API; the setup ping ' +
      '(`Ping test`, plain or as `{"text":"Ping test"}`) is answered 202 with nothing accepted',
    security: { hiBobSignature: [] },
    body: ref('HiBobEvent'),
  },
};

export function webhookPaths(sources: string[], errors: Errors): Record<string, Json> {
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
        responses: {
          ...(known?.handshake
            ? { '200': jsonResponse('A handshake, answered; nothing started.', { type: 'object' }) }
            : {}),
          '202': accepted,
          ...failures,
          ...(known?.handshake ? errors('429') : {}),
        },
      });

      return [`/webhooks/${source}`, { post }];
    }),
  );
}

/** `GET` (verification) and `POST` (event batches) of Okta Event Hooks. */
export function oktaEventHookPaths(errors: Errors): Record<string, Json> {
  const security = [{ oktaHookSecret: [] }];

  return {
    '/webhooks/okta': {
      get: operation('Webhooks', 'oktaEventHookVerify', "Okta's one-time verification", {
        security,
        parameters: [
          {
            name: 'X-Okta-Verification-Challenge',
            in: 'header',
            required: true,
            schema: { ...text, pattern: '^[A-Za-z0-9._~+/=-]{1,256}$' },
          },
        ],
        responses: {
          '200': jsonResponse('The challenge, echoed.', {
            type: 'object',
            properties: { verification: text },
          }),
          ...errors('400', '401', '500'),
        },
      }),
      post: operation(
        'Webhooks',
        'oktaEventHook',
        'Okta Event Hook delivery: user lifecycle events, deduplicated by uuid and ordered by ' +
          'published; a deactivated or deleted user loses its AWS account assignments',
        {
          security,
          requestBody: jsonBody(ref('OktaEventHookDelivery')),
          responses: {
            '200': jsonResponse(
              'Temporal has every user event (other event types are acknowledged and ignored).',
              ref('WebhookAccepted'),
            ),
            ...errors('400', '401', '413', '415', '503', '500'),
          },
        },
      ),
    },
  };
}

/** A schema's JSON Schema as a sender's input, without the draft marker. */
function bodyOf(schema: z.ZodType): Json {
  const { $schema: _draft, ...body } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Json;

  return body;
}

export const WEBHOOK_SCHEMAS: Record<string, Json> = {
  get GenericEvent() {
    return bodyOf(genericBodySchema);
  },
  get BambooHrEvent() {
    return bodyOf(bambooHrEventBodySchema);
  },
  get HiBobEvent() {
    return bodyOf(hiBobEventBodySchema);
  },
  get GustoEvent() {
    return bodyOf(gustoEventBodySchema);
  },
  get PersonioEvent() {
    return bodyOf(personioEventBodySchema);
  },
  get OktaEventHookDelivery() {
    return bodyOf(oktaEventHookBodySchema);
  },
  get BambooHrDelivery() {
    return BAMBOOHR_DELIVERY;
  },
};

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

export const WEBHOOK_SECURITY_SCHEMES: Json = {
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
    'Unix seconds (10 digits) or an ISO 8601 instant with seconds and an offset; signed ' +
      'together with the body, no freshness window (redeliveries are idempotent).',
  ),
  hiBobSignature: signatureHeader(
    'Bob-Signature',
    '`<base64 HMAC-SHA512(secret, raw body)>`, as HiBob sends it; not required on the setup ping.',
  ),
  gustoSignature: signatureHeader(
    'X-Gusto-Signature',
    '`<hex HMAC-SHA256(verification token, raw body)>`, as Gusto sends it; not on the handshake.',
  ),
  personioToken: signatureHeader(
    'Authorization',
    "The webhook's token exactly as set in Personio (a `Bearer ` prefix is accepted); " +
      'Personio signs nothing.',
  ),
  oktaHookSecret: signatureHeader(
    'Authorization',
    'The Event Hook secret exactly as configured in Okta (the header name is ' +
      'TENURE_OKTA_EVENT_HOOK_HEADER); compared in constant time with every configured secret.',
  ),
};
