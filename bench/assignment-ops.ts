/**
 * `npm run bench:assignments`: how close Tenure comes to the fastest possible completion of N AWS
 * account assignments under IAM Identity Center's published limits (20 sso-admin calls per second,
 * 10 outstanding assignment operations). N workflows each create one assignment through the
 * product's path: the real AWS worker (`createAwsWorker`, product default limits), the real
 * activities and `@aws-sdk/client-sso-admin` client, on a fresh Temporal dev server (SQLite under
 * .data/bench/), against the AWS emulator at those limits; all on 127.0.0.1. A measurement, not a
 * gate: it exits 0 whatever the ratio, 1 when something failed or an assignment is missing.
 * `--delay-ms` sets how long an operation stays IN_PROGRESS; `--look-up-first` adds the user
 * lookup and assignment listing that `convergeAws` runs before each create.
 */
/* eslint-disable no-console -- an entry point: it prints the result */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { SSOAdminClient, paginateListAccountAssignments } from '@aws-sdk/client-sso-admin';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, bundleWorkflowCode } from '@temporalio/worker';

import { createSdkIdentityCenter } from '../activities/aws/sdk-identity-center';
import type { OktaDirectory } from '../activities/okta/port';
import { createPayloadCodec } from '../codec/payload-codec';
import { loadConfig } from '../config';
import { startAwsEmulator, type AwsEmulator } from '../emulators/aws';
import { projectRoot, startTemporalDevServer } from '../scripts/temporal-dev-server';
import { createAwsWorker, createPeopleWorker, type WorkerWiring } from '../worker/create-workers';
import type { TaskQueues } from '../workflows/task-queues';
import { createBenchAssignment } from './assignment-workflow';
import { round, summarize, type LatencySummary } from './latency-stats';

const ACCOUNT_ID = '222222222222';
const PERMISSION_SET = 'ReadOnlyAccess';
const REGION = 'us-east-1';
// The emulator checks that requests are signed, not with what.
const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };
/** AWS's published limits (reference §3.7); they cannot be raised. */
const AWS_LIMITS = { callsPerSecond: 20, maxInFlightAssignmentOps: 10 };
/** One CreateAccountAssignment and one Describe…CreationStatus that already sees SUCCEEDED. */
const MINIMAL_CALLS_PER_OP = 2;
const SSO_ADMIN = 'SWBExternalService';
const TASK_QUEUES: TaskQueues = {
  people: 'bench-assign-people',
  okta: 'bench-assign-okta',
  aws: 'bench-assign-aws',
  hr: 'bench-assign-hr',
};
// Start-up (bundling, dev server), verification and shutdown, plus ten times the floor.
const BUDGET_BASE_MS = 180_000;
const BUDGET_FLOOR_MULTIPLE = 10;

type Stop = () => Promise<void>;
type Options = ReturnType<typeof parseArgs>;
type Limits = typeof AWS_LIMITS & { assignmentDelayMs: number };
type HistoryEvent = NonNullable<
  Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']
>[number];
type Timing = ReturnType<typeof timingOf>;
type WireCounts = Record<'requests' | 'throttled' | 'conflicts' | 'sdkRetries', number>;

interface WireCall {
  service: string;
  operation: string;
  status: number;
  sdkRetry: boolean;
  atMs: number;
}

