/**
 * The environment variables Tenure reads, with their types and defaults, and the embedded mode's
 * public development credentials. Only `config/index.ts` uses the schema.
 */
import { z } from 'zod';

const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0),
);
const port = z.coerce.number().int().min(0).max(65535);
const positive = z.coerce.number().positive();

export const envSchema = z.object({
  TENURE_HTTP_HOST: z.string().default('127.0.0.1'),
  TENURE_HTTP_PORT: port.default(8080),
  TENURE_DATA_DIR: z.string().default('.data'),
  TENURE_POLICY_FILE: z.string().default('policy/example-policy.yaml'),
  TENURE_BODY_LIMIT: z.string().default('256kb'),
  TENURE_GENERIC_SECRETS: csv.optional(),
  TENURE_BAMBOOHR_SECRETS: csv.optional(),
  TENURE_BAMBOOHR_EVENT_SECRETS: csv.optional(),
  TENURE_BAMBOOHR_COMPANY: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,63}$/)
    .optional(),
  TENURE_BAMBOOHR_API_KEY: z.string().min(1).optional(),
  TENURE_BAMBOOHR_API_URL: z.url().default('https://api.bamboohr.com'),
  TENURE_HIBOB_SECRETS: csv.optional(),
  TENURE_HIBOB_SERVICE_USER: z.string().min(1).optional(),
  TENURE_HIBOB_TOKEN: z.string().min(1).optional(),
  TENURE_HIBOB_API_URL: z.url().default('https://api.hibob.com'),
  TENURE_GUSTO_SECRETS: csv.optional(),
  TENURE_GUSTO_API_TOKEN: z.string().min(1).optional(),
  TENURE_GUSTO_API_URL: z.url().default('https://api.gusto.com'),
  TENURE_PERSONIO_SECRETS: csv.optional(),
  TENURE_PERSONIO_CLIENT_ID: z.string().min(1).optional(),
  TENURE_PERSONIO_CLIENT_SECRET: z.string().min(1).optional(),
  TENURE_PERSONIO_API_URL: z.url().default('https://api.personio.de'),
  TENURE_OKTA_EVENT_HOOK_SECRETS: csv.optional(),
  TENURE_OKTA_EVENT_HOOK_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/)
    .default('Authorization'),
  TENURE_SCIM_TOKENS: csv.optional(),
  TENURE_OPERATOR_TOKENS: csv.optional(),
  TENURE_PAYLOAD_KEYS: csv.optional(),
  TENURE_CODEC_ENDPOINT: z.enum(['on', 'off']).optional(),
  TENURE_CODEC_CORS_ORIGINS: csv.optional(),
  TENURE_TASK_QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]*$/)
    .default(''),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TENURE_TEMPORAL_PORT: port.default(7233),
  TENURE_TEMPORAL_UI_PORT: port.default(8233),
  OKTA_ORG_URL: z.url().optional(),
  OKTA_API_TOKEN: z.string().min(1).optional(),
  AWS_REGION: z.string().default('us-east-1'),
  TENURE_AWS_TARGET: z.enum(['embedded', 'aws']).default('embedded'),
  TENURE_AWS_ENDPOINT: z.url().optional(),
  TENURE_AWS_INSTANCE_ARN: z.string().optional(),
  TENURE_AWS_IDENTITY_STORE_ID: z.string().optional(),
  TENURE_OKTA_ACTIVITIES_PER_SECOND: positive.default(8),
  TENURE_OKTA_MAX_CONCURRENT: z.coerce.number().int().positive().default(10),
  TENURE_AWS_ACTIVITIES_PER_SECOND: positive.default(15),
  TENURE_AWS_MAX_IN_FLIGHT: z.coerce.number().int().positive().default(10),
  TENURE_AWS_POLL_INTERVAL_MS: z.coerce.number().int().positive().default(1000),
  TENURE_EMULATOR_OKTA_PORT: port.default(8091),
  TENURE_EMULATOR_AWS_PORT: port.default(8092),
  TENURE_EMULATOR_BAMBOOHR_PORT: port.default(8093),
  TENURE_EMULATOR_HIBOB_PORT: port.default(8094),
  TENURE_EMULATOR_GUSTO_PORT: port.default(8095),
  TENURE_EMULATOR_PERSONIO_PORT: port.default(8096),
  TENURE_EMULATOR_SCIM_DELAY_MS: z.coerce.number().int().min(0).default(2000),
  TENURE_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error']).default('info'),
});

/** The embedded mode's signing secrets and SCIM token: public on purpose, documented. */
export const DEV_SECRETS = {
  generic: 'tenure-dev-generic-secret',
  bamboohr: 'tenure-dev-bamboohr-secret',
  bamboohrEvents: 'tenure-dev-bamboohr-events-secret',
  hibob: 'tenure-dev-hibob-secret',
  gusto: 'tenure-dev-gusto-token',
  personio: 'tenure-dev-personio-secret',
  oktaEventHooks: 'tenure-dev-okta-hook-secret',
  scim: 'tenure-dev-scim-token',
};
/** The embedded Okta emulator's API token; it guards nothing but a local emulator. */
export const DEV_OKTA_TOKEN = 'tenure-dev-okta-token';
/** The embedded BambooHR emulator's company and API key; public, like the dev secrets. */
export const DEV_BAMBOOHR = { companyDomain: 'tenure-dev', apiKey: 'tenure-dev-bamboohr-api-key' };
/** The embedded HiBob emulator's service user and token; public, like the dev secrets. */
export const DEV_HIBOB = { serviceUserId: 'TENURE-DEV', token: 'tenure-dev-hibob-token' };
/** The embedded Gusto emulator's API token; public, like the dev secrets. */
export const DEV_GUSTO = { token: 'tenure-dev-gusto-api-token' };
/** The embedded Personio emulator's API client; public, like the dev secrets. */
export const DEV_PERSONIO = {
  clientId: 'tenure-dev-personio',
  clientSecret: 'tenure-dev-personio-client-secret',
};
