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
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';

import { createLogger } from '../config/logger';
import type { HrEvent } from '../domain/hr-event';
import { createGenericAdapter, type IncomingDelivery } from '../server/adapters';
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
import { round, summarize, timeCall } from './latency-stats';

const SECRET = 'bench-generic-secret';
// Queues no Tenure worker polls, so nothing ever picks these workflows up.
const TASK_QUEUES: TaskQueues = { people: 'bench-people', okta: 'bench-okta', aws: 'bench-aws' };
const TARGET_P99_RATIO = 1.5;
const WARMUP_PAIRS = 30;
const REQUEST_TIMEOUT_MS = 10_000;
// A pair takes about 25 ms here; the budget allows four times that plus start-up and shutdown.
const BUDGET_BASE_MS = 120_000;
const BUDGET_PER_PAIR_MS = 100;

type Stop = () => Promise<void>;

interface Arms {
  webhook(seq: number): Promise<number>;
  bare(seq: number): Promise<number>;
}

async function main(): Promise<number> {
  const count = parseCount(process.argv.slice(2));
  const startedAt = new Date();
  const dataDir = resolve(projectRoot(), '.data', 'bench');
  const dbFile = resolve(dataDir, 'temporal.db');
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
    const server = await listen(app);
    stops.push(() => new Promise<void>((done) => server.close(() => done())));
    let httpConnections = 0;
    server.on('connection', () => httpConnections++);
    const arms = createArms(client, `http://127.0.0.1:${portOf(server)}/webhooks/generic`);

    await runPairs(arms, 0, WARMUP_PAIRS);
    const samples = await runPairs(arms, WARMUP_PAIRS, count);
    await stopAll();

    const result = buildResult(samples, { count, startedAt, httpConnections });
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(resolve(dataDir, 'webhook-ack.json'), JSON.stringify(result, null, 2) + '\n');
    printResult(result);

    return 0;
  } finally {
    clearTimeout(watchdog);
    await stopAll();
  }
}

/**
 * The two arms. The webhook arm times the whole HTTP exchange a sender sees, response body
 * included; the bare arm times exactly the call the gateway makes, without its deadline wrapper.
 * Bodies, signatures and events are built before the clock starts.
 */
function createArms(client: Client, webhookUrl: string): Arms {
  const adapter = createGenericAdapter({ secrets: [SECRET] });

  return {
    webhook: async (seq) => {
      const delivery = signedHire(`wh-${seq}`, seq);
      let status = 0;
      const ms = await timeCall(async () => {
        const response = await fetch(webhookUrl, {
          method: 'POST',
          headers: delivery.headers as Record<string, string>,
          body: delivery.rawBody,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        await response.arrayBuffer();
        status = response.status;
      });
      if (status !== 202) throw new Error(`The webhook answered ${status} instead of 202`);

      return ms;
    },
    bare: (seq) => {
      // The event the adapter would hand the gateway for the same kind of webhook.
      const [event] = adapter.parse(signedHire(`sw-${seq}`, seq)) as [HrEvent];
      const input: PersonInput = { source: event.source, hrId: event.hrId, taskQueues: TASK_QUEUES };

      return timeCall(() =>
        client.workflow.signalWithStart(PERSON_WORKFLOW_TYPE, {
          workflowId: personWorkflowId(event.source, event.hrId),
          taskQueue: TASK_QUEUES.people,
          args: [input],
          signal: recordHrEvent,
          signalArgs: [event],
          typedSearchAttributes: [
            { key: HR_ID, value: event.hrId },
            { key: HR_SOURCE, value: event.source },
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
function signedHire(hrId: string, seq: number): IncomingDelivery {
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

  return {
    rawBody,
    headers: {
      'content-type': 'application/json',
      [GENERIC_TIMESTAMP_HEADER]: timestamp,
      [GENERIC_SIGNATURE_HEADER]: signGeneric(SECRET, timestamp, rawBody),
    },
    receivedAt: new Date(),
  };
}

function buildResult(
  samples: { webhook: number[]; bare: number[] },
  run: { count: number; startedAt: Date; httpConnections: number },
) {
  const webhook = summarize(samples.webhook);
  const bare = summarize(samples.bare);
  const p99Ratio = round(webhook.p99Ms / bare.p99Ms);

  return {
    benchmark: 'webhook-ack',
    startedAt: run.startedAt.toISOString(),
    durationSeconds: round((Date.now() - run.startedAt.getTime()) / 1000),
    node: process.version,
    cpus: cpus().length,
    countPerArm: run.count,
    warmupPerArm: WARMUP_PAIRS,
    httpConnections: run.httpConnections,
    webhook,
    bare,
    ratio: { p50: round(webhook.p50Ms / bare.p50Ms), p99: p99Ratio },
    target: { rule: 'webhook p99 <= 1.5 x bare p99', maxP99Ratio: TARGET_P99_RATIO },
    pass: p99Ratio <= TARGET_P99_RATIO,
    samplesMs: { webhook: samples.webhook.map(round), bare: samples.bare.map(round) },
  };
}

function printResult(result: ReturnType<typeof buildResult>): void {
  const row = (label: string, values: number[]) =>
    label.padEnd(16) + values.map((v) => v.toFixed(2).padStart(9)).join('');
  const { webhook, bare, ratio } = result;
  console.log(
    [
      `Webhook acknowledgement latency, ${result.countPerArm} per arm after ${result.warmupPerArm} ` +
        `warm-up, interleaved (ms)`,
      '                      p50      p99     mean      max',
      row('webhook (HTTP)', [webhook.p50Ms, webhook.p99Ms, webhook.meanMs, webhook.maxMs]),
      row('bare (gRPC)', [bare.p50Ms, bare.p99Ms, bare.meanMs, bare.maxMs]),
      row('webhook / bare', [ratio.p50, ratio.p99]),
      `Target ${result.target.rule}: ${result.pass ? 'PASS' : 'FAIL'}`,
      `${result.httpConnections} HTTP connection(s); run took ${result.durationSeconds} s; ` +
        'result in .data/bench/webhook-ack.json',
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
  return new Promise((ready, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const port = portOf(probe);
      probe.close(() => ready(port));
    });
  });
}

function listen(app: ReturnType<typeof createApp>): Promise<Server> {
  return new Promise((ready, fail) => {
    const server = app.listen(0, '127.0.0.1', () => ready(server));
    server.once('error', fail);
  });
}

function portOf(server: { address(): ReturnType<Server['address']> }): number {
  const address = server.address();

  return typeof address === 'object' && address ? address.port : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`bench: failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
