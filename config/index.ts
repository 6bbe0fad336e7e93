/**
 * The one place that reads the environment. Every setting is validated here, once, into typed
 * values; a bad value stops start-up with a message naming the variable. With nothing set, every
 * external part is embedded (local Temporal dev server, Okta and AWS emulators).
 */
import { DEV_SECRETS, envSchema } from './env-schema';
import { DEFAULT_TASK_QUEUES, type TaskQueues } from '../workflows/task-queues';

export {
  DEV_BAMBOOHR,
  DEV_GUSTO,
  DEV_HIBOB,
  DEV_OKTA_TOKEN,
  DEV_PERSONIO,
  DEV_SECRETS,
} from './env-schema';

export class ConfigError extends Error {
  readonly code = 'config.invalid';
}

export interface TenureConfig {
  http: { host: string; port: number; bodyLimit: string };
  dataDir: string;
  policyFile: string;
  /** Webhook signing secrets per source, and the SCIM bearer tokens (`scim`). */
  secrets: {
    generic: string[];
    bamboohr: string[];
    bamboohrEvents: string[];
    hibob: string[];
    /** Gusto's verification tokens; empty leaves the route up for the bootstrap handshake only. */
    gusto: string[];
    personio: string[];
    oktaEventHooks: string[];
    scim: string[];
  };
  /** The header Okta Event Hooks carry their secret in. */
  oktaEventHookHeader: string;
  /** Bearer tokens for the operator routes (/people); empty means open, allowed on loopback only. */
  operatorTokens: string[];
  /**
   * Payload encryption: `keys` as `id:base64` entries, the first encrypting; empty means the
   * embedded key file in the data folder. The codec endpoint lets the Web UI show payloads.
   */
  payloads: { keys: string[]; codecEndpoint: boolean; corsOrigins: string[] };
  temporal: { address?: string; namespace: string; devPort: number; devUiPort: number };
  taskQueues: TaskQueues;
  okta?: { orgUrl: string; apiToken: string };
  /** The BambooHR API that event-based webhooks are read from; absent means embedded or none. */
  bamboohr?: { apiUrl: string; companyDomain: string; apiKey: string };
  /** The HiBob API that v2 webhooks are read from; absent means embedded or none. */
  hibob?: { apiUrl: string; serviceUserId: string; token: string };
  /** The Gusto API that employee webhooks are read from; absent means embedded or none. */
  gusto?: { apiUrl: string; token: string };
  /** The Personio API that webhooks are read from; absent means embedded or none. */
  personio?: { apiUrl: string; clientId: string; clientSecret: string };
  aws: { region: string; endpoint?: string; instanceArn?: string; identityStoreId?: string };
  limits: {
    oktaActivitiesPerSecond: number;
    oktaMaxConcurrent: number;
    awsActivitiesPerSecond: number;
    awsMaxInFlight: number;
    awsPollIntervalMs: number;
  };
  emulators: {
    oktaPort: number;
    awsPort: number;
    bamboohrPort: number;
    hibobPort: number;
    gustoPort: number;
    personioPort: number;
    scimDelayMs: number;
  };
  log: { level: string };
  /** True when Temporal, Okta and AWS are all embedded (nothing external configured). */
  embedded: {
    temporal: boolean;
    okta: boolean;
    aws: boolean;
    bamboohr: boolean;
    hibob: boolean;
    gusto: boolean;
    personio: boolean;
  };
}

