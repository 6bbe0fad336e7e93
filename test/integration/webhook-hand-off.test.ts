/**
 * How the webhook route hands deliveries to Temporal: a sender that gives up early (Personio, 3 s)
 * gets a shorter hand-off, so a slow Temporal yields a 503 it sees in time; a handshake's token is
 * kept before the 200, and a Temporal that cannot keep it yields a 503. The gateway is a
 * stand-in that records what the route asked of it: only the HTTP layer is under test.
 */
import type { Server } from 'node:http';

import { createLogger } from '../../config/logger';
import type { HrEvent } from '../../domain/hr-event';
import {
  createGenericAdapter,
  createGustoAdapter,
  createPersonioAdapter,
  signGeneric,
} from '../../server/adapters';
import { createApp } from '../../server/app';
import { GatewayError, type PersonGateway } from '../../server/person-gateway';
import type { VerificationToken } from '../../workflows/verification-token-definitions';
import { serverUrl } from '../support/stack';

const GENERIC_SECRET = 'test-hand-off-generic';
const PERSONIO_TOKEN = 'test-hand-off-personio';

describe('handing deliveries to Temporal', () => {
  let server: Server;
  let url: string;
  const deadlines: (number | undefined)[] = [];
  const kept: VerificationToken[] = [];
  let temporalDown = false;

  beforeAll(async () => {
    const unavailable = () => new GatewayError('temporal.unavailable', 'Temporal is away');
    const gateway = {
      deliver: async (event: HrEvent, deadlineMs?: number) => {
        deadlines.push(deadlineMs);
        if (temporalDown) throw unavailable();

        return `person:${event.source}:${event.hrId}`;
      },
      recordVerificationToken: async (_source: string, entry: VerificationToken) => {
        if (temporalDown) throw unavailable();
        kept.push(entry);
      },
    } as unknown as PersonGateway;
    const app = createApp({
      adapters: [
        createGenericAdapter({ secrets: [GENERIC_SECRET] }),
        createPersonioAdapter({ secrets: [PERSONIO_TOKEN] }),
        createGustoAdapter({ secrets: [] }),
      ],
      gateway,
      logger: createLogger('silent'),
      bodyLimit: '16kb',
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
    kept.length = 0;
    temporalDown = false;
  });

  function personio(personId: string) {
    return fetch(`${url}/webhooks/personio`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: PERSONIO_TOKEN },
      body: JSON.stringify({
        company_id: '1',
        event_name: 'person.updated',
        occurred_at: '2026-12-04T09:00:00Z',
        payload: { id: personId },
      }),
    });
  }

  function genericHire(hrId: string) {
    const body = JSON.stringify({
      eventId: `evt-${hrId}`,
      type: 'hire',
      occurredAt: new Date().toISOString(),
      effectiveDate: '2026-12-07',
      employee: { hrId, firstName: 'Hand', lastName: 'Off', email: 'hand.off@example.test' },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));

    return fetch(`${url}/webhooks/generic`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-tenure-timestamp': timestamp,
        'x-tenure-signature': signGeneric(GENERIC_SECRET, timestamp, body),
      },
      body,
    });
  }

  it("gives Personio's deliveries a hand-off well inside its 3 s, and others the default", async () => {
    const fromPersonio = await personio('81000001');
    const fromGeneric = await genericHire('E9101');

    expect([fromPersonio.status, fromGeneric.status]).toEqual([202, 202]);
    // The budget counts from the request's arrival, so a few milliseconds are already spent.
    expect(deadlines[0]).toBeGreaterThan(1_900);
    expect(deadlines[0]).toBeLessThanOrEqual(2_000);
    expect(deadlines[1]).toBeUndefined();
  });

  it('answers 503 when Temporal cannot take a Personio delivery, so Personio retries', async () => {
    temporalDown = true;

    const response = await personio('81000002');

    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'temporal.unavailable',
    );
  });

  it("keeps Gusto's verification token before answering 200", async () => {
    const response = await fetch(`${url}/webhooks/gusto`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"verification_token":"c0ffee00-2222-4333-8444-555566667777"}',
    });

    expect(response.status).toBe(200);
    expect(kept.map((entry) => entry.token)).toEqual(['c0ffee00-2222-4333-8444-555566667777']);
    expect(deadlines).toEqual([]);
  });

  it('answers a handshake 503 when Temporal cannot keep the token, so Gusto sends it again', async () => {
    temporalDown = true;

    const response = await fetch(`${url}/webhooks/gusto`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"verification_token":"c0ffee00-3333-4444-8555-666677778888"}',
    });

    expect(response.status).toBe(503);
    expect(kept).toEqual([]);
  });
});
