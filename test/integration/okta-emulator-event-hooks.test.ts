/**
 * The Okta emulator's Event Hooks, driven by the real Okta SDK: the management API and its
 * verification GET, then System Log batches POSTed to a tiny local receiver with Okta's delivery
 * rules (3 s deadline, one retry on a timeout or 5xx, none on 4xx) and the hook faults. The last
 * block points a hook at Tenure's own receiver and watches a deactivation take AWS access away.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ListAccountAssignmentsForPrincipalCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { Client, DefaultRequestExecutor, type OktaApiError } from '@okta/okta-sdk-nodejs';

import { localDateOf } from '../../domain/instants';
import { startOktaEmulator, type OktaEmulator } from '../../emulators/okta';
import { createOktaEventHookAdapter } from '../../server/adapters/okta-event-hook-adapter';
import type { DirectoryUserStatus } from '../../workflows/directory-user-definitions';
import type { PersonStatus } from '../../workflows/definitions';
import { eventually, OKTA_TOKEN, startStack, type Stack } from '../support/stack';

const TOKEN = 'okta-hook-test-token';
const SECRET = 'Bearer okta-hook-test-secret';
const LIFECYCLE = [
  'user.lifecycle.activate',
  'user.lifecycle.deactivate',
  'user.lifecycle.reactivate',
  'user.lifecycle.suspend',
  'user.lifecycle.unsuspend',
  'user.lifecycle.delete.initiated',
];

interface Received {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Answer {
  status: number;
  body?: unknown;
  delayMs?: number;
}

interface Receiver {
  url: string;
  received: Received[];
  /** Answers for the next requests, in order; then GETs echo the challenge and POSTs get 200. */
  answers: Answer[];
  close(): Promise<void>;
}

interface LogEvent {
  uuid: string;
  published: string;
  eventType: string;
  target: { id: string; type: string; alternateId: string; displayName: string }[];
  transaction: { id: string };
  [field: string]: unknown;
}

interface Delivery {
  eventType: string;
  eventId: string;
  source: string;
  data: { events: LogEvent[] };
  [field: string]: unknown;
}

interface HookStats {
  id: string;
  delivered: number;
  failed: number;
  retried: number;
  duplicated: number;
  reordered: number;
  lastStatuses: number[];
}

