/**
 * A person's workflow lives for years: it continues as new before its history grows large,
 * carrying its state and losing no event. The test server suggests continue-as-new at 150 events.
 */
import type { PersonStatus } from '../../workflows/definitions';
import { personWorkflowId } from '../../workflows/definitions';
import { eventually, startStack, type Stack } from '../support/stack';

/** The fixture's base person; only the title changes. */
const LEE = {
  hrId: 'E4001',
  firstName: 'Lee',
  lastName: 'Longrun',
  email: 'lee.longrun@example.test',
  department: 'Engineering',
  employmentType: 'Full-Time',
  location: 'London',
};

describe('a long-lived person workflow', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('continues as new with its state and loses none of a burst of events', async () => {
    const start = Date.now() - 3_600_000;
    const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
    await stack.sendGeneric({
      eventId: 'evt-e4001-hire',
      type: 'hire',
      occurredAt: at(0),
      effectiveDate: at(0).slice(0, 10),
      employee: { ...LEE, title: 'Title 0' },
    });

    const eventIds: string[] = [];
    let lastSentAt = '';
    for (let i = 1; i <= 40; i += 1) {
      const eventId = `evt-e4001-title-${i}`;
      eventIds.push(eventId);
      const sentAt = new Date().toISOString();
      lastSentAt = sentAt;
      const response = await stack.sendGeneric({
        eventId,
        type: 'update',
        occurredAt: at(i),
        employee: { hrId: LEE.hrId, title: `Title ${i}` },
      });
      expect(response.status).toBe(202);
      // The first half converges one by one, which grows the history; the rest is one burst.
      if (i <= 20) {
        await eventually(
          async () => (await (await stack.status('generic', LEE.hrId)).json()) as PersonStatus,
          (s) => s.attributes.title === `Title ${i}` && (s.convergedAt ?? '') >= sentAt,
        );
      }
    }
    const status = await eventually(
      async () => (await (await stack.status('generic', LEE.hrId)).json()) as PersonStatus,
      (s) =>
        s.attributes.title === 'Title 40' && (s.convergedAt ?? '') >= lastSentAt && !s.converging,
      90_000,
    );

    // The current run's first event says which run it continued from; visibility may lag.
    const history = await stack.client.workflow
      .getHandle(personWorkflowId('generic', LEE.hrId))
      .fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    expect(started?.continuedExecutionRunId).toBeTruthy();
    expect(status.record.seenEventIds).toEqual(
      expect.arrayContaining(['evt-e4001-hire', ...eventIds]),
    );
    expect(status.stage).toBe('active');
    expect(status.actual.oktaUserId).toBeDefined();
    const users = await fetch(
      `${stack.okta.url}/api/v1/users?search=${encodeURIComponent('profile.employeeNumber eq "E4001"')}`,
      { headers: { authorization: 'SSWS test-okta-token' } },
    ).then((r) => r.json() as Promise<{ profile: { title: string } }[]>);
    expect(users.map((u) => u.profile.title)).toEqual(['Title 40']);
  }, 180_000);
});
