/**
 * Regressions from the intake security review: BambooHR signatures whose timestamp boundary can
 * shift, SCIM deactivations taken for redeliveries, Okta event types read off Object.prototype
 * and far-future publish times, lone UTF-16 surrogates in names, and implausible HR dates.
 */
import { checkedAttribute, snapshotEvents } from '../../activities/hr/snapshot';
import {
  createBambooHrAdapter,
  createBambooHrEventsAdapter,
  createGenericAdapter,
  createScimAdapter,
  signBambooHr,
  signGeneric,
  type IncomingDelivery,
  type ScimDelivery,
} from '../../server/adapters';
import { createOktaEventHookAdapter } from '../../server/adapters/okta-event-hook-adapter';
import { deliveryOf, JSON_TYPE, refusal } from '../support/intake-deliveries';

// One obviously fake person, varied per test.
const PERSON = {
  hrId: 'E4401',
  firstName: 'Regina',
  lastName: 'Fixture',
  email: 'regina.fixture@example.test',
};
const NOW = new Date('2026-12-04T09:00:30Z');
const NOW_SECONDS = String(NOW.getTime() / 1000);
const SECRET = 'whsec-regression-one';
const FORM = 'application/x-www-form-urlencoded';
const SCIM_TOKEN = 'scim-regression-token';

function scimDelivery(
  operation: ScimDelivery['operation'],
  body: unknown,
  receivedAt = NOW,
): ScimDelivery {
  return {
    operation,
    ...(operation === 'create' ? {} : { resourceId: 'S4401' }),
    rawBody: Buffer.from(JSON.stringify(body)),
    headers: { authorization: `Bearer ${SCIM_TOKEN}`, 'content-type': 'application/scim+json' },
    receivedAt,
  };
}

function bambooDelivery(
  raw: string,
  timestamp: string,
  contentType = JSON_TYPE,
  signature = signBambooHr(SECRET, timestamp, raw),
): IncomingDelivery {
  const headers = { 'x-bamboohr-timestamp': timestamp, 'x-bamboohr-signature': signature };

  return deliveryOf(raw, { contentType, headers, receivedAt: NOW });
}

function genericDelivery(body: unknown): IncomingDelivery {
  const raw = JSON.stringify(body);
  const signature = signGeneric(SECRET, NOW_SECONDS, raw);
  const headers = { 'x-tenure-timestamp': NOW_SECONDS, 'x-tenure-signature': signature };

  return deliveryOf(raw, { contentType: JSON_TYPE, headers, receivedAt: NOW });
}

function genericHire(changes: Record<string, unknown> = {}, employee: object = {}) {
  return {
    eventId: 'evt-regression-1',
    type: 'hire',
    occurredAt: '2026-12-04T09:00:00Z',
    effectiveDate: '2026-12-07',
    employee: { ...PERSON, ...employee },
    ...changes,
  };
}