interface EmulatorState {
  calls: Record<string, number>;
  maxInFlightObserved: number;
  operations: { requestId: string; createdDate: number }[];
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const limits: Limits = { ...AWS_LIMITS, assignmentDelayMs: options.delayMs };
  const floor = floorFor(options.count, limits);
  const run = { startedAt: new Date(), loadAverage: round(loadavg()[0] ?? 0), limits, floor };
  const dataDir = resolve(projectRoot(), '.data', 'bench');
  const stops: Stop[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  const budgetMs = BUDGET_BASE_MS + BUDGET_FLOOR_MULTIPLE * floor.ms;
  const abort = (reason: string) => {
    console.error(`bench: ${reason}; stopping`);
    void stopAll().finally(() => process.exit(1));
  };
  const watchdog = setTimeout(() => abort('the run exceeded its time budget'), budgetMs);
  process.once('SIGINT', () => abort('interrupted'));
  process.once('SIGTERM', () => abort('terminated'));

  try {
    const wire = watchAwsWire(stops);
    const stack = await startBenchStack(resolve(dataDir, 'assignment-ops.db'), limits, stops);
    const users = await seedUsers(stack.emulator, options.count);
    const done = await runAssignments(stack.client, users, options, budgetMs);
    // Read before the verification below adds calls of its own.
    const stateUrl = `${stack.emulator.url}/__admin/state`;
    const state = (await (await fetch(stateUrl)).json()) as EmulatorState;
    const runCalls = wire.calls.slice();
    const confirmed = await confirmAssignments(stack.emulator, users);
    const histories = await Promise.all(done.handles.map((handle) => handle.fetchHistory()));
    await stopAll();

    const createdMs = new Map(state.operations.map((op) => [op.requestId, op.createdDate * 1000]));
    const timings = histories.map((history, i) => {
      const requestId = done.statuses[i]?.requestId ?? '';

      return timingOf(history.events ?? [], options.delayMs, createdMs.get(requestId));
    });
    const noOps = done.statuses.filter((status) => !status.requestId).length;
    const seen = { state, confirmed, timings, wire: runCalls, noOps };
    const result = buildResult(options, run, stack.workerLimits, seen);
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(resolve(dataDir, 'assignment-ops.json'), JSON.stringify(result, null, 2) + '\n');
    printResult(result);
    if (!confirmed.allConfirmed) process.exitCode = 1;
  } finally {
    clearTimeout(watchdog);
    await stopAll();
  }
}

/**
 * The best any client could do under the emulator's limits, whatever its design. Each operation
 * holds one of the `maxInFlightAssignmentOps` outstanding-operation slots for exactly
 * `assignmentDelayMs` (from the accepted Create until it is due), so N operations take at least
 * ceil(N / maxInFlight) back-to-back waves of that delay. Each also needs at least
 * MINIMAL_CALLS_PER_OP sso-admin calls (a Create, and a Describe that sees SUCCEEDED), and all
 * calls share `callsPerSecond`, so the calls alone take N * 2 / callsPerSecond seconds. The floor
 * is the larger bound. Identity-store calls are left out: the emulator does not rate-limit them.
 */
function floorFor(count: number, limits: Limits) {
  const waves = Math.ceil(count / limits.maxInFlightAssignmentOps);
  const inFlightBoundMs = waves * limits.assignmentDelayMs;
  const callRateBoundMs = ((count * MINIMAL_CALLS_PER_OP) / limits.callsPerSecond) * 1000;

  return { ms: Math.max(inFlightBoundMs, callRateBoundMs), inFlightBoundMs, callRateBoundMs };
}

/**
 * Records every AWS call the in-process emulator answers, from its HTTP server's side. The
 * product builds its SDK clients itself, so the wire is the one place to see the throttles and
 * conflicts the SDK retried before the activity ever noticed them.
 */
function watchAwsWire(stops: Stop[]) {
  const calls: WireCall[] = [];
  const onFinish = (message: unknown) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    const target = request.headers['x-amz-target'];
    // Admin routes (seeding, state) carry no target and are not AWS traffic.
    if (typeof target !== 'string') return;
    const [service = '', operation = ''] = target.split('.');
    const attempt = /attempt=(\d+)/.exec(String(request.headers['amz-sdk-request'] ?? ''));
    const sdkRetry = Number(attempt?.[1] ?? 1) > 1;
    calls.push({ service, operation, status: response.statusCode, sdkRetry, atMs: Date.now() });
  };
  subscribe('http.server.response.finish', onFinish);
  stops.push(async () => void unsubscribe('http.server.response.finish', onFinish));