/** Reads and validates the environment; throws `ConfigError` naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): TenureConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if ((e.OKTA_ORG_URL === undefined) !== (e.OKTA_API_TOKEN === undefined)) {
    throw new ConfigError(
      'Invalid configuration: set both OKTA_ORG_URL and OKTA_API_TOKEN, or neither',
    );
  }
  if ((e.TENURE_BAMBOOHR_COMPANY === undefined) !== (e.TENURE_BAMBOOHR_API_KEY === undefined)) {
    throw new ConfigError(
      'Invalid configuration: set both TENURE_BAMBOOHR_COMPANY and TENURE_BAMBOOHR_API_KEY, or ' +
        'neither',
    );
  }
  if ((e.TENURE_HIBOB_SERVICE_USER === undefined) !== (e.TENURE_HIBOB_TOKEN === undefined)) {
    throw new ConfigError(
      'Invalid configuration: set both TENURE_HIBOB_SERVICE_USER and TENURE_HIBOB_TOKEN, or ' +
        'neither',
    );
  }
  if (
    (e.TENURE_PERSONIO_CLIENT_ID === undefined) !==
    (e.TENURE_PERSONIO_CLIENT_SECRET === undefined)
  ) {
    throw new ConfigError(
      'Invalid configuration: set both TENURE_PERSONIO_CLIENT_ID and ' +
        'TENURE_PERSONIO_CLIENT_SECRET, or neither',
    );
  }
  const embeddedTemporal = e.TEMPORAL_ADDRESS === undefined;
  if (e.TENURE_GUSTO_SECRETS && !e.TENURE_GUSTO_API_TOKEN && !embeddedTemporal) {
    throw new ConfigError(
      'Invalid configuration: TENURE_GUSTO_SECRETS needs TENURE_GUSTO_API_TOKEN: Gusto webhooks ' +
        'carry only ids, and the record is read from the Gusto API',
    );
  }
  if (e.TENURE_PERSONIO_SECRETS && !e.TENURE_PERSONIO_CLIENT_ID && !embeddedTemporal) {
    throw new ConfigError(
      'Invalid configuration: TENURE_PERSONIO_SECRETS needs TENURE_PERSONIO_CLIENT_ID and ' +
        'TENURE_PERSONIO_CLIENT_SECRET: Personio webhooks carry only ids, and the record is ' +
        'read from the Personio API',
    );
  }
  if (e.TENURE_HIBOB_SECRETS && !e.TENURE_HIBOB_SERVICE_USER && !embeddedTemporal) {
    throw new ConfigError(
      'Invalid configuration: TENURE_HIBOB_SECRETS needs TENURE_HIBOB_SERVICE_USER and ' +
        'TENURE_HIBOB_TOKEN: HiBob webhooks carry only ids, and the record is read from the ' +
        'HiBob API',
    );
  }
  if (e.TENURE_BAMBOOHR_EVENT_SECRETS && !e.TENURE_BAMBOOHR_COMPANY && !embeddedTemporal) {
    throw new ConfigError(
      'Invalid configuration: TENURE_BAMBOOHR_EVENT_SECRETS needs TENURE_BAMBOOHR_COMPANY and ' +
        'TENURE_BAMBOOHR_API_KEY: event-based webhooks carry only ids, and the record is read ' +
        'from the BambooHR API',
    );
  }
  if (
    !embeddedTemporal &&
    !e.TENURE_GENERIC_SECRETS &&
    !e.TENURE_BAMBOOHR_SECRETS &&
    !e.TENURE_BAMBOOHR_EVENT_SECRETS &&
    !e.TENURE_HIBOB_SECRETS &&
    !e.TENURE_GUSTO_API_TOKEN &&
    !e.TENURE_PERSONIO_SECRETS &&
    !e.TENURE_OKTA_EVENT_HOOK_SECRETS &&
    !e.TENURE_SCIM_TOKENS
  ) {
    throw new ConfigError(
      'Invalid configuration: at least one HR source must be configured (TENURE_GENERIC_SECRETS, ' +
        'TENURE_BAMBOOHR_SECRETS, TENURE_BAMBOOHR_EVENT_SECRETS, TENURE_HIBOB_SECRETS, ' +
        'TENURE_GUSTO_API_TOKEN, TENURE_PERSONIO_SECRETS, TENURE_OKTA_EVENT_HOOK_SECRETS or ' +
        'TENURE_SCIM_TOKENS) when TEMPORAL_ADDRESS points at a real cluster (the embedded dev ' +
        'secrets are public)',
    );
  }
  if (!embeddedTemporal && !e.TENURE_PAYLOAD_KEYS) {
    throw new ConfigError(
      'Invalid configuration: TENURE_PAYLOAD_KEYS must be set when TEMPORAL_ADDRESS points at a ' +
        'real cluster, so that personal data reaches it encrypted',
    );
  }
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(e.TENURE_HTTP_HOST);
  if ((!embeddedTemporal || !loopback) && !e.TENURE_OPERATOR_TOKENS) {
    throw new ConfigError(
      'Invalid configuration: TENURE_OPERATOR_TOKENS must be set when the server is reachable ' +
        'beyond loopback or runs against a real cluster (the status routes show personal data)',
    );
  }
  const prefix = e.TENURE_TASK_QUEUE_PREFIX;

  return {
    http: { host: e.TENURE_HTTP_HOST, port: e.TENURE_HTTP_PORT, bodyLimit: e.TENURE_BODY_LIMIT },
    dataDir: e.TENURE_DATA_DIR,
    policyFile: e.TENURE_POLICY_FILE,
    secrets: {
      generic: e.TENURE_GENERIC_SECRETS ?? (embeddedTemporal ? [DEV_SECRETS.generic] : []),
      bamboohr: e.TENURE_BAMBOOHR_SECRETS ?? (embeddedTemporal ? [DEV_SECRETS.bamboohr] : []),
      bamboohrEvents:
        e.TENURE_BAMBOOHR_EVENT_SECRETS ?? (embeddedTemporal ? [DEV_SECRETS.bamboohrEvents] : []),
      hibob: e.TENURE_HIBOB_SECRETS ?? (embeddedTemporal ? [DEV_SECRETS.hibob] : []),
      gusto: e.TENURE_GUSTO_SECRETS ?? (embeddedTemporal ? [DEV_SECRETS.gusto] : []),
      personio: e.TENURE_PERSONIO_SECRETS ?? (embeddedTemporal ? [DEV_SECRETS.personio] : []),
      oktaEventHooks:
        e.TENURE_OKTA_EVENT_HOOK_SECRETS ?? (embeddedTemporal ? [DEV_SECRETS.oktaEventHooks] : []),
      scim: e.TENURE_SCIM_TOKENS ?? (embeddedTemporal ? [DEV_SECRETS.scim] : []),
    },
    oktaEventHookHeader: e.TENURE_OKTA_EVENT_HOOK_HEADER,
    operatorTokens: e.TENURE_OPERATOR_TOKENS ?? [],
    payloads: {
      keys: e.TENURE_PAYLOAD_KEYS ?? [],
      codecEndpoint: (e.TENURE_CODEC_ENDPOINT ?? (embeddedTemporal ? 'on' : 'off')) === 'on',
      corsOrigins: e.TENURE_CODEC_CORS_ORIGINS ?? [
        `http://127.0.0.1:${e.TENURE_TEMPORAL_UI_PORT}`,
        `http://localhost:${e.TENURE_TEMPORAL_UI_PORT}`,
      ],
    },
    temporal: {
      ...(e.TEMPORAL_ADDRESS ? { address: e.TEMPORAL_ADDRESS } : {}),
      namespace: e.TEMPORAL_NAMESPACE,
      devPort: e.TENURE_TEMPORAL_PORT,
      devUiPort: e.TENURE_TEMPORAL_UI_PORT,
    },
    taskQueues: {
      people: prefix + DEFAULT_TASK_QUEUES.people,
      okta: prefix + DEFAULT_TASK_QUEUES.okta,
      aws: prefix + DEFAULT_TASK_QUEUES.aws,
      hr: prefix + DEFAULT_TASK_QUEUES.hr,
    },
    ...(e.OKTA_ORG_URL && e.OKTA_API_TOKEN
      ? { okta: { orgUrl: e.OKTA_ORG_URL, apiToken: e.OKTA_API_TOKEN } }
      : {}),
    ...(e.TENURE_BAMBOOHR_COMPANY && e.TENURE_BAMBOOHR_API_KEY
      ? {
          bamboohr: {
            apiUrl: e.TENURE_BAMBOOHR_API_URL,
            companyDomain: e.TENURE_BAMBOOHR_COMPANY,
            apiKey: e.TENURE_BAMBOOHR_API_KEY,
          },
        }
      : {}),
    ...(e.TENURE_HIBOB_SERVICE_USER && e.TENURE_HIBOB_TOKEN
      ? {
          hibob: {
            apiUrl: e.TENURE_HIBOB_API_URL,
            serviceUserId: e.TENURE_HIBOB_SERVICE_USER,
            token: e.TENURE_HIBOB_TOKEN,
          },
        }
      : {}),
    ...(e.TENURE_GUSTO_API_TOKEN
      ? { gusto: { apiUrl: e.TENURE_GUSTO_API_URL, token: e.TENURE_GUSTO_API_TOKEN } }
      : {}),
    ...(e.TENURE_PERSONIO_CLIENT_ID && e.TENURE_PERSONIO_CLIENT_SECRET
      ? {
          personio: {
            apiUrl: e.TENURE_PERSONIO_API_URL,
            clientId: e.TENURE_PERSONIO_CLIENT_ID,
            clientSecret: e.TENURE_PERSONIO_CLIENT_SECRET,
          },
        }
      : {}),
    aws: {
      region: e.AWS_REGION,
      ...(e.TENURE_AWS_ENDPOINT ? { endpoint: e.TENURE_AWS_ENDPOINT } : {}),
      ...(e.TENURE_AWS_INSTANCE_ARN ? { instanceArn: e.TENURE_AWS_INSTANCE_ARN } : {}),
      ...(e.TENURE_AWS_IDENTITY_STORE_ID
        ? { identityStoreId: e.TENURE_AWS_IDENTITY_STORE_ID }
        : {}),
    },
    limits: {
      oktaActivitiesPerSecond: e.TENURE_OKTA_ACTIVITIES_PER_SECOND,
      oktaMaxConcurrent: e.TENURE_OKTA_MAX_CONCURRENT,
      awsActivitiesPerSecond: e.TENURE_AWS_ACTIVITIES_PER_SECOND,
      awsMaxInFlight: e.TENURE_AWS_MAX_IN_FLIGHT,
      awsPollIntervalMs: e.TENURE_AWS_POLL_INTERVAL_MS,
    },
    emulators: {
      oktaPort: e.TENURE_EMULATOR_OKTA_PORT,
      awsPort: e.TENURE_EMULATOR_AWS_PORT,
      bamboohrPort: e.TENURE_EMULATOR_BAMBOOHR_PORT,
      hibobPort: e.TENURE_EMULATOR_HIBOB_PORT,
      gustoPort: e.TENURE_EMULATOR_GUSTO_PORT,
      personioPort: e.TENURE_EMULATOR_PERSONIO_PORT,
      scimDelayMs: e.TENURE_EMULATOR_SCIM_DELAY_MS,
    },
    log: { level: e.TENURE_LOG_LEVEL },
    embedded: {
      temporal: embeddedTemporal,
      okta: e.OKTA_ORG_URL === undefined,
      aws: e.TENURE_AWS_TARGET === 'embedded' && e.TENURE_AWS_ENDPOINT === undefined,
      // Like the dev secrets: only alongside the embedded Temporal, never against a real cluster.
      bamboohr: e.TENURE_BAMBOOHR_COMPANY === undefined && embeddedTemporal,
      hibob: e.TENURE_HIBOB_SERVICE_USER === undefined && embeddedTemporal,
      gusto: e.TENURE_GUSTO_API_TOKEN === undefined && embeddedTemporal,
      personio: e.TENURE_PERSONIO_CLIENT_ID === undefined && embeddedTemporal,
    },
  };
}
