/**
 * Gusto webhooks end to end: the bootstrap handshake and its kept token, then webhooks that carry
 * only an employee UUID, which the person workflow reads through the Gusto reader from the Gusto
 * emulator before Okta and AWS converge to what the record says.
 */

import { createGustoReader } from '../../activities/hr/gusto-reader';
import { localDateOf } from '../../domain/instants';
import { startGustoEmulator, type GustoEmulator } from '../../emulators/gusto';
import { createGustoAdapter, signGusto } from '../../server/adapters/gusto-adapter';
import type { PersonStatus } from '../../workflows/definitions';
import { eventually, startStack, type Stack } from '../support/stack';
import { API_TOKEN, VERIFICATION_TOKEN, DAY_MS, uuidOf, employee } from '../support/gusto-fixtures';

describe('Gusto webhooks through the whole stack', () => {
  let emulator: GustoEmulator;
  let stack: Stack;

  beforeAll(async () => {
    emulator = await startGustoEmulator({ token: API_TOKEN });
    stack = await startStack({
      extraAdapters: [createGustoAdapter({ secrets: [VERIFICATION_TOKEN] })],
      hrReaders: [createGustoReader({ apiUrl: emulator.url, token: API_TOKEN })],
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await emulator?.close();
  });

  function send(raw: string, signature: string | undefined = signGusto(VERIFICATION_TOKEN, raw)) {
    return fetch(`${stack.url}/webhooks/gusto`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature === undefined ? {} : { 'x-gusto-signature': signature }),
      },
      body: raw,
    });
  }

  /** An event as Gusto sends it: its own uuid, the company as resource, unix seconds. */
  function webhook(eventType: string, entityUuid: string, changes: Record<string, unknown> = {}) {
    return JSON.stringify({
      uuid: crypto.randomUUID(),
      event_type: eventType,
      resource_type: 'Company',
      resource_uuid: '5df911a0-0000-4000-8000-00000000c001',
      entity_type: 'Employee',
      entity_uuid: entityUuid,
      timestamp: Math.floor(Date.now() / 1000),
      ...changes,
    });
  }

  async function statusOf(id: string): Promise<PersonStatus | undefined> {
    const response = await stack.status('gusto', id);

    return response.status === 200 ? ((await response.json()) as PersonStatus) : undefined;
  }

  const activeAndConverged = (s: PersonStatus | undefined) =>
    s?.stage === 'active' && s.convergedAt !== undefined && s.actual.awsAssignments.length === 2;

  async function hire(id: string): Promise<PersonStatus | undefined> {
    emulator.upsertEmployees([employee(id)]);
    await send(webhook('employee.created', id));

    return eventually(() => statusOf(id), activeAndConverged);
  }

  it('answers the bootstrap with 200 and keeps the token for the operator', async () => {
    const response = await send(`{"verification_token":"${VERIFICATION_TOKEN}"}`, undefined);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 'verification_token' });
    const kept = await fetch(`${stack.url}/intake/gusto/verification-tokens`);
    expect(await kept.json()).toMatchObject({
      source: 'gusto',
      tokens: [expect.objectContaining({ token: VERIFICATION_TOKEN })],
    });
    expect(emulator.state().requests.total).toBe(0);
  });

  it('keeps at most ten handshakes an hour, so a flood cannot push the genuine token out', async () => {
    const forged = Array.from(
      { length: 11 },
      (_, n) => `f0f0f0f0-0000-4000-8000-0000000000${10 + n}`,
    );

    const answers = [];
    for (const token of forged) {
      answers.push((await send(`{"verification_token":"${token}"}`, undefined)).status);
    }
    const kept = (await (await fetch(`${stack.url}/intake/gusto/verification-tokens`)).json()) as {
      tokens: { token: string }[];
    };

    expect(answers).toEqual([...Array(9).fill(200), 429, 429]);
    expect(kept.tokens.map((t) => t.token)).toContain(VERIFICATION_TOKEN);
    expect(kept.tokens).toHaveLength(10);
  });

  it('activates an employee.created hire read from Gusto, with Okta and AWS', async () => {
    const id = uuidOf(3001);
    emulator.upsertEmployees([employee(id)]);

    const response = await send(webhook('employee.created', id));

    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 1, status: [`/people/gusto/${id}`] });
    const status = await eventually(() => statusOf(id), activeAndConverged);
    expect(status?.stage).toBe('active');
    expect(status?.lastError).toBeUndefined();
    expect(status?.workflowId).toBe(`person:gusto:${id}`);
    expect(status?.actual.oktaGroups).toEqual(['All Staff', 'Engineering']);
    const users = await stack.oktaUsers(id);
    expect(users).toHaveLength(1);
    expect(['ACTIVE', 'PROVISIONED']).toContain(users[0]?.status);
    expect(users[0]?.profile.email).toBe('gus.fixture.3001@example.test');
    const principal = status?.actual.awsUserId;
    expect(await stack.awsPrincipals('222222222222', 'ReadOnlyAccess')).toContain(principal);
    // Full-time in Gusto meets the policy's Full-Time rule.
    expect(await stack.awsPrincipals('333333333333', 'PowerUserAccess')).toContain(principal);
  });

  it('only schedules the end of access when employee.terminated announces a future last day', async () => {
    const id = uuidOf(3002);
    await hire(id);

    const scheduled = { effective_date: '2099-01-29', active: false, cancelable: true };
    emulator.upsertEmployees([{ uuid: id, terminations: [scheduled] }]);
    const response = await send(webhook('employee.terminated', id));

    expect(response.status).toBe(202);
    const status = await eventually(
      () => statusOf(id),
      (s) => s?.record.termination?.lastDay === '2099-01-29' && s.convergedAt !== undefined,
    );
    expect(status?.stage).toBe('active');
    // New York is on EST in January: 18:00 local is 23:00 UTC.
    expect(status?.pendingTimers).toContainEqual(
      expect.objectContaining({
        kind: 'termination',
        at: '2099-01-29T23:00:00.000Z',
        localDate: '2099-01-29',
      }),
    );
    expect((await stack.oktaUsers(id)).map((u) => u.status)).not.toContain('DEPROVISIONED');
  });

  it.each(['employee.termination_effective', 'employee.terminated_effective'])(
    'ends access on %s for a last day already past',
    async (eventType) => {
      const id = uuidOf(eventType === 'employee.termination_effective' ? 3003 : 3004);
      const hired = await hire(id);
      const yesterday = localDateOf(Date.now() - DAY_MS, 'America/New_York');

      const ended = { effective_date: yesterday, active: true, cancelable: false };
      emulator.upsertEmployees([{ uuid: id, terminated: true, terminations: [ended] }]);
      const response = await send(webhook(eventType, id));

      expect(response.status).toBe(202);
      const status = await eventually(
        () => statusOf(id),
        (s) => s?.stage === 'terminated' && s.actual.awsAssignments.length === 0,
      );
      expect(status?.record.termination?.lastDay).toBe(yesterday);
      expect(status?.lastError).toBeUndefined();
      expect((await stack.oktaUsers(id)).map((u) => u.status)).toEqual(['DEPROVISIONED']);
      const principal = hired?.actual.awsUserId;
      expect(await stack.awsPrincipals('222222222222', 'ReadOnlyAccess')).not.toContain(principal);
    },
  );

  it('brings a leaver back on employee.rehire_effective, as the same Okta user', async () => {
    const id = uuidOf(3010);
    const daysAgo = (n: number) => localDateOf(Date.now() - n * DAY_MS, 'America/New_York');
    const job = { title: 'Software Engineer', primary: true, location: { city: 'New York' } };
    emulator.upsertEmployees([
      employee(id, { hired_at: daysAgo(5), jobs: [{ ...job, hire_date: daysAgo(5) }] }),
    ]);
    await send(webhook('employee.created', id));
    await eventually(() => statusOf(id), activeAndConverged);
    const ended = { effective_date: daysAgo(3), active: true };
    emulator.upsertEmployees([{ uuid: id, terminated: true, terminations: [ended] }]);
    await send(webhook('employee.termination_effective', id));
    await eventually(
      () => statusOf(id),
      (s) => s?.stage === 'terminated' && s.actual.awsAssignments.length === 0,
    );
    const [leaver] = await stack.oktaUsers(id);

    emulator.upsertEmployees([
      { uuid: id, terminated: false, jobs: [{ ...job, hire_date: daysAgo(1) }] },
    ]);
    const response = await send(webhook('employee.rehire_effective', id));

    expect(response.status).toBe(202);
    const status = await eventually(() => statusOf(id), activeAndConverged);
    expect(status?.record.hire?.startDate).toBe(daysAgo(1));
    expect(status?.record.termination).toBeUndefined();
    expect(leaver?.status).toBe('DEPROVISIONED');
    const users = await stack.oktaUsers(id);
    expect(users.map((u) => u.id)).toEqual([leaver?.id]);
    expect(['ACTIVE', 'PROVISIONED']).toContain(users[0]?.status);
  });

  it('acknowledges a redelivered event without reading again', async () => {
    const id = uuidOf(3005);
    emulator.upsertEmployees([employee(id)]);
    const raw = webhook('employee.created', id);

    await send(raw);
    await eventually(() => statusOf(id), activeAndConverged);
    const readsBefore = emulator.state().reads.filter((read) => read === id).length;
    const again = await send(raw);

    expect(again.status).toBe(202);
    const status = await eventually(
      () => statusOf(id),
      (s) => s?.recentEvents.length === 2,
    );
    expect(status?.recentEvents.map((e) => e.outcome)).toEqual(['applied', 'duplicate']);
    expect(emulator.state().reads.filter((read) => read === id)).toHaveLength(readsBefore);
  });

  it('acknowledges a contractor or company event and starts nothing', async () => {
    const readsBefore = emulator.state().requests.total;

    const contractor = await send(
      webhook('contractor.created', uuidOf(3006), { entity_type: 'Contractor' }),
    );
    const company = await send(
      webhook('company.updated', uuidOf(3007), { entity_type: 'Company' }),
    );

    expect([contractor.status, company.status]).toEqual([202, 202]);
    expect(await contractor.json()).toEqual({ accepted: 0, status: [] });
    expect(emulator.state().requests.total).toBe(readsBefore);
    expect(await statusOf(uuidOf(3006))).toBeUndefined();
  });

  it('still converges when Gusto throttles the first reads with 429', async () => {
    const id = uuidOf(3008);
    emulator.upsertEmployees([employee(id)]);
    const throttledBefore = emulator.state().requests.byStatus['429'] ?? 0;
    emulator.setFaults({ throttleBurst: 3, retryAfterSeconds: 1 });

    await send(webhook('employee.created', id));

    const status = await eventually(() => statusOf(id), activeAndConverged, 40_000);
    expect(status?.lastError).toBeUndefined();
    expect(emulator.state().requests.byStatus['429']).toBe(throttledBefore + 3);
    expect(await stack.oktaUsers(id)).toHaveLength(1);
  });

  it('reports hr.not_found for an employee Gusto does not know', async () => {
    const id = uuidOf(3999);

    const response = await send(webhook('employee.updated', id));

    expect(response.status).toBe(202);
    const status = await eventually(
      () => statusOf(id),
      (s) => s?.lastError !== undefined,
    );
    expect(status?.lastError).toMatchObject({ step: 'readHrRecord', type: 'hr.not_found' });
    expect(status?.stage).toBe('pending');
    expect(await stack.oktaUsers(id)).toHaveLength(0);
  });

  it('refuses a wrongly signed or week-old event with 401 and reads nothing', async () => {
    const id = uuidOf(3009);
    const raw = webhook('employee.created', id);
    const old = webhook('employee.created', id, {
      timestamp: Math.floor((Date.now() - 8 * DAY_MS) / 1000),
    });

    const forged = await send(raw, signGusto('not-the-token', raw));
    const replayed = await send(old);

    expect([forged.status, replayed.status]).toEqual([401, 401]);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe(
      'intake.bad_signature',
    );
    expect(((await replayed.json()) as { error: { code: string } }).error.code).toBe(
      'intake.stale_timestamp',
    );
    expect(emulator.state().reads).not.toContain(id);
  });
});
