/**
 * `npm run bench:webhook`: how long a signed hire webhook takes to be acknowledged (202, after
 * Temporal durably took the signal-with-start) compared with a bare `signalWithStart` from the
 * same process to the same Temporal. Everything runs on 127.0.0.1: a fresh dev server on SQLite
 * in WAL mode, as `npm start` embeds it, and the real express app. No workers run, so the
 * workflows only wait and the engine's load is the same for both arms. A measurement, not a gate:
 * it exits 0 whether the target is met or not, and 1 only when something failed.
 */
/* eslint-disable no-console -- an entry point: it prints the result */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';

import { createLogger } from '../config/logger';
import type { HrEvent } from '../domain/hr-event';
import { createGenericAdapter } from '../server/adapters';
import {
  GENERIC_SIGNATURE_HEADER,
  GENERIC_TIMESTAMP_HEADER,
  signGeneric,
} from '../server/adapters/signing';
import { createApp } from '../server/app';
import { createPersonGateway } from '../server/person-gateway';
import { projectRoot, startTemporalDevServer } from '../scripts/temporal-dev-server';
import {
  PERSON_WORKFLOW_TYPE,
  personWorkflowId,
  recordHrEvent,
  type PersonInput,
} from '../workflows/definitions';
import { HR_ID, HR_SOURCE, STAGE } from '../workflows/search-attributes';
import type { TaskQueues } from '../workflows/task-queues';
import { compare, round, timeCall } from './latency-stats';

const SECRET = 'bench-generic-secret';
// Queues no Tenure worker polls, so nothing ever picks these workflows up.
const TASK_QUEUES: TaskQueues = {
  people: 'bench-people',
  okta: 'bench-okta',
  aws: 'bench-aws',
  hr: 'bench-hr',
};
const TARGET_P99_RATIO = 1.5;
const WARMUP_PAIRS = 30;
const REQUEST_TIMEOUT_MS = 10_000;
// A pair takes about 25 ms here; the budget allows four times that plus start-up and shutdown.
const BUDGET_BASE_MS = 120_000;
const BUDGET_PER_PAIR_MS = 100;

type Stop = () => Promise<void>;
type Arms = ReturnType<typeof createArms>;

async function main(): Promise<void> {
  const count = parseCount(process.argv.slice(2));
  const startedAt = new Date();
  const loadAverage = round(loadavg()[0] ?? 0);
  const dataDir = resolve(projectRoot(), '.data', 'bench');
  const stops: Stop[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  const watchdog = setTimeout(
    () => {
      console.error('bench: the run exceeded its time budget; stopping');
      void stopAll().finally(() => process.exit(1));
    },
    BUDGET_BASE_MS + BUDGET_PER_PAIR_MS * (WARMUP_PAIRS + count),
  );

  try {
    const stack = await startBenchStack(resolve(dataDir, 'temporal.db'), stops);
    await runPairs(stack.arms, 0, WARMUP_PAIRS);
    const connectionsBefore = stack.httpConnections();
    const samples = await runPairs(stack.arms, WARMUP_PAIRS, count);
    const newConnections = stack.httpConnections() - connectionsBefore;
    await stopAll();

    const result = buildResult(samples, { count, startedAt, loadAverage, newConnections });
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(resolve(dataDir, 'webhook-ack.json'), JSON.stringify(result, null, 2) + '\n');
    printResult(result);
  } finally {
    clearTimeout(watchdog);
    await stopAll();
  }
}

/**
 * A fresh dev server on `dbFile` (deleted first, so every run starts from an empty history), one
 * client connection, and the app on an ephemeral port, each pushed onto `stops` as it comes up.
 */
async function startBenchStack(dbFile: string, stops: Stop[]) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
  const dev = await startTemporalDevServer({ port: await freePort(), dbFile, stdio: 'ignore' });
  stops.push(dev.stop);
  const connection = await Connection.connect({ address: dev.address });
  stops.push(() => connection.close());
  const client = new Client({ connection, namespace: 'default' });

  const app = createApp({
    adapters: [createGenericAdapter({ secrets: [SECRET] })],
    gateway: createPersonGateway({ client, taskQueues: TASK_QUEUES }),
    logger: createLogger('silent'),
    bodyLimit: '256kb',
  });
  const server = createHttpServer(app);
  const port = await listenLocally(server);
  stops.push(() => new Promise<void>((done) => server.close(() => done())));
  let httpConnections = 0;
  server.on('connection', () => httpConnections++);

  return {
    arms: createArms(client, `http://127.0.0.1:${port}/webhooks/generic`),
    httpConnections: () => httpConnections,
  };
}

/**
 * The two arms. The webhook arm times the whole HTTP exchange a sender sees, response body
 * included; the bare arm times exactly the call the gateway makes, without its deadline wrapper.
 * Bodies, signatures and events are built before the clock starts.
 */
function createArms(client: Client, webhookUrl: string) {
  const adapter = createGenericAdapter({ secrets: [SECRET] });

  return {
    webhook: async (seq: number): Promise<number> => {
      const { rawBody: body, headers } = signedHire(`wh-${seq}`, seq);
      let status = 0;
      const ms = await timeCall(async () => {
        const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
        const response = await fetch(webhookUrl, { method: 'POST', headers, body, signal });
        await response.arrayBuffer();
        status = response.status;
      });
      if (status !== 202) throw new Error(`The webhook answered ${status} instead of 202`);

      return ms;
    },
    bare: (seq: number): Promise<number> => {
      // The event the adapter would hand the gateway for the same kind of webhook.
      const delivery = { ...signedHire(`sw-${seq}`, seq), receivedAt: new Date() };
      const [event] = adapter.parse(delivery) as [HrEvent];
      const { source, hrId } = event;
      const input: PersonInput = { source, hrId, taskQueues: TASK_QUEUES };

      return timeCall(() =>
        client.workflow.signalWithStart(PERSON_WORKFLOW_TYPE, {
          workflowId: personWorkflowId(source, hrId),
          taskQueue: TASK_QUEUES.people,
          args: [input],
          signal: recordHrEvent,
          signalArgs: [event],
          typedSearchAttributes: [
            { key: HR_ID, value: hrId },
            { key: HR_SOURCE, value: source },
            { key: STAGE, value: 'pending' },
          ],
        }),
      );
    },
  };
}