  return { calls };
}

/**
 * The emulator, a fresh dev server on `dbFile` (deleted first), the product's people and AWS
 * workers with the product's default limits (the people worker running only the bench workflow),
 * and a client; each pushed onto `stops` as it comes up.
 */
async function startBenchStack(dbFile: string, limits: Limits, stops: Stop[]) {
  Runtime.install({
    shutdownSignals: [],
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
  });
  const emulator = await startAwsEmulator(limits);
  stops.push(() => emulator.close());
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
  const dev = await startTemporalDevServer({ port: await freePort(), dbFile, stdio: 'ignore' });
  stops.push(dev.stop);
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./assignment-workflow'),
    logger: new DefaultLogger('ERROR'),
  });

  const connection = await NativeConnection.connect({ address: dev.address });
  stops.push(() => connection.close());
  const codec = createPayloadCodec({ id: 'bench', material: Buffer.alloc(32, 9) });
  const aws = { region: REGION, endpoint: emulator.url, credentials: CREDENTIALS };
  const wiring: WorkerWiring = {
    connection,
    namespace: 'default',
    taskQueues: TASK_QUEUES,
    policy: () => {
      throw new Error('The bench workflow never plans');
    },
    okta: unwiredPort<OktaDirectory>('Okta'),
    aws: createSdkIdentityCenter(aws),
    // What the product runs with: its defaults, or the TENURE_AWS_* variables when set.
    limits: loadConfig().limits,
    hrReaders: [],
    codec,
    workflowBundle: { code: bundle.code },
  };
  const workers = [await createPeopleWorker(wiring), await createAwsWorker(wiring)];
  const running = workers.map((worker) => worker.run());
  stops.push(async () => {
    for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    await Promise.allSettled(running);
  });

  const clientConnection = await Connection.connect({ address: dev.address });
  stops.push(() => clientConnection.close());
  const client = new Client({
    connection: clientConnection,
    namespace: 'default',
    dataConverter: { payloadCodecs: [codec] },
  });

  return { emulator, client, workerLimits: wiring.limits };
}

/** A port the workers under test never call; touching it means the wiring is wrong. */
function unwiredPort<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_, key) => {
      throw new Error(`The ${name} port is not wired in this bench (${String(key)})`);
    },
  });
}

