import { createHmac } from 'node:crypto';

import {
  IntakeConfigError,
  createBambooHrAdapter,
  createGenericAdapter,
  signBambooHr,
  signGeneric,
  type IncomingDelivery,
} from '../../server/adapters';
import { deliveryOf, JSON_TYPE, refusal } from '../support/intake-deliveries';

// One obviously fake person, varied per test.
const PERSON = {
  hrId: 'E1001',
  firstName: 'Testa',
  lastName: 'Fixture',
  email: 'testa.fixture@example.test',
  department: 'Engineering',
};
const SECRET = 'whsec-test-one';
const NOW = new Date('2026-12-04T09:00:30Z');
const NOW_SECONDS = String(NOW.getTime() / 1000);

function hireBody(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: 'evt-0001',
    type: 'hire',
    occurredAt: '2026-12-04T09:00:00Z',
    effectiveDate: '2026-12-07',
    employee: { ...PERSON },
    ...changes,
  };
}

function genericDelivery(
  raw: string,
  { secret = SECRET, timestamp = NOW_SECONDS, headers = {} } = {},
): IncomingDelivery {
  const signature = {
    'x-tenure-timestamp': timestamp,
    'x-tenure-signature': signGeneric(secret, timestamp, raw),
  };

  return deliveryOf(raw, {
    contentType: JSON_TYPE,
    headers: { ...signature, ...headers },
    receivedAt: NOW,
  });
}

