/**
 * Runs once before all test files: bundles the workflow code and starts one in-memory Temporal dev
 * server (the real binary). Test files find both through environment variables.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

import {
  projectRoot,
  startTemporalDevServer,
  type DevServer,
} from '../../scripts/temporal-dev-server';

export async function freePort(): Promise<number> {
  return new Promise((ready, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => ready(port));
    });
  });
}

export default async function globalSetup(): Promise<void> {
  const root = projectRoot();
  const dir = resolve(root, '.data', 'test');
  mkdirSync(dir, { recursive: true });

  const bundle = await bundleWorkflowCode({
    workflowsPath: resolve(root, 'workflows', 'index.ts'),
    logger: {
      log: () => undefined,
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    },
  });
  const bundlePath = resolve(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);

  // A small history limit makes every long test exercise continue-as-new.
  const server = await startTemporalDevServer({
    port: await freePort(),
    stdio: 'ignore',
    dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': '150' },
  });
  (globalThis as { tenureDevServer?: DevServer }).tenureDevServer = server;
  process.env.TENURE_TEST_TEMPORAL_ADDRESS = server.address;
  process.env.TENURE_TEST_WORKFLOW_BUNDLE = bundlePath;
}