async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const answers: Answer[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const challenge = req.headers['x-okta-verification-challenge'];
      const answer = answers.shift() ?? {
        status: 200,
        ...(req.method === 'GET' ? { body: { verification: challenge } } : {}),
      };
      setTimeout(() => {
        if (res.destroyed) return;
        const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
        res.writeHead(answer.status, { 'Content-Type': 'application/json' });
        res.end(payload);
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hooks/okta`,
    received,
    answers,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function sdkClient(orgUrl: string, token = TOKEN): Client {
  return new Client({
    orgUrl,
    token,
    cacheMiddleware: null,
    requestExecutor: new DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 0 }),
  });
}

/** The fixture person, varied per test through `tag`. */
function person(tag: string) {
  return {
    firstName: 'Noor',
    lastName: `Hooktest-${tag}`,
    login: `noor.hooktest.${tag}@example.test`,
    email: `noor.hooktest.${tag}@example.test`,
  };
}

const PASSWORD = { password: { value: 'Correct-Horse-Battery-9' } };

function hookBody(uri: string, items = LIFECYCLE, secret = SECRET) {
  return {
    name: 'Tenure directory hook',
    events: { type: 'EVENT_TYPE' as const, items },
    channel: {
      type: 'HTTP' as const,
      version: '1.0.0',
      config: { uri, authScheme: { type: 'HEADER' as const, key: 'Authorization', value: secret } },
    },
  };
}

async function oktaError(call: Promise<unknown>): Promise<OktaApiError> {
  try {
    await call;
  } catch (error) {
    return error as OktaApiError;
  }
  throw new Error('expected the Okta call to fail');
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(ready: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await pause(20);
  }
}

const posts = (receiver: Receiver) => receiver.received.filter((r) => r.method === 'POST');
const deliveries = (receiver: Receiver) =>
  posts(receiver).map((r) => JSON.parse(r.body) as Delivery);

async function hookStats(emulator: OktaEmulator): Promise<HookStats[]> {
  const state = (await (await fetch(`${emulator.url}/__admin/state`)).json()) as {
    eventHooks: { hooks: HookStats[] };
  };

  return state.eventHooks.hooks;
}

describe('Okta emulator Event Hooks driven by the real Okta SDK', () => {
  let emulator: OktaEmulator;
  let receiver: Receiver;
  let okta: Client;

  beforeAll(async () => {
    emulator = await startOktaEmulator({ apiToken: TOKEN });
    receiver = await startReceiver();
    okta = sdkClient(emulator.url);
  });

  beforeEach(() => {
    emulator.reset();
    receiver.received.length = 0;
    receiver.answers.length = 0;
  });

  afterAll(async () => {
    await emulator.close();
    await receiver.close();
  });

  /** Creates and verifies a hook at the receiver, then forgets the verification GET. */
  async function verifiedHook(items = LIFECYCLE): Promise<string> {
    const hook = await okta.eventHookApi.createEventHook({
      eventHook: hookBody(receiver.url, items),
    });
    await okta.eventHookApi.verifyEventHook({ eventHookId: hook.id! });
    receiver.received.length = 0;

    return hook.id!;
  }

  const createActive = (tag: string) =>
    okta.userApi.createUser({ body: { profile: person(tag), credentials: PASSWORD } });

  describe('management API', () => {
    it('creates an ACTIVE, UNVERIFIED hook and never renders the secret back', async () => {
      const hook = await okta.eventHookApi.createEventHook({ eventHook: hookBody(receiver.url) });
      const listed = [];
      for await (const item of await okta.eventHookApi.listEventHooks()) listed.push(item);

      expect(hook.id).toMatch(/^who[0-9A-Za-z]{17}$/);
      expect(hook.status).toBe('ACTIVE');
      expect(hook.verificationStatus).toBe('UNVERIFIED');
      expect(hook.events.items).toEqual(LIFECYCLE);
      expect(hook.channel.config.authScheme).toEqual({ type: 'HEADER', key: 'Authorization' });
      expect(JSON.stringify(listed)).not.toContain('okta-hook-test-secret');
      expect(listed.map((item) => item?.id)).toEqual([hook.id]);
      expect(receiver.received).toEqual([]);
    });

    it("verifies through one GET carrying Okta's challenge and the secret", async () => {
      const hook = await okta.eventHookApi.createEventHook({ eventHook: hookBody(receiver.url) });

      const verified = await okta.eventHookApi.verifyEventHook({ eventHookId: hook.id! });

      expect(verified.verificationStatus).toBe('VERIFIED');
      expect(receiver.received).toHaveLength(1);
      const [call] = receiver.received;
      expect(call?.method).toBe('GET');
      expect(call?.headers.authorization).toBe(SECRET);
      expect(call?.headers['x-okta-verification-challenge']).toMatch(/^[A-Za-z0-9_-]{40}$/);
    });

    it('refuses verification with E0000001 after one retry when the challenge is not echoed', async () => {
      const hook = await okta.eventHookApi.createEventHook({ eventHook: hookBody(receiver.url) });
      receiver.answers.push({ status: 200, body: { verification: 'wrong' } }, { status: 404 });

      const error = await oktaError(okta.eventHookApi.verifyEventHook({ eventHookId: hook.id! }));
      const after = await okta.eventHookApi.getEventHook({ eventHookId: hook.id! });

      expect(error.status).toBe(400);
      expect(error.errorCode).toBe('E0000001');
      expect(error.errorSummary).toBe('Api validation failed: eventHook');
      expect(error.errorCauses).toEqual([
        {
          errorSummary: 'Unable to verify event hook. Hook Tenure directory hook execution failed',
        },
      ]);
      expect(receiver.received.map((r) => r.method)).toEqual(['GET', 'GET']);
      expect(after.verificationStatus).toBe('UNVERIFIED');
    });

    it('deletes only a deactivated hook, and answers 404 E0000007 afterwards', async () => {
      const id = await verifiedHook();

      const refused = await oktaError(okta.eventHookApi.deleteEventHook({ eventHookId: id }));
      const inactive = await okta.eventHookApi.deactivateEventHook({ eventHookId: id });
      await okta.eventHookApi.deleteEventHook({ eventHookId: id });
      const missing = await oktaError(okta.eventHookApi.getEventHook({ eventHookId: id }));

      expect(refused.status).toBe(400);
      expect(refused.errorCode).toBe('E0000001');
      expect(inactive.status).toBe('INACTIVE');
      expect(missing.status).toBe(404);
      expect(missing.errorCode).toBe('E0000007');
    });
  });

  describe('deliveries', () => {
    it("delivers an SDK deactivation in Okta's envelope, with the secret and the System Log shape", async () => {
      const user = await okta.userApi.createUser({ body: { profile: person('d1') } });
      const hookId = await verifiedHook();

      await okta.userApi.deactivateUser({ userId: user.id! });
      await waitFor(() => posts(receiver).length === 1);

      const [post] = posts(receiver);
      expect(post?.headers.authorization).toBe(SECRET);
      expect(post?.headers['content-type']).toBe('application/json');
      const delivery = JSON.parse(post!.body) as Delivery;
      expect(delivery).toMatchObject({
        eventType: 'com.okta.event_hook',
        eventTypeVersion: '1.0',
        cloudEventsVersion: '0.1',
        source: `${emulator.url}/api/v1/eventHooks/${hookId}`,
        contentType: 'application/json',
      });
      expect(delivery.eventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(String(delivery.eventTime))).not.toBeNaN();
      expect(delivery.data.events).toHaveLength(1);
      const [event] = delivery.data.events;
      expect(event).toMatchObject({
        eventType: 'user.lifecycle.deactivate',
        version: '0',
        severity: 'INFO',
        displayMessage: 'Deactivate Okta user',
        actor: { type: 'User' },
        outcome: { result: 'SUCCESS' },
        target: [
          {
            id: user.id,
            type: 'User',
            alternateId: 'noor.hooktest.d1@example.test',
            displayName: 'Noor Hooktest-d1',
          },
        ],
        debugContext: { debugData: {} },
      });
      expect(event?.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(event?.published).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(event?.transaction.id).toMatch(/^[0-9a-f]{32}$/);
    });

    it('gathers changes made within the batch delay into one delivery, oldest first', async () => {
      await verifiedHook();

      const user = await createActive('b1');
      await okta.userApi.suspendUser({ userId: user.id! });
      await okta.userApi.unsuspendUser({ userId: user.id! });
      await okta.userApi.deleteUser({ userId: user.id! });
      await okta.userApi.deleteUser({ userId: user.id! });
      await waitFor(() => posts(receiver).length >= 1);
      await pause(400);

      const sent = deliveries(receiver);
      expect(sent).toHaveLength(1);
      const events = sent[0]!.data.events;
      expect(events.map((event) => event.eventType)).toEqual([
        'user.lifecycle.activate',
        'user.lifecycle.suspend',
        'user.lifecycle.unsuspend',
        'user.lifecycle.deactivate',
        'user.lifecycle.delete.initiated',
      ]);
      const published = events.map((event) => event.published);
      expect([...published].sort()).toEqual(published);
      expect(new Set(events.map((event) => event.uuid)).size).toBe(5);
    });

    it('delivers nothing to an unverified or inactive hook, nor types it does not subscribe to', async () => {
      const user = await createActive('n1');
      await okta.eventHookApi.createEventHook({ eventHook: hookBody(receiver.url) });
      const inactive = await verifiedHook();
      await okta.eventHookApi.deactivateEventHook({ eventHookId: inactive });
      await verifiedHook(['user.lifecycle.suspend']);

      await okta.userApi.deactivateUser({ userId: user.id! });
      await pause(500);

      expect(posts(receiver)).toEqual([]);
    });

    it('retries once after a 500 and counts the delivery', async () => {
      const user = await createActive('r1');
      await verifiedHook();
      receiver.answers.push({ status: 500 });

      await okta.userApi.suspendUser({ userId: user.id! });
      await waitFor(() => posts(receiver).length === 2);

      const [first, second] = deliveries(receiver);
      expect(second).toEqual(first);
      const [stats] = await hookStats(emulator);
      expect(stats).toMatchObject({
        delivered: 1,
        failed: 0,
        retried: 1,
        lastStatuses: [500, 200],
      });
    });

    it('gives up after the one retry, and never retries a 400', async () => {
      const user = await createActive('r2');
      await verifiedHook();
      receiver.answers.push({ status: 503 }, { status: 503 });
      await okta.userApi.suspendUser({ userId: user.id! });
      await waitFor(() => posts(receiver).length === 2);
      await pause(300);
      receiver.answers.push({ status: 400 });

      await okta.userApi.unsuspendUser({ userId: user.id! });
      await waitFor(() => posts(receiver).length === 3);
      await pause(600);

      expect(posts(receiver)).toHaveLength(3);
      const [stats] = await hookStats(emulator);
      expect(stats).toMatchObject({
        delivered: 0,
        failed: 2,
        retried: 1,
        lastStatuses: [503, 503, 400],
      });
    });

    it('retries once when the receiver takes longer than 3 s', async () => {
      const user = await createActive('t1');
      await verifiedHook();
      receiver.answers.push({ status: 200, delayMs: 3500 });

      await okta.userApi.suspendUser({ userId: user.id! });
      await waitFor(() => posts(receiver).length === 2, 6000);
      await pause(100);

      const [stats] = await hookStats(emulator);
      expect(stats).toMatchObject({ delivered: 1, retried: 1, lastStatuses: [0, 200] });
    });

    it('answers the Okta call at once while the hook endpoint hangs', async () => {
      const user = await createActive('h1');
      await verifiedHook();
      receiver.answers.push({ status: 200, delayMs: 2500 });

      const started = Date.now();
      await okta.userApi.suspendUser({ userId: user.id! });
      const elapsed = Date.now() - started;

      expect(elapsed).toBeLessThan(500);
      expect((await okta.userApi.getUser({ userId: user.id! })).status).toBe('SUSPENDED');
    });
  });

  describe('faults', () => {
    it('sends the very same batch twice while hookDuplicateRate is 1', async () => {
      const user = await createActive('f1');
      await verifiedHook();
      emulator.setFaults({ hookDuplicateRate: 1 });

      await okta.userApi.deactivateUser({ userId: user.id! });
      await waitFor(() => posts(receiver).length === 2);

      const [first, second] = deliveries(receiver);
      expect(second).toEqual(first);
      const [stats] = await hookStats(emulator);
      expect(stats).toMatchObject({ delivered: 2, duplicated: 1 });
    });

    it('reverses the events of a batch while hookReorderRate is 1', async () => {
      const user = await createActive('f2');
      await verifiedHook();
      const response = await fetch(`${emulator.url}/__admin/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ hookReorderRate: 1 }),
      });

      await okta.userApi.suspendUser({ userId: user.id! });
      await okta.userApi.unsuspendUser({ userId: user.id! });
      await waitFor(() => posts(receiver).length === 1);

      expect(response.status).toBe(200);
      const events = deliveries(receiver)[0]!.data.events;
      expect(events.map((event) => event.eventType)).toEqual([
        'user.lifecycle.unsuspend',
        'user.lifecycle.suspend',
      ]);
      expect(events[0]!.published > events[1]!.published).toBe(true);
    });

    it('holds deliveries back by hookDelayMs and refuses a bad hook fault', async () => {
      const user = await createActive('f3');
      await verifiedHook();
      emulator.setFaults({ hookDelayMs: 700 });

      await okta.userApi.suspendUser({ userId: user.id! });
      await pause(500);
      const early = posts(receiver).length;
      await waitFor(() => posts(receiver).length === 1);

      expect(early).toBe(0);
      expect(() => emulator.setFaults({ hookDuplicateRate: 2 })).toThrow(
        'hookDuplicateRate must be a number between 0 and 1',
      );
    });
  });
});

