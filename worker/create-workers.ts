/**
 * Wires the workers: people (workflows and the plan step), Okta, AWS and HR readers, each on its
 * own task queue with its system's limits. The one place where real activity implementations meet
 * the workflows.
 */
import type { PayloadCodec } from '@temporalio/common';
import { type NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';

import { createAwsActivities } from '../activities/aws/activities';
import { createHrActivities } from '../activities/hr/activities';
import type { HrReader } from '../activities/hr/port';
import type { IdentityCenter } from '../activities/aws/port';
import { createOktaActivities } from '../activities/okta/activities';
import type { OktaDirectory } from '../activities/okta/port';
import { createPolicyActivities } from '../activities/policy/activities';
import type { Policy } from '../policy';
import type { TaskQueues } from '../workflows/task-queues';

export interface WorkerLimits {
  oktaActivitiesPerSecond: number;
  oktaMaxConcurrent: number;
  awsActivitiesPerSecond: number;
  awsMaxInFlight: number;
  awsPollIntervalMs: number;
}

export interface WorkerWiring {
  connection: NativeConnection;
  namespace: string;
  taskQueues: TaskQueues;
  policy: () => Policy;
  okta: OktaDirectory;
  aws: IdentityCenter;
  limits: WorkerLimits;
  /** One reader per HR source whose webhooks carry ids only. */
  hrReaders: HrReader[];
  /** Encrypts payloads; the same codec must be given to every client. */
  codec: PayloadCodec;
  /** A prebuilt bundle (tests build one per run); otherwise the workflows are bundled from source. */
  workflowBundle?: WorkflowBundleOption;
}

/** Creates (does not run) the people, Okta and AWS workers. */
export async function createTenureWorkers(wiring: WorkerWiring): Promise<Worker[]> {
  return [
    await createPeopleWorker(wiring),
    await createOktaWorker(wiring),
    await createAwsWorker(wiring),
    await createHrWorker(wiring),
  ];
}

/** Workflows and the plan step. */
export async function createPeopleWorker(wiring: WorkerWiring): Promise<Worker> {
  const { connection, namespace, taskQueues } = wiring;
  const workflowSource = wiring.workflowBundle
    ? { workflowBundle: wiring.workflowBundle }
    : { workflowsPath: require.resolve('../workflows') };

  return Worker.create({
    connection,
    namespace,
    taskQueue: taskQueues.people,
    dataConverter: { payloadCodecs: [wiring.codec] },
    ...workflowSource,
    activities: createPolicyActivities(wiring.policy),
  });
}

export async function createOktaWorker(wiring: WorkerWiring): Promise<Worker> {
  const { connection, namespace, taskQueues, limits } = wiring;

  return Worker.create({
    connection,
    namespace,
    taskQueue: taskQueues.okta,
    dataConverter: { payloadCodecs: [wiring.codec] },
    activities: createOktaActivities(wiring.okta),
    // Okta's published limits are per org, so the cap is enforced by the server for every worker.
    maxTaskQueueActivitiesPerSecond: limits.oktaActivitiesPerSecond,
    maxConcurrentActivityTaskExecutions: limits.oktaMaxConcurrent,
  });
}

export async function createAwsWorker(wiring: WorkerWiring): Promise<Worker> {
  const { connection, namespace, taskQueues, limits } = wiring;

  return Worker.create({
    connection,
    namespace,
    taskQueue: taskQueues.aws,
    dataConverter: { payloadCodecs: [wiring.codec] },
    activities: createAwsActivities(wiring.aws, { pollIntervalMs: limits.awsPollIntervalMs }),
    maxTaskQueueActivitiesPerSecond: limits.awsActivitiesPerSecond,
    // Each assignment activity holds one asynchronous AWS operation while it polls.
    maxConcurrentActivityTaskExecutions: limits.awsMaxInFlight,
  });
}

/** HR readers, for id-only webhooks; with none configured a read fails with `hr.no_reader`. */
export async function createHrWorker(wiring: WorkerWiring): Promise<Worker> {
  const { connection, namespace, taskQueues } = wiring;

  return Worker.create({
    connection,
    namespace,
    taskQueue: taskQueues.hr,
    dataConverter: { payloadCodecs: [wiring.codec] },
    activities: createHrActivities(wiring.hrReaders),
  });
}

/** Runs the workers until `signal` aborts or one of them fails. */
export async function runWorkers(workers: Worker[]): Promise<void> {
  await Promise.all(workers.map((w) => w.run()));
}
