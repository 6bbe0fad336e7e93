/**
 * Personio webhooks end to end: dataless events name a person, the person workflow reads the
 * record through the Personio reader from the Personio emulator, and Okta and AWS converge to it.
 */

import { createPersonioReader } from '../../activities/hr/personio-reader';
import { localDateOf } from '../../domain/instants';
import { startPersonioEmulator, type PersonioEmulator } from '../../emulators/personio';
import { createPersonioAdapter } from '../../server/adapters/personio-adapter';
import type { PersonStatus } from '../../workflows/definitions';
import { eventually, startStack, type Stack } from '../support/stack';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  WEBHOOK_TOKEN,
  DAY_MS,
  person,
} from '../support/personio-fixtures';

describe('Personio webhooks through the whole stack', () => {
  let emulator: PersonioEmulator;
  let stack: Stack;

  beforeAll(async () => {
    emulator = await startPersonioEmulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    stack = await startStack({
      extraAdapters: [createPersonioAdapter({ secrets: [WEBHOOK_TOKEN] })],
      hrReaders: [
        createPersonioReader({
          apiUrl: emulator.url,
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
        }),
      ],
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await emulator?.close();
  });

  function send(raw: string, authorization: string = WEBHOOK_TOKEN) {
    return fetch(`${stack.url}/webhooks/personio`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: raw,
    });
  }

  /** A v2 webhook as Personio sends it: the envelope and the ids, nothing else. */
  function webhook(eventName: string, personId: string): string {
    const payload = eventName.startsWith('employment.')
      ? { id: `emp-${personId}`, person: { id: personId } }
      : { id: personId };

    return JSON.stringify({
      company_id: '640001',
      event_name: eventName,
      occurred_at: new Date().toISOString(),
      payload,
    });
  }

  async function statusOf(id: string): Promise<PersonStatus | undefined> {
    const response = await stack.status('personio', id);

    return response.status === 200 ? ((await response.json()) as PersonStatus) : undefined;
  }

  const converged = (s: PersonStatus | undefined) =>
    s?.convergedAt !== undefined && s.record.hire !== undefined;

  it('activates a person.created hire read from Personio, with Okta and AWS', async () => {
    emulator.upsertPersons([person('5001')]);

    const response = await send(webhook('person.created', '5001'));

    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 1, status: ['/people/personio/5001'] });
    const status = await eventually(
      () => statusOf('5001'),
      (s) => converged(s) && s?.stage === 'active' && s.actual.awsAssignments.length === 1,
    );
    expect(status?.stage).toBe('active');
    expect(status?.lastError).toBeUndefined();
    expect(status?.workflowId).toBe('person:personio:5001');
    expect(status?.actual.oktaGroups).toEqual(['All Staff', 'Engineering']);
    const users = await stack.oktaUsers('5001');
    expect(users).toHaveLength(1);
    expect(['ACTIVE', 'PROVISIONED']).toContain(users[0]?.status);
    const principal = status?.actual.awsUserId;
    expect(await stack.awsPrincipals('222222222222', 'ReadOnlyAccess')).toContain(principal);
  });

  it('schedules the end of access at 18:00 local on a future last working day', async () => {
    emulator.upsertPersons([person('5002')]);
    await send(webhook('person.created', '5002'));
    await eventually(
      () => statusOf('5002'),
      (s) => s?.stage === 'active' && converged(s),
    );

    const termination = { last_working_date: '2099-01-29', termination_date: '2099-01-31' };
    emulator.upsertEmployments('5002', [{ id: 'emp-5002', termination }]);
    const response = await send(webhook('employment.updated', '5002'));

    expect(response.status).toBe(202);
    const status = await eventually(
      () => statusOf('5002'),
      (s) => s?.record.termination?.lastDay === '2099-01-29',
    );
    expect(status?.stage).toBe('active');
    // New York is on EST in January: 18:00 local is 23:00 UTC.
    expect(status?.pendingTimers).toContainEqual(
      expect.objectContaining({ kind: 'termination', at: '2099-01-29T23:00:00.000Z' }),
    );
  });

  it('ends access at once on employment.terminated for a last working day already past', async () => {
    emulator.upsertPersons([person('5003')]);
    await send(webhook('person.created', '5003'));
    const hired = await eventually(
      () => statusOf('5003'),
      (s) => s?.stage === 'active' && s.actual.awsAssignments.length === 1,
    );
    const yesterday = localDateOf(Date.now() - DAY_MS, 'America/New_York');

    emulator.upsertEmployments('5003', [
      { id: 'emp-5003', status: 'INACTIVE', termination: { last_working_date: yesterday } },
    ]);
    const response = await send(webhook('employment.terminated', '5003'));

    expect(response.status).toBe(202);
    const status = await eventually(
      () => statusOf('5003'),
      (s) => s?.stage === 'terminated' && s.actual.awsAssignments.length === 0,
    );
    expect(status?.record.termination?.lastDay).toBe(yesterday);
    expect((await stack.oktaUsers('5003')).map((u) => u.status)).toEqual(['DEPROVISIONED']);
    const principal = hired?.actual.awsUserId;
    expect(await stack.awsPrincipals('222222222222', 'ReadOnlyAccess')).not.toContain(principal);
  });

  it('withdraws the hire on person.deleted without reading Personio again', async () => {
    emulator.upsertPersons([person('5004')]);
    await send(webhook('person.created', '5004'));
    await eventually(
      () => statusOf('5004'),
      (s) => s?.stage === 'active' && s.actual.awsAssignments.length === 1,
    );
    const readsBefore = emulator.state().reads.length;

    const response = await send(webhook('person.deleted', '5004'));

    expect(response.status).toBe(202);
    const status = await eventually(
      () => statusOf('5004'),
      (s) => s?.stage === 'rescinded' && s.actual.awsAssignments.length === 0,
    );
    expect(status?.stage).toBe('rescinded');
    expect(emulator.state().reads).toHaveLength(readsBefore);
  });

  it('withdraws the hire on employment.deleted and hires again on a new employment', async () => {
    emulator.upsertPersons([person('5008')]);
    await send(webhook('person.created', '5008'));
    await eventually(
      () => statusOf('5008'),
      (s) => s?.stage === 'active' && s.actual.awsAssignments.length === 1,
    );
    const { id: _old, ...same } = person('5008').employments![0]!;

    emulator.removeEmployment('5008', 'emp-5008');
    await send(webhook('employment.deleted', '5008'));
    const withdrawn = await eventually(
      () => statusOf('5008'),
      (s) => s?.stage === 'rescinded' && s.actual.awsAssignments.length === 0,
    );
    emulator.upsertEmployments('5008', [{ ...same, id: 'emp-5008-again' }]);
    await send(webhook('employment.created', '5008'));
    const rehired = await eventually(
      () => statusOf('5008'),
      (s) => s?.stage === 'active' && s.actual.awsAssignments.length === 1,
    );

    expect(withdrawn?.stage).toBe('rescinded');
    expect(rehired?.stage).toBe('active');
    expect(rehired?.lastError).toBeUndefined();
  });

  it('acknowledges a redelivered webhook without reading again', async () => {
    emulator.upsertPersons([person('5005')]);
    const raw = webhook('person.created', '5005');

    await send(raw);
    await eventually(
      () => statusOf('5005'),
      (s) => s?.stage === 'active' && converged(s),
    );
    const readsBefore = emulator.state().reads.filter((id) => id === '5005').length;
    const again = await send(raw);

    expect(again.status).toBe(202);
    const status = await eventually(
      () => statusOf('5005'),
      (s) => s?.recentEvents.length === 2,
    );
    expect(status?.recentEvents.map((e) => e.outcome)).toEqual(['applied', 'duplicate']);
    expect(emulator.state().reads.filter((id) => id === '5005')).toHaveLength(readsBefore);
  });

  it('still converges when Personio throttles the first reads with 429', async () => {
    emulator.upsertPersons([person('5006')]);
    const throttledBefore = emulator.state().requests.byStatus['429'] ?? 0;
    emulator.setFaults({ throttleBurst: 3, retryAfterSeconds: 1 });

    await send(webhook('person.created', '5006'));

    const status = await eventually(
      () => statusOf('5006'),
      (s) => s?.stage === 'active' && converged(s),
      40_000,
    );
    expect(status?.lastError).toBeUndefined();
    expect(emulator.state().requests.byStatus['429']).toBe(throttledBefore + 3);
  });

  it('reports hr.not_found for a person Personio does not know', async () => {
    const response = await send(webhook('person.updated', '5999'));

    expect(response.status).toBe(202);
    const status = await eventually(
      () => statusOf('5999'),
      (s) => s?.lastError !== undefined,
    );
    expect(status?.lastError).toMatchObject({ step: 'readHrRecord', type: 'hr.not_found' });
    expect(await stack.oktaUsers('5999')).toHaveLength(0);
  });

  it('acknowledges an absence event with nothing started', async () => {
    const raw = JSON.stringify({
      company_id: '640001',
      event_name: 'absence_period.created',
      occurred_at: new Date().toISOString(),
      payload: { id: 'abs-1' },
    });

    const response = await send(raw);

    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 0, status: [] });
  });

  it('refuses a webhook with another token with 401 and reads nothing', async () => {
    const response = await send(webhook('person.created', '5007'), 'not-the-token');

    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'Authorization',
    );
    expect(emulator.state().reads).not.toContain('5007');
  });
});
