/**
 * Intake refuses input that would mislead the lifecycle or reach Okta garbled: control and
 * invisible characters, look-alike email characters, event times from the future, absurd
 * nesting, contract ends before the start.
 */
import {
  createBambooHrAdapter,
  createGenericAdapter,
  signBambooHr,
  signGeneric,
  type IncomingDelivery,
} from '../../server/adapters';
import { deliveryOf, JSON_TYPE, refusal } from '../support/intake-deliveries';

/** The fixture's one obviously fake person. */
const PERSON = {
  hrId: 'E8001',
  firstName: 'Hana',
  lastName: 'Hardening',
  email: 'hana.hardening@example.test',
};
const SECRET = 'hardening-secret';
const NOW = new Date('2026-12-04T09:00:30Z');
const SECONDS = String(NOW.getTime() / 1000);
const generic = createGenericAdapter({ secrets: [SECRET] });
const bamboo = createBambooHrAdapter({ secrets: [SECRET] });

function genericDelivery(body: unknown): IncomingDelivery {
  const raw = JSON.stringify(body);
  const headers = {
    'x-tenure-timestamp': SECONDS,
    'x-tenure-signature': signGeneric(SECRET, SECONDS, raw),
  };

  return deliveryOf(raw, { contentType: JSON_TYPE, headers, receivedAt: NOW });
}

function bambooDelivery(body: unknown): IncomingDelivery {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const headers = {
    'x-bamboohr-timestamp': SECONDS,
    'x-bamboohr-signature': signBambooHr(SECRET, SECONDS, raw),
  };

  return deliveryOf(raw, { contentType: JSON_TYPE, headers, receivedAt: NOW });
}

function hire(changes: Record<string, unknown> = {}, employee: Record<string, unknown> = {}) {
  return {
    eventId: 'evt-hard-1',
    type: 'hire',
    occurredAt: '2026-12-04T09:00:00Z',
    effectiveDate: '2026-12-07',
    employee: { ...PERSON, ...employee },
    ...changes,
  };
}

describe('intake hardening', () => {
  it.each([
    ['a NUL byte', 'Ha\u0000na'],
    ['an ANSI escape', '\u001b[31mHana'],
    ['a right-to-left override', 'Ha\u202ena'],
    ['only a zero-width space', '\u200b'],
  ])('refuses a first name with %s', (_label, firstName) => {
    const error = refusal(() => generic.parse(genericDelivery(hire({}, { firstName }))));

    expect(error.status).toBe(400);
    expect(error.message).toContain('employee.firstName');
    expect(error.message).not.toContain(firstName);
  });

  it('refuses an email with a look-alike non-ASCII character', () => {
    const error = refusal(() =>
      generic.parse(genericDelivery(hire({}, { email: '\u212Aate@example.test' }))),
    );

    expect(error.status).toBe(400);
    expect(error.message).toContain('employee.email');
  });

  it('refuses an event time more than five minutes in the future', () => {
    const error = refusal(() =>
      generic.parse(genericDelivery(hire({ occurredAt: '9999-12-31T23:59:59Z' }))),
    );

    expect(error.status).toBe(400);
    expect(error.message).toContain('occurredAt');
  });

  it('accepts an event time within the clock-skew allowance', () => {
    const [event] = generic.parse(genericDelivery(hire({ occurredAt: '2026-12-04T09:04:00Z' })));

    expect(event?.occurredAt).toBe('2026-12-04T09:04:00.000Z');
  });

  it('refuses a contract that ends before the start date', () => {
    const error = refusal(() =>
      generic.parse(
        genericDelivery(hire({ effectiveDate: '2026-12-20' }, { contractEndDate: '2026-12-10' })),
      ),
    );

    expect(error.message).toContain('employee.contractEndDate');
  });

  it('refuses JSON nested deeper than 32 levels with a 400, not a crash', () => {
    const division = `${'['.repeat(5_000)}"x"${']'.repeat(5_000)}`;
    const body = `{"employees":[{"id":"4001","action":"Deleted","fields":{"Division":${division}}}]}`;

    const error = refusal(() => bamboo.parse(bambooDelivery(body)));

    expect(error.status).toBe(400);
    expect(error.message).toContain('nested');
  });

  it('replaces a BambooHR timestamp from the far future with the receipt time', () => {
    const body = { employees: [{ id: '4002', action: 'Deleted', timestamp: '999999999999' }] };

    const [event] = bamboo.parse(bambooDelivery(body));

    expect(event?.occurredAt).toBe(NOW.toISOString());
  });
});
