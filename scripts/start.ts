/**
 * `npm start`: brings the whole system up. Each part that is not configured runs embedded: the
 * Temporal dev server (SQLite, Web UI), the Okta emulator and the AWS IAM Identity Center
 * emulator; then the workers and the webhook server. Ctrl-C stops everything in reverse order.
 */
/* eslint-disable no-console -- an entry point: it prints where each part listens */
import { resolve } from 'node:path';
import { Runtime } from '@temporalio/worker';

import { OKTA_OWNER_ATTRIBUTE } from '../activities/okta/port';
import { DEV_OKTA_TOKEN, loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { payloadCodecFor } from '../codec/from-config';
import { startAwsEmulator } from '../emulators/aws';
import { startOktaEmulator } from '../emulators/okta';
import { loadPolicyFile, managedAwsAssignments, managedOktaGroups } from '../policy';
import { startServer } from '../server/start-server';
import { temporalLogger } from '../worker/logger';
import { startWorkers, type ExternalEndpoints } from '../worker/start-worker';
import { startHrEmulators } from './hr-emulators';
import { projectRoot, startTemporalDevServer } from './temporal-dev-server';

type Stop = () => Promise<void>;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.log.level);
  // The launcher owns shutdown, so the SDK must not install its own signal handlers.
  Runtime.install({ logger: temporalLogger(logger), shutdownSignals: [] });
  const stops: Stop[] = [];
  const lines: string[] = [];
  const codec = payloadCodecFor(config, projectRoot());
  const codecUrl = `http://${config.http.host}:${config.http.port}/codec`;

  let temporalAddress = config.temporal.address;
  if (!temporalAddress) {
    const dev = await startTemporalDevServer({
      port: config.temporal.devPort,
      uiPort: config.temporal.devUiPort,
      dbFile: resolve(projectRoot(), config.dataDir, 'temporal.db'),
      ...(config.payloads.codecEndpoint ? { codecEndpoint: codecUrl } : {}),
    });
    stops.push(dev.stop);
    temporalAddress = dev.address;
    lines.push(`Temporal Web UI      ${dev.uiUrl}`, `Temporal gRPC        ${dev.address}`);
  }

  const endpoints = await externalEndpoints(config, temporalAddress, stops, lines);
  const workers = await startWorkers(config, endpoints, logger, codec);
  stops.push(workers.shutdown);
  const server = await startServer(config, temporalAddress, logger, codec);
  stops.push(server.close);
  const routes = [
    ...['generic', 'bamboohr', 'bamboohr-events', 'hibob', 'gusto', 'personio'],
    ...(config.secrets.oktaEventHooks.length > 0 ? ['okta'] : []),
  ];
  lines.unshift(`Webhooks             ${server.url}/webhooks/{${routes.join(',')}}`);
  lines.unshift(`API description      ${server.url}/openapi.json`);
  if (config.secrets.scim.length > 0)
    lines.unshift(`SCIM 2.0             ${server.url}/scim/v2/Users`);
  lines.unshift(`Person status        ${server.url}/people/<source>/<hrId>`);
  if (config.payloads.codecEndpoint) lines.push(`Payload codec (UI)   ${codecUrl}`);

  console.log(
    ['', 'Tenure is running. Ctrl-C stops it.', ...lines.map((l) => `  ${l}`), ''].join('\n'),
  );

  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping Tenure...');
    for (const stop of stops.reverse()) {
      await stop().catch((error: unknown) => logger.warn({ err: String(error) }, 'stop failed'));
    }
    console.log('Tenure stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stopAll());
  process.on('SIGTERM', () => void stopAll());
  workers.done.catch((error: unknown) => {
    logger.error({ err: String(error) }, 'a worker stopped with an error');
    void stopAll();
  });
}

/** Starts the emulators for whatever is not configured, and returns where each system is. */
async function externalEndpoints(
  config: ReturnType<typeof loadConfig>,
  temporalAddress: string,
  stops: Stop[],
  lines: string[],
): Promise<ExternalEndpoints> {
  let aws: ExternalEndpoints['aws'] = {
    region: config.aws.region,
    ...(config.aws.endpoint ? { endpoint: config.aws.endpoint } : {}),
    ...(config.aws.instanceArn ? { instanceArn: config.aws.instanceArn } : {}),
    ...(config.aws.identityStoreId ? { identityStoreId: config.aws.identityStoreId } : {}),
  };
  const policy = loadPolicyFile(config.policyFile);

  if (config.embedded.aws) {
    const permissionSets = [...new Set(managedAwsAssignments(policy).map((g) => g.permissionSet))]
      .filter((name) => !name.startsWith('arn:'))
      .map((name) => ({ name }));
    const emulator = await startAwsEmulator({
      port: config.emulators.awsPort,
      region: config.aws.region,
      permissionSets,
    });
    stops.push(emulator.close);
    // The emulator checks that a signature is present, not what it is.
    aws = {
      region: config.aws.region,
      endpoint: emulator.url,
      credentials: { accessKeyId: 'embedded', secretAccessKey: 'embedded' },
    };
    lines.push(`AWS emulator         ${emulator.url}  (state: ${emulator.url}/__admin/state)`);
  }

  let okta = config.okta;
  if (!okta) {
    const emulator = await startOktaEmulator({
      port: config.emulators.oktaPort,
      apiToken: DEV_OKTA_TOKEN,
      seedGroups: managedOktaGroups(policy),
      // Okta needs custom attributes in its schema before they can be written.
      customProfileAttributes: [
        ...new Set(policy.rules.flatMap((rule) => Object.keys(rule.grant.oktaProfile))),
        OKTA_OWNER_ATTRIBUTE,
      ],
      // The server starts after the emulator, so this hook is created already verified.
      ...(config.secrets.oktaEventHooks[0]
        ? {
            eventHooks: {
              url: `http://${config.http.host}:${config.http.port}/webhooks/okta`,
              headerName: config.oktaEventHookHeader,
              secret: config.secrets.oktaEventHooks[0],
            },
          }
        : {}),
      ...(config.embedded.aws && aws.endpoint
        ? {
            provisioning: {
              pushUrl: `${aws.endpoint}/__admin/scim/users`,
              delayMs: config.emulators.scimDelayMs,
            },
          }
        : {}),
    });
    stops.push(emulator.close);
    okta = { orgUrl: emulator.url, apiToken: DEV_OKTA_TOKEN };
    lines.push(`Okta emulator        ${emulator.url}  (API token ${DEV_OKTA_TOKEN})`);
  }

  const hr = await startHrEmulators(config, stops, lines);

  return {
    temporalAddress,
    okta,
    aws,
    ...hr,
  };
}

main().catch((error: unknown) => {
  console.error(
    `Tenure failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