describe('generic adapter', () => {
  const adapter = createGenericAdapter({ secrets: [SECRET] });

  it('maps a signed hire to one canonical hire event', () => {
    const body = hireBody({ occurredAt: '2026-12-04T10:00:00+01:00' });
    const delivery = genericDelivery(JSON.stringify(body));

    const events = adapter.parse(delivery);

    const { hrId, ...attributes } = PERSON;
    expect(events).toEqual([
      {
        eventId: 'evt-0001',
        source: 'generic',
        hrId,
        kind: 'hire',
        occurredAt: '2026-12-04T09:00:00.000Z',
        effectiveDate: '2026-12-07',
        attributes,
      },
    ]);
  });

  it('signs v1 as hex HMAC-SHA256 over "<timestamp>." and the raw body', () => {
    const raw = JSON.stringify(hireBody());
    const digest = createHmac('sha256', SECRET).update(`${NOW_SECONDS}.${raw}`).digest('hex');
    const headers = { 'x-tenure-signature': `v1=${digest}` };

    const events = adapter.parse(genericDelivery(raw, { headers }));

    expect(events).toHaveLength(1);
  });

  it('verifies the raw bytes, so the same JSON re-serialised with other whitespace fails', () => {
    const signed = genericDelivery(JSON.stringify(hireBody()));
    const reformatted = { ...signed, rawBody: Buffer.from(JSON.stringify(hireBody(), null, 2)) };

    const error = refusal(() => adapter.parse(reformatted));

    expect([error.status, error.code]).toEqual([401, 'intake.bad_signature']);
  });

  it('accepts a delivery signed with the second of two rotated secrets', () => {
    const rotating = createGenericAdapter({ secrets: ['whsec-old', 'whsec-new'] });
    const raw = JSON.stringify(hireBody({ eventId: 'evt-rotated' }));

    const events = rotating.parse(genericDelivery(raw, { secret: 'whsec-new' }));

    expect(events[0]?.eventId).toBe('evt-rotated');
  });

  it('accepts a header listing several v1 signatures when any of them matches', () => {
    const raw = JSON.stringify(hireBody());
    const good = signGeneric(SECRET, NOW_SECONDS, raw);

    const events = adapter.parse(
      genericDelivery(raw, { headers: { 'x-tenure-signature': `v1=${'0'.repeat(64)}, ${good}` } }),
    );

    expect(events).toHaveLength(1);
  });

  it.each([
    ['a missing signature', { 'x-tenure-signature': undefined }, 'X-Tenure-Signature'],
    ['a missing timestamp', { 'x-tenure-timestamp': undefined }, 'X-Tenure-Timestamp'],
    ['a garbage signature', { 'x-tenure-signature': 'v1=not-hex' }, 'X-Tenure-Signature'],
    ['an unknown scheme only', { 'x-tenure-signature': 'sha256=abc' }, 'X-Tenure-Signature'],
    ['a non-numeric timestamp', { 'x-tenure-timestamp': 'yesterday' }, 'X-Tenure-Timestamp'],
  ])('refuses %s with 401 naming the header', (_case, headers, header) => {
    const delivery = genericDelivery(JSON.stringify(hireBody()), { headers });

    const error = refusal(() => adapter.parse(delivery));

    expect([error.status, error.code]).toEqual([401, 'intake.bad_signature']);
    expect(error.message).toContain(header);
  });

  it.each([
    ['older', -301],
    ['newer', 301],
  ])('refuses a timestamp %s than the tolerance with intake.stale_timestamp', (_case, offset) => {
    const timestamp = String(Number(NOW_SECONDS) + offset);
    const delivery = genericDelivery(JSON.stringify(hireBody()), { timestamp });

    const error = refusal(() => adapter.parse(delivery));

    expect([error.status, error.code]).toEqual([401, 'intake.stale_timestamp']);
  });

  it('accepts an older timestamp within a wider configured tolerance', () => {
    const lenient = createGenericAdapter({ secrets: [SECRET], toleranceSeconds: 900 });
    const timestamp = String(Number(NOW_SECONDS) - 600);

    const events = lenient.parse(genericDelivery(JSON.stringify(hireBody()), { timestamp }));

    expect(events).toHaveLength(1);
  });

  it.each([
    ['effectiveDate', { effectiveDate: '2026-02-30' }, '2026-02-30'],
    ['employee.email', { employee: { ...PERSON, email: 'testa at example' } }, 'testa at example'],
    ['employee.timeZone', { employee: { ...PERSON, timeZone: 'Mars/Olympus' } }, 'Mars/Olympus'],
    ['employee.hrId', { employee: { ...PERSON, hrId: 'E 1001' } }, 'E 1001'],
    ['occurredAt', { occurredAt: '2026-12-04 09:00' }, '2026-12-04 09:00'],
  ])('refuses an invalid %s with 400 naming the path but not the value', (path, changes, value) => {
    const delivery = genericDelivery(JSON.stringify(hireBody(changes)));

    const error = refusal(() => adapter.parse(delivery));

    expect([error.status, error.code]).toEqual([400, 'intake.invalid_body']);
    expect(error.message).toContain(`${path}:`);
    expect(error.message).not.toContain(value);
  });

  it('refuses an unknown key with 400 naming the key', () => {
    const body = hireBody({ employee: { ...PERSON, nickname: 'Tess' } });

    const error = refusal(() => adapter.parse(genericDelivery(JSON.stringify(body))));

    expect(error.status).toBe(400);
    expect(error.message).toContain('employee.nickname: unknown key');
  });

  it('requires the start date, both names and the email for a hire', () => {
    const body = hireBody({ effectiveDate: undefined, employee: { hrId: 'E1002' } });

    const error = refusal(() => adapter.parse(genericDelivery(JSON.stringify(body))));

    const paths = ['effectiveDate', 'employee.firstName', 'employee.lastName', 'employee.email'];
    for (const path of paths) {
      expect(error.message).toContain(`${path}: is required for a hire`);
    }
  });

  it('requires an effective date for a terminate unless it is immediate', () => {
    const dated = hireBody({ type: 'terminate', effectiveDate: undefined });
    const immediate = { ...dated, immediate: true };

    const error = refusal(() => adapter.parse(genericDelivery(JSON.stringify(dated))));
    const events = adapter.parse(genericDelivery(JSON.stringify(immediate)));

    expect(error.message).toContain('effectiveDate: is required for a terminate');
    expect(events[0]).toMatchObject({ kind: 'terminate', immediate: true });
  });

  it('refuses a body that is not JSON with 400 once the signature is good', () => {
    const delivery = genericDelivery('{"eventId": "evt-0001",');

    const error = refusal(() => adapter.parse(delivery));

    expect([error.status, error.code]).toEqual([400, 'intake.invalid_body']);
  });

  it('checks the signature before parsing, so unsigned garbage gets 401', () => {
    const delivery = genericDelivery('not json', { headers: { 'x-tenure-signature': 'v1=00' } });

    const error = refusal(() => adapter.parse(delivery));

    expect(error.status).toBe(401);
  });

  it('refuses a form-encoded content type with 415', () => {
    const delivery = genericDelivery(JSON.stringify(hireBody()), {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    const error = refusal(() => adapter.parse(delivery));

    expect([error.status, error.code]).toEqual([415, 'intake.unsupported_media_type']);
  });

  it('refuses to start without a secret', () => {
    expect(() => createGenericAdapter({ secrets: [] })).toThrow(IntakeConfigError);
  });
});

describe('BambooHR adapter', () => {
  const adapter = createBambooHrAdapter({ secrets: [SECRET] });
  const LABELS = {
    'First Name': 'Testa',
    'Last Name': 'Fixture',
    'Work Email': PERSON.email,
    Department: 'Engineering',
    Division: 'Ignored',
    'Hire Date': '2026-12-07',
    Status: 'Active',
  };
  const EXPECTED_ATTRIBUTES = {
    firstName: 'Testa',
    lastName: 'Fixture',
    email: PERSON.email,
    department: 'Engineering',
  };

  function entry(changes: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      id: '1001',
      action: 'Created',
      timestamp: '2026-12-04T09:00:00+0000',
      changedFields: [],
      fields: LABELS,
      ...changes,
    };
  }

  function delivery(employees: unknown[], raw = JSON.stringify({ employees })): IncomingDelivery {
    const headers = {
      'x-bamboohr-timestamp': NOW_SECONDS,
      'x-bamboohr-signature': signBambooHr(SECRET, NOW_SECONDS, raw),
    };

    return deliveryOf(raw, { contentType: JSON_TYPE, headers, receivedAt: NOW });
  }

  it('maps a Created employee to a hire starting on the hire date', () => {
    const events = adapter.parse(delivery([entry()]));

    expect(events).toEqual([
      {
        eventId: expect.stringMatching(/^bamboohr:[0-9a-f]{32}$/),
        source: 'bamboohr',
        hrId: '1001',
        kind: 'hire',
        occurredAt: '2026-12-04T09:00:00.000Z',
        effectiveDate: '2026-12-07',
        attributes: EXPECTED_ATTRIBUTES,
      },
    ]);
  });

  it('signs as hex HMAC-SHA256 over the raw body followed by the timestamp', () => {
    const signed = delivery([entry()]);
    const digest = createHmac('sha256', SECRET)
      .update(Buffer.concat([signed.rawBody, Buffer.from(NOW_SECONDS)]))
      .digest('hex');

    expect(signed.headers['x-bamboohr-signature']).toBe(digest);
    expect(adapter.parse(signed)).toHaveLength(1);
  });

  it('gives the same event for plain and { value } wrapped field values', () => {
    const wrapped = Object.fromEntries(Object.entries(LABELS).map(([k, v]) => [k, { value: v }]));

    const [plain] = adapter.parse(delivery([entry()]));
    const [unwrapped] = adapter.parse(delivery([entry({ fields: wrapped })]));

    expect({ ...unwrapped, eventId: undefined }).toEqual({ ...plain, eventId: undefined });
  });

  it('reads display labels and API aliases alike, ignoring case and spaces', () => {
    const aliases = {
      firstname: 'Testa',
      lastName: 'Fixture',
      workEmail: PERSON.email,
      ' department ': 'Engineering',
      hireDate: '2026-12-07',
      'Supervisor EID': '1000',
      supervisorEId: '1000',
      'employee #': 42,
      jobTitle: 'Tester',
      employmentHistoryStatus: 'Full-Time',
      'Time Zone': 'Europe/Berlin',
      status: 'active',
    };

    const [event] = adapter.parse(delivery([entry({ fields: aliases })]));

    expect(event?.attributes).toEqual({
      ...EXPECTED_ATTRIBUTES,
      managerId: '1000',
      employeeNumber: '42',
      title: 'Tester',
      employmentType: 'Full-Time',
      timeZone: 'Europe/Berlin',
    });
  });

  it('maps a batch of two employees to two events in order', () => {
    const second = entry({ id: 1002, action: 'Updated', fields: { 'Job Title': 'Lead' } });

    const events = adapter.parse(delivery([entry(), second]));

    expect(events.map((event) => [event.hrId, event.kind])).toEqual([
      ['1001', 'hire'],
      ['1002', 'update'],
    ]);
    expect(events[1]).not.toHaveProperty('effectiveDate');
  });

  it('refuses a Created employee without a hire date with 400 naming employees[0]', () => {
    const { 'Hire Date': _omitted, ...withoutHireDate } = LABELS;

    const error = refusal(() => adapter.parse(delivery([entry({ fields: withoutHireDate })])));

    expect([error.status, error.code]).toEqual([400, 'intake.invalid_body']);
    expect(error.message).toMatch(/^employees\[0\]\.fields: .*Hire Date/);
  });

  it('refuses the whole batch when one employee is invalid', () => {
    const invalid = entry({ id: '1002', fields: { ...LABELS, 'Hire Date': '12/07/2026' } });

    const error = refusal(() => adapter.parse(delivery([entry(), invalid])));

    expect(error.message).toBe(
      'employees[1].fields["Hire Date"]: expected YYYY-MM-DD (a real calendar date)',
    );
  });

  it('keeps the event id across identical redeliveries and changes it with the content', () => {
    const reordered = { ...entry(), fields: Object.fromEntries(Object.entries(LABELS).reverse()) };
    const spaced = JSON.stringify({ employees: [entry()] }, null, 1);

    const [first] = adapter.parse(delivery([entry()]));
    const [again] = adapter.parse(delivery([], spaced));
    const [sameContent] = adapter.parse(delivery([reordered]));
    const [changed] = adapter.parse(delivery([entry({ timestamp: '2026-12-04T09:05:00+0000' })]));

    expect(again?.eventId).toBe(first?.eventId);
    expect(sameContent?.eventId).toBe(first?.eventId);
    expect(changed?.eventId).not.toBe(first?.eventId);
  });

  it.each([
    [
      'a changed termination date to a terminate on that date',
      {
        changedFields: ['Termination Date'],
        fields: { ...LABELS, 'Termination Date': '2027-01-29' },
      },
      { kind: 'terminate', effectiveDate: '2027-01-29' },
    ],
    [
      'Inactive without a termination date to an immediate terminate',
      { changedFields: ['Status'], fields: { ...LABELS, Status: 'Inactive' } },
      { kind: 'terminate', immediate: true },
    ],
    [
      'a cleared termination date to rescind_termination',
      { changedFields: ['terminationDate'], fields: { ...LABELS, terminationDate: '0000-00-00' } },
      { kind: 'rescind_termination' },
    ],
    [
      'a changed hire date on an Active employee to a hire (rehire)',
      { changedFields: ['Hire Date'], fields: { ...LABELS, 'Hire Date': '2027-03-01' } },
      { kind: 'hire', effectiveDate: '2027-03-01' },
    ],
    [
      'any other change to an update effective on receipt',
      { changedFields: ['Department'], fields: { ...LABELS, Department: 'Sales' } },
      { kind: 'update', attributes: expect.objectContaining({ department: 'Sales' }) },
    ],
  ])('maps Updated with %s', (_case, changes, expected) => {
    const events = adapter.parse(delivery([entry({ action: 'Updated', ...changes })]));

    expect(events[0]).toMatchObject(expected);
  });

  it('maps Deleted to rescind_hire, accepting an empty fields list', () => {
    const events = adapter.parse(delivery([entry({ action: 'Deleted', fields: [] })]));

    expect(events[0]).toMatchObject({ kind: 'rescind_hire', hrId: '1001' });
    expect(events[0]).not.toHaveProperty('attributes');
  });

  it('takes occurredAt from unix seconds and falls back to receivedAt', () => {
    const [unix] = adapter.parse(delivery([entry({ timestamp: '1796374800' })]));
    const [unreadable] = adapter.parse(delivery([entry({ timestamp: 'yesterday' })]));

    expect(unix?.occurredAt).toBe('2026-12-04T09:00:00.000Z');
    expect(unreadable?.occurredAt).toBe(NOW.toISOString());
  });

  it.each([
    ['a wrong signature', { 'x-bamboohr-signature': 'ab'.repeat(32) }, 'X-BambooHR-Signature'],
    ['a missing signature', { 'x-bamboohr-signature': undefined }, 'X-BambooHR-Signature'],
    ['a missing timestamp', { 'x-bamboohr-timestamp': undefined }, 'X-BambooHR-Timestamp'],
    ['a different timestamp', { 'x-bamboohr-timestamp': '1796374801' }, 'X-BambooHR-Signature'],
  ])('refuses %s with 401 naming the header', (_case, headers, header) => {
    const signed = delivery([entry()]);
    const tampered = { ...signed, headers: { ...signed.headers, ...headers } };

    const error = refusal(() => adapter.parse(tampered));

    expect([error.status, error.code]).toEqual([401, 'intake.bad_signature']);
    expect(error.message).toContain(header);
  });

  it('refuses a body that is not JSON with 400 once the signature is good', () => {
    const error = refusal(() => adapter.parse(delivery([], 'employees=1001')));

    expect([error.status, error.code]).toEqual([400, 'intake.invalid_body']);
  });
});