/**
 * One request of each arm per pair, the order swapped every pair (ABBA), so drift in the engine
 * and any cost of going first or second fall on both arms alike.
 */
async function runPairs(arms: Arms, firstSeq: number, pairs: number) {
  const samples = { webhook: [] as number[], bare: [] as number[] };
  for (let seq = firstSeq; seq < firstSeq + pairs; seq++) {
    if (seq % 2 === 0) {
      samples.webhook.push(await arms.webhook(seq));
      samples.bare.push(await arms.bare(seq));
    } else {
      samples.bare.push(await arms.bare(seq));
      samples.webhook.push(await arms.webhook(seq));
    }
  }

  return samples;
}

/** A hire in the generic format for one obviously fake person, signed as a sender would. */
function signedHire(hrId: string, seq: number) {
  const body = {
    eventId: `bench-hire-${hrId}`,
    type: 'hire',
    occurredAt: new Date().toISOString(),
    effectiveDate: '2027-01-04',
    employee: {
      hrId,
      firstName: 'Benchy',
      lastName: `Fixture${seq}`,
      email: `benchy.fixture${seq}@example.test`,
      department: 'Engineering',
      title: 'Engineer',
      location: 'Berlin',
      employmentType: 'Full-Time',
      timeZone: 'Europe/Berlin',
    },
  };
  const rawBody = Buffer.from(JSON.stringify(body));
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = signGeneric(SECRET, timestamp, rawBody);

  return {
    rawBody,
    headers: {
      'content-type': 'application/json',
      [GENERIC_TIMESTAMP_HEADER]: timestamp,
      [GENERIC_SIGNATURE_HEADER]: signature,
    },
  };
}

function buildResult(
  samples: { webhook: number[]; bare: number[] },
  run: { count: number; startedAt: Date; loadAverage: number; newConnections: number },
) {
  const comparison = compare(samples.webhook, samples.bare);

  return {
    benchmark: 'webhook-ack',
    startedAt: run.startedAt.toISOString(),
    durationSeconds: round((Date.now() - run.startedAt.getTime()) / 1000),
    node: process.version,
    cpus: cpus().length,
    // Other work on the machine slows both arms and stretches their tails; a high value flags it.
    loadAverage1mAtStart: run.loadAverage,
    countPerArm: run.count,
    warmupPerArm: WARMUP_PAIRS,
    // Zero means every measured request reused a keep-alive connection opened during warm-up.
    httpConnectionsOpenedWhileMeasuring: run.newConnections,
    webhook: comparison.subject,
    bare: comparison.baseline,
    ratio: {
      p50: comparison.p50Ratio,
      p99: comparison.p99Ratio,
      p99Interval95: comparison.p99RatioInterval95,
    },
    target: { rule: `webhook p99 <= ${TARGET_P99_RATIO} x bare p99` },
    pass: comparison.p99Ratio <= TARGET_P99_RATIO,
    samplesMs: { webhook: samples.webhook.map(round), bare: samples.bare.map(round) },
  };
}

function printResult(result: ReturnType<typeof buildResult>): void {
  const row = (label: string, values: number[]) =>
    label.padEnd(16) + values.map((v) => v.toFixed(2).padStart(9)).join('');
  const { webhook, bare, ratio } = result;
  const [low, high] = ratio.p99Interval95;

  console.log(
    [
      `Webhook acknowledgement, ${result.countPerArm} per arm after ${WARMUP_PAIRS} warm-up (ms)`,
      `${''.padEnd(16)}      p50      p99     mean      max`,
      row('webhook (HTTP)', [webhook.p50Ms, webhook.p99Ms, webhook.meanMs, webhook.maxMs]),
      row('bare (gRPC)', [bare.p50Ms, bare.p99Ms, bare.meanMs, bare.maxMs]),
      row('webhook / bare', [ratio.p50, ratio.p99]),
      `Target ${result.target.rule}: ${result.pass ? 'PASS' : 'FAIL'} ` +
        `(95% resampling interval of the p99 ratio: ${low}-${high})`,
      `Took ${result.durationSeconds} s; load average ${result.loadAverage1mAtStart} at start; ` +
        `${result.httpConnectionsOpenedWhileMeasuring} HTTP connections opened while measuring; ` +
        'written to .data/bench/webhook-ack.json',
    ].join('\n'),
  );
}

function parseCount(args: string[]): number {
  const at = args.indexOf('--count');
  if (at === -1) return 300;
  const count = Number(args[at + 1]);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) {
    throw new Error('--count must be a whole number from 1 to 10000');
  }

  return count;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listenLocally(probe);
  await new Promise((done) => probe.close(done));

  return port;
}

/** Listens on an ephemeral loopback port and returns it. */
function listenLocally(server: Server): Promise<number> {
  return new Promise((ready, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ready((server.address() as AddressInfo).port));
  });
}

main().catch((error: unknown) => {
  console.error(`bench: failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