describe('BambooHR timestamp header', () => {
  const events = createBambooHrEventsAdapter({ secrets: [SECRET] });
  const fields = createBambooHrAdapter({ secrets: [SECRET] });

  it('refuses a form delivery whose timestamp digits were moved onto the end of the body', () => {
    const raw = 'type=employee.deleted&data[companyId]=1&data[employeeId]=12';
    const genuine = bambooDelivery(raw, '1796374830', FORM);
    const signature = String(genuine.headers['x-bamboohr-signature']);
    const shifted = bambooDelivery(`${raw}17`, '96374830', FORM, signature);

    const accepted = events.parse(genuine);
    const error = refusal(() => events.parse(shifted));

    expect(accepted.map((event) => [event.hrId, event.kind])).toEqual([['12', 'rescind_hire']]);
    expect([error.status, error.code]).toEqual([401, 'intake.bad_signature']);
    expect(error.message).toContain('X-BambooHR-Timestamp');
  });

  it('refuses an ISO timestamp shifted the same way', () => {
    const raw = 'type=employee.deleted&data[companyId]=1&data[employeeId]=12';
    const signature = signBambooHr(SECRET, '2026-12-04T09:00:00+0000', raw);

    const error = refusal(() =>
      events.parse(bambooDelivery(`${raw}20`, '26-12-04T09:00:00+0000', FORM, signature)),
    );

    expect([error.status, error.code]).toEqual([401, 'intake.bad_signature']);
  });

  it.each([
    ['unix seconds', '1796374830'],
    ['an ISO instant with +0000, as in BambooHR bodies', '2026-12-04T09:00:00+0000'],
    ['an ISO instant with +00:00', '2026-12-04T09:00:00+00:00'],
    ['an ISO instant in UTC with a fraction', '2026-12-04T09:00:00.123Z'],
    ['an ISO instant with a negative offset', '2026-12-04T04:00:00-05:00'],
  ])('accepts a timestamp in %s', (_shape, timestamp) => {
    const raw = JSON.stringify({ type: 'employee.updated', data: { employeeId: '4401' } });

    expect(events.parse(bambooDelivery(raw, timestamp))).toHaveLength(1);
  });

  it.each([
    ['nine digits', '179637483'],
    ['eleven digits', '17963748300'],
    ['milliseconds', '1796374830000'],
    ['a date without a time', '2026-12-04'],
    ['an ISO time without an offset', '2026-12-04T09:00:00'],
    ['a five-digit year', '12026-12-04T09:00:00Z'],
    ['text', 'yesterday'],
  ])('refuses a correctly signed timestamp of %s, in both formats', (_shape, timestamp) => {
    const eventRaw = JSON.stringify({ type: 'employee.updated', data: { employeeId: '4401' } });
    const fieldRaw = JSON.stringify({ employees: [{ id: '4401', action: 'Updated', fields: {} }] });

    const first = refusal(() => events.parse(bambooDelivery(eventRaw, timestamp)));
    const second = refusal(() => fields.parse(bambooDelivery(fieldRaw, timestamp)));

    expect([first.status, first.code]).toEqual([401, 'intake.bad_signature']);
    expect(second.message).toBe(first.message);
    expect(first.message).toMatch(/X-BambooHR-Timestamp.*unix seconds.*ISO 8601/);
  });
});

describe('SCIM idempotency keys', () => {
  const adapter = createScimAdapter({ tokens: [SCIM_TOKEN] });

  function patchActive(active: boolean, secondsLater: number): ScimDelivery {
    const body = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: active }],
    };

    return scimDelivery('patch', body, new Date(NOW.getTime() + secondsLater * 1000));
  }

  it('gives a deactivation repeated within a minute, after a reactivation, its own event id', () => {
    const requests = [patchActive(false, 0), patchActive(true, 10), patchActive(false, 20)];

    const ids = requests.flatMap((request) => adapter.parse(request).events.map((e) => e.eventId));

    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
  });

  it('tells identical requests a millisecond apart from each other', () => {
    const first = patchActive(false, 0);
    const second = { ...first, receivedAt: new Date(NOW.getTime() + 1) };

    expect(adapter.parse(second).events[0]?.eventId).not.toBe(
      adapter.parse(first).events[0]?.eventId,
    );
  });
});

describe('Okta Event Hook event types and publish times', () => {
  const HOOK_SECRET = 'Bearer hook-regression-secret';
  const adapter = createOktaEventHookAdapter({ secrets: [HOOK_SECRET] });

  function hook(eventType: string, published: string) {
    const event = {
      uuid: 'b7c1d2e3-0000-4000-8000-000000000001',
      published,
      eventType,
      outcome: { result: 'SUCCESS' },
      target: [{ id: '00uREGRESSION01', type: 'User', alternateId: 'hook.fixture@example.test' }],
    };
    const raw = JSON.stringify({ eventType: 'com.okta.event_hook', data: { events: [event] } });

    return deliveryOf(raw, {
      contentType: JSON_TYPE,
      headers: { authorization: HOOK_SECRET },
      receivedAt: NOW,
    });
  }

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    'ignores an event type named like an Object.prototype member (%s)',
    (eventType) => {
      expect(adapter.parse(hook(eventType, '2026-12-04T09:00:00Z'))).toEqual([]);
    },
  );

  it('clamps a publish time more than five minutes after arrival to the arrival time', () => {
    const [farFuture] = adapter.parse(hook('user.lifecycle.deactivate', '2099-01-01T00:00:00Z'));
    const [skewed] = adapter.parse(hook('user.lifecycle.deactivate', '2026-12-04T09:04:30Z'));

    expect(farFuture?.publishedAt).toBe(NOW.toISOString());
    expect(skewed?.publishedAt).toBe('2026-12-04T09:04:30.000Z');
  });
});