describe('Okta emulator Event Hook configured at start-up', () => {
  let emulator: OktaEmulator;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    emulator = await startOktaEmulator({
      apiToken: TOKEN,
      eventHooks: {
        url: receiver.url,
        headerName: 'X-Hook-Secret',
        secret: 's3',
        batchDelayMs: 50,
      },
    });
  });

  afterAll(async () => {
    await emulator.close();
    await receiver.close();
  });

  it('delivers to the configured hook at once, without a verification GET, and keeps it after a reset', async () => {
    const okta = sdkClient(emulator.url);
    const before = await okta.eventHookApi.listEventHooks();
    const hooks = [];
    for await (const hook of before) hooks.push(hook);
    emulator.reset();
    const user = await okta.userApi.createUser({
      body: { profile: person('s1'), credentials: PASSWORD },
    });

    await okta.userApi.deactivateUser({ userId: user.id! });
    await waitFor(() => posts(receiver).length >= 1);
    await pause(200);

    expect(hooks.map((h) => [h?.status, h?.verificationStatus])).toEqual([['ACTIVE', 'VERIFIED']]);
    expect(receiver.received.every((r) => r.method === 'POST')).toBe(true);
    expect(posts(receiver)[0]?.headers['x-hook-secret']).toBe('s3');
    const types = deliveries(receiver).flatMap((d) => d.data.events.map((e) => e.eventType));
    expect(types).toEqual(['user.lifecycle.activate', 'user.lifecycle.deactivate']);
    expect((await hookStats(emulator))[0]?.id).toBe(hooks[0]?.id);
  });

  it('keeps answering Okta calls when the configured endpoint is down, and counts the failure', async () => {
    const closed = await startReceiver();
    await closed.close();
    const down = await startOktaEmulator({
      apiToken: TOKEN,
      eventHooks: { url: closed.url, secret: SECRET, batchDelayMs: 20 },
    });
    const okta = sdkClient(down.url);

    try {
      const user = await okta.userApi.createUser({
        body: { profile: person('s2'), credentials: PASSWORD },
      });
      await pause(100);
      await okta.userApi.suspendUser({ userId: user.id! });
      const stats = await eventually(
        async () => (await hookStats(down))[0],
        (hook) => hook?.failed === 2,
        5000,
      );

      expect((await okta.userApi.getUser({ userId: user.id! })).status).toBe('SUSPENDED');
      expect(stats).toMatchObject({ delivered: 0, failed: 2, retried: 2 });
      expect(stats?.lastStatuses).toEqual([0, 0, 0, 0]);
    } finally {
      await down.close();
    }
  });
});

