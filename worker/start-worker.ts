/**
 * Starts the workers from configuration: connects to Temporal, loads the policy, builds the
 * SDK-backed Okta and AWS ports and runs the three task-queue workers until shut down.
 */
import type { PayloadCodec } from '@temporalio/common';
import { NativeConnection, type Worker } from '@temporalio/worker';

import type { TenureConfig } from '../config';
import type { AppLogger } from '../config/logger';
import { createSdkIdentityCenter, type AwsSettings } from '../activities/aws/sdk-identity-center';
import { createBambooHrReader, type BambooHrReaderOptions } from '../activities/hr/bamboohr-reader';
import { createGustoReader, type GustoReaderOptions } from '../activities/hr/gusto-reader';
import { createHiBobReader, type HiBobReaderOptions } from '../activities/hr/hibob-reader';
import { createPersonioReader, type PersonioReaderOptions } from '../activities/hr/personio-reader';
import { createSdkOktaDirectory } from '../activities/okta/sdk-directory';
import { loadPolicyFile } from '../policy';
import { createTenureWorkers } from './create-workers';

export interface ExternalEndpoints {
  temporalAddress: string;
  okta: { orgUrl: string; apiToken: string };
  aws: AwsSettings;
  /** Where BambooHR records are read for event-based webhooks; absent means no reader. */
  bamboohr?: BambooHrReaderOptions;
  /** Where HiBob records are read for v2 webhooks; absent means no reader. */
  hibob?: HiBobReaderOptions;
  /** Where Gusto employees are read for its webhooks; absent means no reader. */
  gusto?: GustoReaderOptions;
  /** Where Personio persons are read for its webhooks; absent means no reader. */
  personio?: PersonioReaderOptions;
}

export interface RunningWorkers {
  workers: Worker[];
  /** Resolves when every worker has stopped; rejects if one fails. */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

/** Connects and starts the people, Okta and AWS workers. */
export async function startWorkers(
  config: TenureConfig,
  endpoints: ExternalEndpoints,
  logger: AppLogger,
  codec: PayloadCodec,
): Promise<RunningWorkers> {
  const policy = loadPolicyFile(config.policyFile);
  logger.info({ policyDigest: policy.digest }, 'policy loaded');
  const connection = await NativeConnection.connect({ address: endpoints.temporalAddress });

  const workers = await createTenureWorkers({
    connection,
    namespace: config.temporal.namespace,
    taskQueues: config.taskQueues,
    policy: () => policy,
    okta: createSdkOktaDirectory(endpoints.okta),
    aws: createSdkIdentityCenter(endpoints.aws),
    limits: config.limits,
    hrReaders: [
      ...(endpoints.bamboohr ? [createBambooHrReader(endpoints.bamboohr)] : []),
      ...(endpoints.hibob ? [createHiBobReader(endpoints.hibob)] : []),
      ...(endpoints.gusto ? [createGustoReader(endpoints.gusto)] : []),
      ...(endpoints.personio ? [createPersonioReader(endpoints.personio)] : []),
    ],
    codec,
  });
  const done = Promise.all(workers.map((w) => w.run())).then(() => connection.close());

  return {
    workers,
    done,
    shutdown: async () => {
      for (const worker of workers) {
        if (worker.getState() === 'RUNNING') worker.shutdown();
      }
      await done;
    },
  };
}
