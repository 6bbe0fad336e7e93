/**
 * A whole Tenure stack for one test file: the Okta and AWS emulators (SCIM push wired between
 * them), the three workers on task queues of its own, and the HTTP server, all against the shared
 * Temporal dev server from the global setup. Everything it starts, `stop()` tears down.
 */
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ListAccountAssignmentsCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { Client as OktaClient, DefaultRequestExecutor } from '@okta/okta-sdk-nodejs';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';

import { createSdkIdentityCenter } from '../../activities/aws/sdk-identity-center';
import type { HrReader } from '../../activities/hr/port';
import { OKTA_OWNER_ATTRIBUTE } from '../../activities/okta/port';
import { createSdkOktaDirectory } from '../../activities/okta/sdk-directory';
import { createPayloadCodec } from '../../codec/payload-codec';
import { createLogger } from '../../config/logger';
import { startAwsEmulator, type AwsEmulator, type AwsEmulatorOptions } from '../../emulators/aws';
import { startOktaEmulator, type OktaEmulator } from '../../emulators/okta';
import {
  loadPolicyFile,
  managedAwsAssignments,
  managedOktaGroups,
  parsePolicy,
  type Policy,
} from '../../policy';
import {
  createBambooHrAdapter,
  createGenericAdapter,
  type IntakeAdapter,
} from '../../server/adapters';
import { signBambooHr, signGeneric } from '../../server/adapters/signing';
import type { OktaEventHookAdapter } from '../../server/adapters/okta-event-hook-adapter';
import { createApp } from '../../server/app';
import { createPersonGateway } from '../../server/person-gateway';
import { createAwsWorker, createTenureWorkers } from '../../worker/create-workers';
import { HR_ID, HR_SOURCE, NEXT_TRANSITION, STAGE } from '../../workflows/search-attributes';
import type { TaskQueues } from '../../workflows/task-queues';

export const GENERIC_SECRET = 'test-generic-secret';
export const BAMBOOHR_SECRET = 'test-bamboohr-secret';
export const OKTA_TOKEN = 'test-okta-token';
/** Every test stack encrypts payloads, as the product always does. */
export const TEST_CODEC = createPayloadCodec({ id: 'test', material: Buffer.alloc(32, 7) });

export interface StackOptions {
  policyYaml?: string;
  /** Use this Temporal (for example a time-skipping test environment) instead of the shared one. */
  temporal?: { nativeConnection: NativeConnection; connection: Connection };
  scimDelayMs?: number;
  hrReaders?: HrReader[];
  /** Intake adapters besides the generic and BambooHR field-based ones. */
  extraAdapters?: IntakeAdapter[];
  /** The clock the app receives deliveries by, when Temporal's clock is not the wall clock. */
  clock?: () => Date;
  aws?: AwsEmulatorOptions;
  /** Serve Okta Event Hooks at /webhooks/okta with this adapter. */
  oktaEventHooks?: OktaEventHookAdapter;
}

export interface Stack {
  url: string;
  okta: OktaEmulator;
  aws: AwsEmulator;
  client: Client;
  policy: Policy;
  taskQueues: TaskQueues;
  sendGeneric(body: unknown): Promise<Response>;
  sendBambooHr(body: unknown): Promise<Response>;
  status(source: string, hrId: string): Promise<Response>;
  /** The Okta users whose employeeNumber is this, through the real SDK against the emulator. */
  oktaUsers(
    employeeNumber: string,
  ): Promise<{ id: string; status: string; profile: Record<string, unknown> }[]>;
  /** The names of a user's Okta groups, sorted. */
  oktaGroupNames(userId: string): Promise<string[]>;
  /** The principals holding a permission set on an account, through the real SSO admin client. */
  awsPrincipals(accountId: string, permissionSet: string): Promise<string[]>;
  /** Stops the AWS worker (cancelling what it runs) and starts a fresh one, as a crash would. */
  restartAwsWorker(): Promise<void>;
  stop(): Promise<void>;
}