describe("Okta emulator Event Hooks into Tenure's receiver", () => {
  const STACK_SECRET = 'Bearer test-okta-emulator-hook-secret';
  let stack: Stack;
  let okta: Client;
  let ssoAdmin: SSOAdminClient;

  beforeAll(async () => {
    stack = await startStack({
      oktaEventHooks: createOktaEventHookAdapter({ secrets: [STACK_SECRET] }),
    });
    okta = sdkClient(stack.okta.url, OKTA_TOKEN);
    ssoAdmin = new SSOAdminClient({
      region: 'us-east-1',
      endpoint: stack.aws.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function assignmentsOf(principalId: string): Promise<string[]> {
    const out = await ssoAdmin.send(
      new ListAccountAssignmentsForPrincipalCommand({
        InstanceArn: stack.aws.instanceArn,
        PrincipalId: principalId,
        PrincipalType: 'USER',
      }),
    );

    return (out.AccountAssignments ?? []).map((a) => `${a.AccountId}/${a.PermissionSetArn}`);
  }

  it('verifies a hook at /webhooks/okta, and a deactivation in Okta takes AWS access away', async () => {
    const hook = await okta.eventHookApi.createEventHook({
      eventHook: hookBody(`${stack.url}/webhooks/okta`, LIFECYCLE, STACK_SECRET),
    });
    const verified = await okta.eventHookApi.verifyEventHook({ eventHookId: hook.id! });
    await stack.sendGeneric({
      eventId: 'evt-hire-E7301',
      type: 'hire',
      occurredAt: new Date().toISOString(),
      effectiveDate: localDateOf(Date.now(), 'America/New_York'),
      employee: {
        hrId: 'E7301',
        firstName: 'Noor',
        lastName: 'Hookfixture',
        email: 'noor.hookfixture.e7301@example.test',
        department: 'Engineering',
        title: 'Software Engineer',
        location: 'New York',
        employmentType: 'Full-Time',
      },
    });
    const hired = await eventually(
      async () => (await (await stack.status('generic', 'E7301')).json()) as PersonStatus,
      (s) => s.stage === 'active' && s.actual.awsUserId !== undefined && !s.converging,
    );
    const userId = hired.actual.oktaUserId!;
    const principalId = hired.actual.awsUserId!;
    const heldBefore = await assignmentsOf(principalId);

    await okta.userApi.deactivateUser({ userId });
    const left = await eventually(
      async () => {
        const response = await fetch(`${stack.url}/directory/okta/${userId}`);

        return response.status === 200
          ? ((await response.json()) as DirectoryUserStatus)
          : undefined;
      },
      (s) => s?.stage === 'left' && !s.checking && s.checkedAt !== undefined,
    );
    const [stats] = await hookStats(stack.okta);

    expect(verified.verificationStatus).toBe('VERIFIED');
    expect(heldBefore.length).toBeGreaterThan(0);
    expect(left?.oktaStatus).toBe('DEPROVISIONED');
    expect(left?.latest?.change).toBe('deactivated');
    expect(await assignmentsOf(principalId)).toEqual([]);
    expect(stats?.failed).toBe(0);
    expect(stats?.delivered).toBeGreaterThanOrEqual(1);
  });
});
