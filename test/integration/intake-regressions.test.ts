/**
 * The hand-off budget covers a whole webhook request, not each event in it: a sender's timeout
 * (Okta's 3 s, Personio's 3 s) is for the request, so every Temporal call gets only what is left.
 * The gateway is a stand-in that takes a set time per call, fails a call whose deadline is shorter
 * (as the real one does), and records the deadline it was given: only the HTTP layer is under test.
 */
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import { createLogger } from '../../config/logger';
import type { HrEvent } from '../../domain/hr-event';
import type { IntakeAdapter } from '../../server/adapters';
import { createOktaEventHookAdapter } from '../../server/adapters/okta-event-hook-adapter';
import { createApp } from '../../server/app';
import { GatewayError, type PersonGateway } from '../../server/person-gateway';
import { serverUrl } from '../support/stack';

const HOOK_SECRET = 'Bearer test-budget-okta-secret';
// One obviously fake Okta user and one fake person, varied per test.
const OKTA_USER = '00uBUDGETTEST01';

/** A sender that waits 3 s, like Personio, and posts three events for one person at once. */
const batchSender: IntakeAdapter = {
  source: 'batch-sender',
  ackTimeoutMs: 3_000,
  parse: (delivery) =>
    ['hire', 'update', 'update'].map((kind, index): HrEvent => ({
      eventId: `evt-budget-${index}`,
      source: 'batch-sender',
      hrId: 'E4501',
      kind: kind as HrEvent['kind'],
      occurredAt: delivery.receivedAt.toISOString(),
      ...(kind === 'hire' ? { effectiveDate: '2026-12-07' } : {}),
    })),
};

describe('the hand-off budget of one webhook request', () => {
  let server: Server;
  let url: string;
  const deadlines: (number | undefined)[] = [];
  let latencyMs = 0;

  beforeAll(async () => {
    // Like the real gateway: a call that would outlast its deadline fails when the deadline ends.
    const take = async (deadlineMs: number | undefined) => {
      deadlines.push(deadlineMs);
      if (deadlineMs !== undefined && latencyMs > deadlineMs) {
        await sleep(deadlineMs);
        throw new GatewayError('temporal.unavailable', 'Temporal did not accept it in time');
      }
      await sleep(latencyMs);
    };
    const gateway = {
      deliver: async (event: HrEvent, deadlineMs?: number) => {
        await take(deadlineMs);

        return `person:${event.source}:${event.hrId}`;
      },
      deliverDirectoryEvent: async (_event: unknown, deadlineMs?: number) => {
        await take(deadlineMs);

        return `directory-user:okta:${OKTA_USER}`;
      },
    } as unknown as PersonGateway;
    const app = createApp({
      adapters: [batchSender],
      oktaEventHooks: createOktaEventHookAdapter({ secrets: [HOOK_SECRET] }),
      gateway,
      logger: createLogger('silent'),
      bodyLimit: '64kb',
    });
    server = await new Promise<Server>((ready) => {
      const listening = app.listen(0, '127.0.0.1', () => ready(listening));
    });
    url = serverUrl(server);
  });

  afterAll(async () => {
    await new Promise<void>((done) => server.close(() => done()));
  });

  beforeEach(() => {
    deadlines.length = 0;
  });

  function oktaBatch(count: number) {
    const published = Date.now() - 60_000;
    const events = Array.from({ length: count }, (_unused, index) => ({
      uuid: `c0ffee00-0000-4000-8000-00000000000${index}`,
      published: new Date(published + index * 1_000).toISOString(),
      eventType: index % 2 === 0 ? 'user.lifecycle.suspend' : 'user.lifecycle.unsuspend',
      outcome: { result: 'SUCCESS' },
      target: [{ id: OKTA_USER, type: 'User', alternateId: 'budget.fixture@example.test' }],
    }));

    return fetch(`${url}/webhooks/okta`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: HOOK_SECRET },
      body: JSON.stringify({ eventType: 'com.okta.event_hook', data: { events } }),
    });
  }

  /** Each deadline at least `gapMs` shorter than the one before, the first within `firstMs`. */
  function expectShrinking(firstMs: number, gapMs: number): void {
    expect(deadlines[0]).toBeLessThanOrEqual(firstMs);
    for (let index = 1; index < deadlines.length; index += 1) {
      expect(deadlines[index]).toBeLessThanOrEqual((deadlines[index - 1] ?? 0) - gapMs);
    }
  }

  it("gives each event of an Okta batch for one user only what is left of Okta's budget", async () => {
    latencyMs = 300;

    const response = await oktaBatch(3);

    expect(response.status).toBe(200);
    expect(deadlines).toHaveLength(3);
    expectShrinking(2_000, 250);
  });

  it('answers 503 once an Okta batch outlasts the budget, so Okta retries it', async () => {
    latencyMs = 800;

    const response = await oktaBatch(3);

    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'temporal.unavailable',
    );
    expect(deadlines).toHaveLength(3);
    expect(deadlines[2]).toBeLessThan(800);
  });

  it("gives each event of a sender's batch only what is left of that sender's budget", async () => {
    latencyMs = 300;

    const response = await fetch(`${url}/webhooks/batch-sender`, { method: 'POST', body: '{}' });

    expect(response.status).toBe(202);
    expect(deadlines).toHaveLength(3);
    expectShrinking(2_000, 250);
  });
});