let runtimeInstalled = false;

/** Quiet SDK logs and no signal handlers; call before anything creates a Temporal connection. */
export function installTestRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({
    shutdownSignals: [],
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
  });
  runtimeInstalled = true;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const temporalAddress = options.temporal ? '' : requiredEnv('TENURE_TEST_TEMPORAL_ADDRESS');
  installTestRuntime();
  const policy = options.policyYaml
    ? parsePolicy(options.policyYaml, 'test-policy.yaml')
    : loadPolicyFile('policy/example-policy.yaml');

  const aws = await startAwsEmulator({
    assignmentDelayMs: 100,
    permissionSets: permissionSetsOf(policy),
    ...options.aws,
  });
  const okta = await startOktaEmulator({
    apiToken: OKTA_TOKEN,
    seedGroups: managedOktaGroups(policy),
    customProfileAttributes: [...customAttributesOf(policy), OKTA_OWNER_ATTRIBUTE],
    provisioning: { pushUrl: `${aws.url}/__admin/scim/users`, delayMs: options.scimDelayMs ?? 200 },
  });

  const prefix = `t${randomUUID().slice(0, 8)}-`;
  const taskQueues: TaskQueues = {
    people: `${prefix}people`,
    okta: `${prefix}okta`,
    aws: `${prefix}aws`,
    hr: `${prefix}hr`,
  };
  const nativeConnection =
    options.temporal?.nativeConnection ??
    (await NativeConnection.connect({ address: temporalAddress }));
  const wiring = {
    connection: nativeConnection,
    namespace: 'default',
    taskQueues,
    policy: () => policy,
    okta: createSdkOktaDirectory({ orgUrl: okta.url, apiToken: OKTA_TOKEN }),
    aws: createSdkIdentityCenter({
      region: 'us-east-1',
      endpoint: aws.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
    limits: {
      oktaActivitiesPerSecond: 1000,
      oktaMaxConcurrent: 20,
      awsActivitiesPerSecond: 1000,
      awsMaxInFlight: 10,
      awsPollIntervalMs: 100,
    },
    workflowBundle: { codePath: requiredEnv('TENURE_TEST_WORKFLOW_BUNDLE') },
    codec: TEST_CODEC,
    hrReaders: options.hrReaders ?? [],
  };
  const workers = await createTenureWorkers(wiring);
  const running = workers.map((w) => w.run());

  const ownConnection = options.temporal
    ? undefined
    : await Connection.connect({ address: temporalAddress });
  const client = new Client({
    connection: options.temporal?.connection ?? ownConnection,
    namespace: 'default',
    dataConverter: { payloadCodecs: [TEST_CODEC] },
  });
  const gateway = createPersonGateway({ client, taskQueues });
  const app = createApp({
    adapters: [
      createGenericAdapter({ secrets: [GENERIC_SECRET] }),
      createBambooHrAdapter({ secrets: [BAMBOOHR_SECRET] }),
      ...(options.extraAdapters ?? []),
    ],
    gateway,
    logger: createLogger('silent'),
    bodyLimit: '256kb',
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.oktaEventHooks ? { oktaEventHooks: options.oktaEventHooks } : {}),
  });
  const server = await listen(app);
  const url = serverUrl(server);
  const oktaClient = new OktaClient({
    orgUrl: okta.url,
    token: OKTA_TOKEN,
    cacheMiddleware: null,
    requestExecutor: new DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 0 }),
  });
  const ssoAdmin = new SSOAdminClient({
    region: 'us-east-1',
    endpoint: aws.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });

  return {
    url,
    okta,
    aws,
    client,
    policy,
    taskQueues,
    sendGeneric: (body) => postSigned(`${url}/webhooks/generic`, body, 'generic', options.clock),
    sendBambooHr: (body) => postSigned(`${url}/webhooks/bamboohr`, body, 'bamboohr', options.clock),
    status: (source, hrId) => fetch(`${url}/people/${source}/${hrId}`),
    oktaUsers: async (employeeNumber) => {
      const found: { id: string; status: string; profile: Record<string, unknown> }[] = [];
      const search = `profile.employeeNumber eq "${employeeNumber}"`;
      for await (const user of await oktaClient.userApi.listUsers({ search })) {
        if (user) {
          found.push({
            id: String(user.id),
            status: String(user.status),
            profile: { ...user.profile },
          });
        }
      }

      return found;
    },
    oktaGroupNames: async (userId) => {
      const names: string[] = [];
      for await (const group of await oktaClient.userApi.listUserGroups({ userId })) {
        if (group?.profile?.name) names.push(group.profile.name);
      }

      return names.sort();
    },
    awsPrincipals: async (accountId, permissionSet) => {
      const out = await ssoAdmin.send(
        new ListAccountAssignmentsCommand({
          InstanceArn: aws.instanceArn,
          AccountId: accountId,
          PermissionSetArn: aws.permissionSetArn(permissionSet),
        }),
      );

      return (out.AccountAssignments ?? []).map((a) => String(a.PrincipalId));
    },
    restartAwsWorker: async () => {
      const index = workers.findIndex((w) => w.options.taskQueue === taskQueues.aws);
      const old = workers[index]!;
      old.shutdown();
      await running[index];
      const fresh = await createAwsWorker(wiring);
      workers[index] = fresh;
      running[index] = fresh.run();
    },
    stop: async () => {
      await new Promise<void>((done) => server.close(() => done()));
      await stopWorkers(workers, running);
      if (!options.temporal) {
        await ownConnection?.close();
        await nativeConnection.close();
      }
      await okta.close();
      await aws.close();
    },
  };
}