describe('lone UTF-16 surrogates', () => {
  const adapter = createGenericAdapter({ secrets: [SECRET] });

  it.each([
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate after letters', 'Reg\udc00ina'],
    ['a pair in the wrong order', 'Regina\udc00\ud800'],
  ])('refuses a name holding %s in the generic adapter', (_case, firstName) => {
    const error = refusal(() => adapter.parse(genericDelivery(genericHire({}, { firstName }))));

    expect([error.status, error.code]).toEqual([400, 'intake.invalid_body']);
    expect(error.message).toMatch(/^employee\.firstName: /);
  });

  it('accepts a name with a character outside the basic plane', () => {
    const [event] = adapter.parse(genericDelivery(genericHire({}, { firstName: 'Reg𝒾na' })));

    expect(event?.attributes?.firstName).toBe('Reg𝒾na');
  });

  it('refuses a lone surrogate in an HR record read by a reader', () => {
    expect(() => checkedAttribute('firstName', 'firstName', 'Reg\ud800ina')).toThrow(
      "the employee record's firstName holds control or invisible formatting characters",
    );
    expect(checkedAttribute('firstName', 'firstName', 'Reg𝒾na')).toBe('Reg𝒾na');
  });
});

describe('implausible HR dates', () => {
  const generic = createGenericAdapter({ secrets: [SECRET] });
  const scim = createScimAdapter({ tokens: [SCIM_TOKEN] });
  const RANGE = 'expected a date from 1900-01-01 to 2199-12-31';

  it.each([
    ['effectiveDate', '0000-01-01', {}],
    ['effectiveDate', '9999-12-31', {}],
    ['effectiveDate', '1899-12-31', {}],
    ['employee.contractEndDate', '2200-01-01', { effectiveDate: '2026-12-07' }],
  ])('refuses %s %s in the generic format with 400', (field, date, changes) => {
    const body =
      field === 'effectiveDate'
        ? genericHire({ effectiveDate: date })
        : genericHire(changes, { contractEndDate: date });

    const error = refusal(() => generic.parse(genericDelivery(body)));

    expect([error.status, error.code]).toEqual([400, 'intake.invalid_body']);
    expect(error.message).toBe(`${field}: ${RANGE}`);
  });

  it('accepts the first and the last date of the range', () => {
    const body = genericHire(
      { type: 'hire', effectiveDate: '1900-01-01' },
      { contractEndDate: '2199-12-31' },
    );

    expect(generic.parse(genericDelivery(body))[0]?.effectiveDate).toBe('1900-01-01');
  });

  it('keeps the calendar rule for a date that does not exist', () => {
    const error = refusal(() =>
      generic.parse(genericDelivery(genericHire({ effectiveDate: '2026-02-30' }))),
    );

    expect(error.message).toBe('effectiveDate: expected YYYY-MM-DD (a real calendar date)');
  });

  it('refuses a BambooHR hire date and a SCIM start date outside the range', () => {
    const fields = createBambooHrAdapter({ secrets: [SECRET] });
    const employee = {
      id: '4401',
      action: 'Created',
      fields: { 'First Name': 'Regina', 'Last Name': 'Fixture', 'Hire Date': '9999-12-31' },
    };
    const raw = JSON.stringify({ employees: [employee] });
    const create = {
      schemas: [
        'urn:ietf:params:scim:schemas:core:2.0:User',
        'urn:ietf:params:scim:schemas:extension:tenure:2.0:User',
      ],
      externalId: 'S4402',
      userName: 'regina.fixture@example.test',
      name: { givenName: 'Regina', familyName: 'Fixture' },
      'urn:ietf:params:scim:schemas:extension:tenure:2.0:User': { startDate: '0001-01-01' },
    };

    const bamboo = refusal(() => fields.parse(bambooDelivery(raw, NOW_SECONDS)));
    const scimError = refusal(() => scim.parse(scimDelivery('create', create)));

    expect(bamboo.message).toBe(`employees[0].fields["Hire Date"]: ${RANGE}`);
    expect([scimError.status, scimError.message]).toEqual([400, expect.stringContaining(RANGE)]);
  });
});

describe('implausible dates read from an HR system', () => {
  it('refuses a record whose start or termination date is outside 1900-2199', () => {
    const read = (facts: Parameters<typeof snapshotEvents>[3]) => () =>
      snapshotEvents('gusto', 'G1', '2026-12-04T09:00:00.000Z', facts);

    expect(read({ attributes: {}, startDate: '0001-01-01' })).toThrow(
      "the employee record's start date is not a date from 1900-01-01 to 2199-12-31",
    );
    expect(
      read({ attributes: {}, startDate: '2026-12-01', terminationDate: '9999-12-31' }),
    ).toThrow('termination date');
    expect(read({ attributes: {}, startDate: '1900-01-01' })()).toHaveLength(2);
  });
});