/** N obviously fake users pushed into the identity store as SCIM would. */
async function seedUsers(emulator: AwsEmulator, count: number) {
  const users: { principalId: string; userName: string }[] = [];
  for (let i = 0; i < count; i++) {
    const userName = `bench.fixture${i}@example.test`;
    const response = await fetch(`${emulator.url}/__admin/scim/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ externalId: `bench-${i}`, userName }),
    });
    const user = (await response.json()) as { UserId?: string };
    if (!response.ok || !user.UserId) {
      throw new Error(`Seeding user ${i} answered ${response.status}`);
    }
    users.push({ principalId: user.UserId, userName });
  }

  return users;
}

/** Starts every workflow at once and waits for all of them. */
async function runAssignments(
  client: Client,
  users: { principalId: string; userName: string }[],
  options: Options,
  budgetMs: number,
) {
  const grant = { accountId: ACCOUNT_ID, permissionSet: PERMISSION_SET };
  const common = { grant, awsTaskQueue: TASK_QUEUES.aws, lookUpFirst: options.lookUpFirst };
  const handles = await Promise.all(
    users.map((user, i) =>
      client.workflow.start(createBenchAssignment, {
        workflowId: `bench-assignment-${i}`,
        taskQueue: TASK_QUEUES.people,
        args: [{ ...user, ...common }],
        // The server ends whatever still runs once the bench has given up.
        workflowExecutionTimeout: budgetMs,
      }),
    ),
  );
  const statuses = await Promise.all(handles.map((handle) => handle.result()));

  return { handles, statuses };
}

/** What ListAccountAssignments shows afterwards, read with a client of the bench's own. */
async function confirmAssignments(emulator: AwsEmulator, users: { principalId: string }[]) {
  const credentials = CREDENTIALS;
  const admin = new SSOAdminClient({ region: REGION, endpoint: emulator.url, credentials });
  try {
    const held: string[] = [];
    const pages = paginateListAccountAssignments(
      { client: admin, pageSize: 100 },
      {
        InstanceArn: emulator.instanceArn,
        AccountId: ACCOUNT_ID,
        PermissionSetArn: emulator.permissionSetArn(PERMISSION_SET),
      },
    );
    for await (const page of pages) {
      for (const row of page.AccountAssignments ?? []) held.push(row.PrincipalId ?? '');
    }
    const distinct = new Set(held);
    const wanted = new Set(users.map((user) => user.principalId));
    const missing = [...wanted].filter((id) => !distinct.has(id)).length;
    const unexpected = [...distinct].filter((id) => !wanted.has(id)).length;
    const duplicates = held.length - distinct.size;
    const allConfirmed = held.length === wanted.size && missing + unexpected === 0;

    return { rows: held.length, missing, unexpected, duplicates, allConfirmed };
  } finally {
    admin.destroy();
  }
}

/**
 * One workflow's times (server clock, ms) from its history and the emulator's record of when it
 * accepted the Create. The apply activity's `run` (its last attempt) splits exactly into
 * `beforeCreate` (permission set lookup, the ListAccountAssignments pre-check, SDK retries), the
 * emulator's delay, and `afterDue` (the wait for the next poll, the Describe, reporting back).
 * `lookups` is the run time of the other activities (`--look-up-first`).
 */
function timingOf(events: HistoryEvent[], delayMs: number, createdMs = NaN) {
  const at = (event: HistoryEvent | undefined) => {
    const time = event?.eventTime;

    return time ? Number(time.seconds ?? 0) * 1000 + (time.nanos ?? 0) / 1e6 : NaN;
  };
  const activities = new Map<number, { name: string; scheduled: number; started: number }>();
  const ran = new Map<number, { completed: number; attempt: number; lastFailure?: string }>();
  for (const event of events) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    const started = event.activityTaskStartedEventAttributes;
    const completed = event.activityTaskCompletedEventAttributes;
    if (scheduled) {
      const name = scheduled.activityType?.name ?? '';
      activities.set(Number(event.eventId), { name, scheduled: at(event), started: NaN });
    }
    const startedOf = activities.get(Number(started?.scheduledEventId));
    if (started && startedOf) {
      startedOf.started = at(event);
      const lastFailure = started.lastFailure?.applicationFailureInfo?.type ?? undefined;
      const attempt = started.attempt ?? 1;
      ran.set(Number(started.scheduledEventId), { completed: NaN, attempt, lastFailure });
    }
    const ranOf = ran.get(Number(completed?.scheduledEventId));
    if (completed && ranOf) ranOf.completed = at(event);
  }
  const [applyId, apply] = [...activities].find(([, a]) => a.name === 'applyAwsAssignment') ?? [];
  const result = ran.get(applyId ?? NaN);
  if (!apply || !result) throw new Error('A bench workflow ran no applyAwsAssignment');
  const lookups = [...activities].filter(([id]) => id !== applyId);
  const workflowStart = at(events.find((e) => e.workflowExecutionStartedEventAttributes));
  const workflowEnd = at(events.find((e) => e.workflowExecutionCompletedEventAttributes));
  const activityStarts = [...activities.values()].map((a) => a.started);

  return {
    workflowStart,
    activityStarts,
    started: apply.started,
    completed: result.completed,
    workflowEnd,
    toSchedule: apply.scheduled - workflowStart,
    queueWait: apply.started - apply.scheduled,
    run: result.completed - apply.started,
    beforeCreate: createdMs - apply.started,
    afterDue: result.completed - (createdMs + delayMs),
    toClose: workflowEnd - result.completed,
    lookups: lookups.reduce((sum, [id, a]) => sum + (ran.get(id)?.completed ?? NaN) - a.started, 0),
    attempt: result.attempt,
    lastFailure: result.lastFailure,
  };
}

interface Observed {
  state: EmulatorState;
  confirmed: Awaited<ReturnType<typeof confirmAssignments>>;
  timings: Timing[];
  wire: WireCall[];
  /** Activities that found the assignment already there and started nothing. */
  noOps: number;
}

function buildResult(
  options: Options,
  run: { startedAt: Date; loadAverage: number; limits: Limits; floor: ReturnType<typeof floorFor> },
  workerLimits: WorkerWiring['limits'],
  seen: Observed,
) {
  const { count } = options;
  const { timings, wire, state } = seen;
  const firstStart = Math.min(...timings.map((t) => t.workflowStart));
  const completionMs = Math.max(...timings.map((t) => t.workflowEnd)) - firstStart;
  const admitted = wire.filter((c) => c.service === SSO_ADMIN && c.status !== 429);
  const starts = timings.flatMap((t) => t.activityStarts);
  const retried = timings.filter((t) => t.attempt > 1);
  const lastFailures: Record<string, number> = {};
  for (const { lastFailure = '?' } of retried) {
    lastFailures[lastFailure] = (lastFailures[lastFailure] ?? 0) + 1;
  }
  const summary = (key: keyof Timing) => summarize(timings.map((t) => Number(t[key])));
  const perOp = (calls: number) => round(calls / count);

  return {
    benchmark: 'assignment-ops',
    startedAt: run.startedAt.toISOString(),
    durationSeconds: round((Date.now() - run.startedAt.getTime()) / 1000),
    node: process.version,
    cpus: cpus().length,
    // Other work on the machine delays timers, HTTP and Temporal alike; a high value flags it.
    loadAverage1mAtStart: run.loadAverage,
    count,
    lookUpFirst: options.lookUpFirst,
    emulatorLimits: run.limits,
    workerLimits,
    completionMs: round(completionMs),
    floor: run.floor,
    ratio: round(completionMs / run.floor.ms),
    timeBudgetMs: timeBudget(timings, run.limits, workerLimits.awsMaxInFlight, completionMs),
    callsPerOperation: Object.fromEntries(
      Object.entries(state.calls).map(([name, calls]) => [name, perOp(calls)]),
    ),
    wire: wireSummary(wire, count),
    throttled: wire.filter((c) => c.status === 429).length,
    conflicts: wire.filter((c) => c.status === 409).length,
    sdkRetries: wire.filter((c) => c.sdkRetry).length,
    applyActivitiesRetried: { count: retried.length, lastFailures },
    maxInFlightObserved: state.maxInFlightObserved,
    assignmentOperationsStarted: state.operations.length,
    noOpResults: seen.noOps,
    // Measured at response time, so a window may show one more than the emulator admitted.
    ssoAdminCallsPerSecond: {
      mean: round(admitted.length / (completionMs / 1000)),
      peakInAnySecond: peakInWindow(
        admitted.map((c) => c.atMs),
        1000,
      ),
    },
    // The AWS task queue's server-side limit counts these, whatever each activity costs in calls.
    activityStartsPerSecond: {
      mean: round(starts.length / (completionMs / 1000)),
      peakInAnySecond: peakInWindow(starts, 1000),
    },
    msPerOperation: {
      toSchedule: summary('toSchedule'),
      queueWait: summary('queueWait'),
      run: summary('run'),
      beforeCreate: summary('beforeCreate'),
      afterDue: summary('afterDue'),
      toClose: summary('toClose'),
    },
    confirmed: seen.confirmed,
    timeline: perSecond(wire, starts, firstStart),
  };
}

/**
 * The completion time split into parts that add up to it exactly. The AWS worker has `slots`
 * activity slots, `slots * completion` slot-milliseconds in all. Each apply's last attempt used
 * `beforeCreate + delay + afterDue` of them and the lookups theirs; the rest stood idle: before
 * the first activity started, after the last one completed, and in between (dispatch, rate
 * limiting, failed attempts and their backoff, the drain once fewer operations remain than
 * slots). Dividing slot time by `slots` turns it back into wall time; the delay part equals the
 * floor when N fills whole waves and the in-flight bound is the larger.
 */
function timeBudget(timings: Timing[], limits: Limits, slots: number, completionMs: number) {
  const total = (key: 'beforeCreate' | 'afterDue' | 'lookups') =>
    timings.reduce((sum, t) => sum + t[key], 0) / slots;
  const firstStart = Math.min(...timings.map((t) => t.workflowStart));
  const lastCompleted = Math.max(...timings.map((t) => t.completed));
  const parts = {
    emulatorDelay: (timings.length * limits.assignmentDelayMs) / slots,
    beforeCreate: total('beforeCreate'),
    afterDue: total('afterDue'),
    lookups: total('lookups'),
    untilFirstActivity: Math.min(...timings.flatMap((t) => t.activityStarts)) - firstStart,
    afterLastActivity: Math.max(...timings.map((t) => t.workflowEnd)) - lastCompleted,
  };
  const accounted = Object.values(parts).reduce((sum, value) => sum + value, 0);
  const all = { ...parts, idleSlotsBetween: completionMs - accounted };

  return Object.fromEntries(Object.entries(all).map(([key, value]) => [key, round(value)]));
}

/** Wire requests by operation: all, admitted, throttled (429), conflicts (409), SDK retries. */
function wireSummary(calls: WireCall[], count: number) {
  const rows = new Map<string, WireCounts>();
  for (const call of calls) {
    const empty = { requests: 0, throttled: 0, conflicts: 0, sdkRetries: 0 };
    const row = rows.get(call.operation) ?? empty;
    rows.set(call.operation, row);
    row.requests++;
    if (call.status === 429) row.throttled++;
    if (call.status === 409) row.conflicts++;
    if (call.sdkRetry) row.sdkRetries++;
  }

  return Object.fromEntries(
    [...rows].map(([name, row]) => {
      const perOp = round(row.requests / count);
      const admittedPerOp = round((row.requests - row.throttled) / count);

      return [name, { perOp, admittedPerOp, ...row }];
    }),
  );
}

/**
 * Each second after the first workflow started: sso-admin calls admitted and throttled, and
 * activities started (the last attempt of each; the history keeps no earlier ones).
 */
function perSecond(calls: WireCall[], activityStarts: number[], originMs: number) {
  const seconds: { admitted: number; throttled: number; activityStarts: number }[] = [];
  const bucketAt = (atMs: number) => {
    const second = Math.max(0, Math.floor((atMs - originMs) / 1000));
    while (seconds.length <= second) seconds.push({ admitted: 0, throttled: 0, activityStarts: 0 });

    return seconds[second] as (typeof seconds)[number];
  };
  for (const call of calls.filter((c) => c.service === SSO_ADMIN)) {
    if (call.status === 429) bucketAt(call.atMs).throttled++;
    else bucketAt(call.atMs).admitted++;
  }
  for (const startedAt of activityStarts) bucketAt(startedAt).activityStarts++;

  return seconds;
}

/** The most instants that fall within any `windowMs`-long window. */
function peakInWindow(instants: number[], windowMs: number): number {
  const sorted = instants.filter(Number.isFinite).sort((a, b) => a - b);
  let peak = 0;
  for (let end = 0, begin = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[begin] as number) >= windowMs) begin++;
    peak = Math.max(peak, end - begin + 1);
  }

  return peak;
}

function printResult(result: ReturnType<typeof buildResult>): void {
  const { floor, emulatorLimits: aws, workerLimits: worker, msPerOperation: ms } = result;
  const s = (value: number) => `${(value / 1000).toFixed(2)} s`;
  const pad = (value: string | number, width: number) => String(value).padStart(width);
  const row = (label: string, x: LatencySummary) =>
    label.padEnd(30) +
    [x.p50Ms, x.p99Ms, x.meanMs, x.maxMs].map((v) => pad(v.toFixed(0), 8)).join('');
  const wire = Object.entries(result.wire).map(
    ([name, w]) =>
      `  ${name.padEnd(40)}${pad(w.perOp.toFixed(2), 6)}${pad(w.admittedPerOp.toFixed(2), 7)}` +
      `${pad(w.throttled, 6)}${pad(w.conflicts, 6)}${pad(w.sdkRetries, 6)}`,
  );
  const budget = Object.entries(result.timeBudgetMs).map(([key, value]) => `${key} ${s(value)}`);
  const { confirmed: c, applyActivitiesRetried: retried, ssoAdminCallsPerSecond: rate } = result;
  const starts = result.activityStartsPerSecond;
  const mode = result.lookUpFirst ? 'findAwsUser, listAwsAssignments, apply' : 'apply only';

  console.log(
    [
      `AWS account assignments: ${result.count} (${mode}) through the AWS worker` +
        ` (${worker.awsActivitiesPerSecond} activities/s, ${worker.awsMaxInFlight} in flight,` +
        ` poll ${worker.awsPollIntervalMs} ms) against the emulator` +
        ` (${aws.callsPerSecond} calls/s, ${aws.maxInFlightAssignmentOps} outstanding,` +
        ` ${aws.assignmentDelayMs} ms per operation)`,
      `Completion ${s(result.completionMs)}; floor ${s(floor.ms)} (in-flight bound` +
        ` ${s(floor.inFlightBoundMs)}, call-rate bound ${s(floor.callRateBoundMs)});` +
        ` ratio ${result.ratio}`,
      `Where it went: ${budget.join(', ')}`,
      'Wire requests                           per op  admit   429   409 retry',
      ...wire,
      `Throttled ${result.throttled}, conflicts ${result.conflicts}, SDK retries` +
        ` ${result.sdkRetries}; apply activities retried ${retried.count}` +
        ` ${JSON.stringify(retried.lastFailures)}`,
      `Max in flight observed ${result.maxInFlightObserved}; operations started` +
        ` ${result.assignmentOperationsStarted}; no-ops ${result.noOpResults}; sso-admin calls/s` +
        ` mean ${rate.mean}, peak ${rate.peakInAnySecond}; activity starts/s mean` +
        ` ${starts.mean}, peak ${starts.peakInAnySecond}`,
      `Per operation (ms)                 p50     p99    mean     max`,
      row('workflow start to scheduled', ms.toSchedule),
      row('queue wait', ms.queueWait),
      row('apply run (last attempt)', ms.run),
      row('  start to Create accepted', ms.beforeCreate),
      row('  due to activity completed', ms.afterDue),
      row('activity done to closed', ms.toClose),
      `ListAccountAssignments: ${c.rows} rows, ${c.missing} missing, ${c.unexpected} unexpected,` +
        ` ${c.duplicates} duplicates: ${c.allConfirmed ? 'all confirmed' : 'NOT CONFIRMED'}`,
      `Took ${result.durationSeconds} s; load average ${result.loadAverage1mAtStart} at start;` +
        ' written to .data/bench/assignment-ops.json',
    ].join('\n'),
  );
}

function parseArgs(args: string[]) {
  const whole = (flag: string, fallback: number, max: number) => {
    const at = args.indexOf(flag);
    if (at === -1) return fallback;
    const value = Number(args[at + 1]);
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new Error(`${flag} must be a whole number from 1 to ${max}`);
    }

    return value;
  };

  return {
    count: whole('--count', 200, 2_000),
    delayMs: whole('--delay-ms', 2_000, 60_000),
    lookUpFirst: args.includes('--look-up-first'),
  };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ready, fail) => {
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => ready());
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise((done) => probe.close(done));

  return port;
}

main().catch((error: unknown) => {
  console.error(`bench: failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