export async function postSigned(
  url: string,
  body: unknown,
  kind: 'generic' | 'bamboohr',
  clock: () => Date = () => new Date(),
) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (kind === 'generic') {
    const timestamp = String(Math.floor(clock().getTime() / 1000));
    headers['x-tenure-timestamp'] = timestamp;
    headers['x-tenure-signature'] = signGeneric(GENERIC_SECRET, timestamp, Buffer.from(raw));
  } else {
    const timestamp = String(Math.floor(Date.now() / 1000));
    headers['x-bamboohr-timestamp'] = timestamp;
    headers['x-bamboohr-signature'] = signBambooHr(BAMBOOHR_SECRET, timestamp, Buffer.from(raw));
  }

  return fetch(url, { method: 'POST', headers, body: raw });
}

/** The Okta profile attributes the policy writes beyond Okta's base profile. */
export function customAttributesOf(policy: Policy): string[] {
  return [...new Set(policy.rules.flatMap((rule) => Object.keys(rule.grant.oktaProfile)))];
}

function permissionSetsOf(policy: Policy) {
  const names = managedAwsAssignments(policy)
    .map((g) => g.permissionSet)
    .filter((name) => !name.startsWith('arn:'));

  return [...new Set(names)].map((name) => ({ name }));
}

async function stopWorkers(workers: Worker[], running: Promise<void>[]): Promise<void> {
  for (const worker of workers) {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  }
  await Promise.allSettled(running);
}

function listen(app: ReturnType<typeof createApp>): Promise<Server> {
  return new Promise((ready) => {
    const server = app.listen(0, '127.0.0.1', () => ready(server));
  });
}

export function serverUrl(server: Server): string {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return `http://127.0.0.1:${port}`;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest's global setup`);

  return value;
}

/**
 * The time-skipping test server knows no custom search attributes until they are added; the dev
 * server gets them from its command line.
 */
export async function registerSearchAttributes(connection: Connection): Promise<void> {
  const searchAttributes = Object.fromEntries(
    [HR_ID, HR_SOURCE, STAGE, NEXT_TRANSITION].map((key) => [key.name, INDEXED_TYPES[key.type]!]),
  );
  await connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes });
}

const INDEXED_TYPES: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

/** Polls `read` until `accept` holds or the timeout passes; returns the last value read. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!accept(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }

  return last;
}
