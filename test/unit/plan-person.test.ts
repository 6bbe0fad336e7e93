import { readFileSync } from 'node:fs';

import { planPerson } from '../../activities/policy/plan-person';
import type { HrEvent, HrEventKind, PersonAttributes } from '../../domain/hr-event';
import { emptyRecord, foldEvent, type PersonRecord } from '../../domain/person-record';
import { examplePolicyPath, parsePolicy, type Policy } from '../../policy';

// One obviously fake person, varied per test.
const PERSON: PersonAttributes = {
  firstName: 'Testo',
  lastName: 'Fixture',
  email: 'testo.fixture@example.test',
  department: 'Engineering',
  title: 'Engineer',
  location: 'New York',
  employmentType: 'Full-Time',
};
const SOURCE = 'generic';
const EXAMPLE = readFileSync(examplePolicyPath(), 'utf8');
const policy = parsePolicy(EXAMPLE);

// What the example policy grants a full-time employee of each department.
const ENGINEERING = {
  groups: ['All Staff', 'Engineering'],
  aws: [
    { accountId: '222222222222', permissionSet: 'ReadOnlyAccess' },
    { accountId: '333333333333', permissionSet: 'PowerUserAccess' },
  ],
};
const FINANCE = {
  groups: ['All Staff', 'Finance'],
  aws: [{ accountId: '222222222222', permissionSet: 'Billing' }],
};

type Change = Omit<HrEvent, 'source' | 'hrId'>;

function change(kind: HrEventKind, occurredAt: string, fields: Partial<Change> = {}): Change {
  return { eventId: `${kind}@${occurredAt}`, kind, occurredAt, ...fields };
}

function hire(occurredAt: string, startDate: string, attributes: PersonAttributes = {}): Change {
  return change('hire', occurredAt, {
    effectiveDate: startDate,
    attributes: { ...PERSON, ...attributes },
  });
}

function recordOf(hrId: string, ...changes: Change[]): PersonRecord {
  const record = emptyRecord(SOURCE, hrId);
  changes.forEach((each) => foldEvent(record, { source: SOURCE, hrId, ...each }));

  return record;
}

function plan(record: PersonRecord, instant: string, withPolicy: Policy = policy) {
  return planPerson(record, withPolicy, Date.parse(instant));
}

/** The stage and the access the target grants, in one line for assertions. */
function accessAt(record: PersonRecord, instant: string, withPolicy: Policy = policy) {
  const { stage, okta, aws } = plan(record, instant, withPolicy).target;

  return { stage, okta: okta.status, groups: okta.groups, aws: aws.assignments };
}

const NO_ACCESS = { groups: [], aws: [] };

function policyWith(from: string, to: string): Policy {
  return parsePolicy(EXAMPLE.replace(from, to));
}

describe('a termination at the end of the last working day', () => {
  const employed = hire('2026-05-01T16:00:00Z', '2026-06-01', { location: 'San Francisco' });
  const terminate = change('terminate', '2027-02-20T17:00:00Z', { effectiveDate: '2027-03-31' });

  it('ends access at 18:00 Los Angeles time on the last day and holds a timer for it', () => {
    const record = recordOf('E2001', employed, terminate);

    const early = plan(record, '2027-03-01T17:00:00Z');
    const lastMoment = accessAt(record, '2027-04-01T00:59:59.999Z');
    const after = accessAt(record, '2027-04-01T01:00:00.000Z');

    expect(early.target.stage).toBe('active');
    expect(early.transitions).toContainEqual({
      at: '2027-04-01T01:00:00.000Z',
      kind: 'termination',
      localDate: '2027-03-31',
      reason: 'end of the last working day',
    });
    expect(lastMoment.stage).toBe('active');
    expect(after).toEqual({ stage: 'terminated', okta: 'DEPROVISIONED', ...NO_ACCESS });
  });

  it('stays active with no termination timer once HR rescinds the termination', () => {
    const rescind = change('rescind_termination', '2027-03-05T17:00:00Z');

    const result = plan(recordOf('E2001', employed, terminate, rescind), '2027-04-02T17:00:00Z');

    expect(result.target.stage).toBe('active');
    expect(result.target.okta.groups).toEqual(ENGINEERING.groups);
    expect(result.transitions.filter((each) => each.kind === 'termination')).toEqual([]);
  });

  it('ends access at the moment of an immediate termination', () => {
    const immediate = change('terminate', '2027-02-03T14:25:00Z', { immediate: true });
    const record = recordOf('E2008', hire('2026-01-02T09:00:00Z', '2026-01-05'), immediate);

    const before = plan(record, '2027-02-03T14:24:59.999Z');
    const at = accessAt(record, '2027-02-03T14:25:00.000Z');

    expect(before.target.stage).toBe('active');
    expect(before.transitions).toContainEqual(
      expect.objectContaining({ at: '2027-02-03T14:25:00.000Z', kind: 'termination' }),
    );
    expect(at).toEqual({ stage: 'terminated', okta: 'DEPROVISIONED', ...NO_ACCESS });
  });
});

describe('a termination that overtook the hire', () => {
  const terminate = change('terminate', '2027-03-10T15:00:00Z', { effectiveDate: '2027-04-05' });

  it('leaves Okta untouched while only the termination is known', () => {
    const result = accessAt(recordOf('E2003', terminate), '2027-03-10T15:00:00Z');

    expect(result).toEqual({ stage: 'pending', okta: 'UNMANAGED', ...NO_ACCESS });
  });

  it.each(['2027-04-05', '2027-04-01'])('never gives access to a hire starting on %s', (start) => {
    const record = recordOf('E2003', terminate, hire('2027-02-15T15:00:00Z', start));
    // New York is on daylight time: 06:00 is 10:00Z and 18:00 on the last day is 22:00Z.
    const instants = [
      '2027-03-10T15:00:00Z',
      `${start}T09:59:59Z`,
      `${start}T10:00:00Z`,
      `${start}T16:00:00Z`,
      '2027-04-05T21:59:59Z',
      '2027-04-05T22:00:00Z',
      '2027-05-01T12:00:00Z',
    ];

    const seen = instants.map((instant) => ({ instant, ...accessAt(record, instant) }));

    const granting = seen.filter((s) => s.stage === 'active' || s.groups.length || s.aws.length);
    expect(granting).toEqual([]);
  });
});

describe('a leave of absence', () => {
  const record = recordOf(
    'E2004',
    hire('2026-08-01T09:00:00Z', '2026-09-01', { location: 'London' }),
    change('leave_start', '2027-04-20T09:00:00Z', { effectiveDate: '2027-05-03' }),
    change('leave_end', '2027-08-15T09:00:00Z', { effectiveDate: '2027-08-20' }),
  );

  it('begins at midnight London time on its first day', () => {
    const lastMoment = accessAt(record, '2027-05-02T22:59:59.999Z');
    const first = accessAt(record, '2027-05-02T23:00:00.000Z');

    expect([lastMoment.stage, first.stage]).toEqual(['active', 'on_leave']);
  });

  it('suspends the Okta user and removes AWS access during the leave', () => {
    const result = accessAt(record, '2027-06-01T12:00:00Z');
    const { transitions } = plan(record, '2027-06-01T12:00:00Z');

    expect(result).toMatchObject({ stage: 'on_leave', okta: 'SUSPENDED', aws: [] });
    expect(transitions).toContainEqual(
      expect.objectContaining({ at: '2027-08-20T05:00:00.000Z', kind: 'leave_end' }),
    );
  });

  it('gives the policy grants back the day after the return date', () => {
    const result = accessAt(record, '2027-08-21T12:00:00Z');

    expect(result).toEqual({ stage: 'active', okta: 'ACTIVE', ...ENGINEERING });
  });

  it('keeps AWS access through the leave when the policy does not remove it', () => {
    const keeping = policyWith('removeOnLeave: true', 'removeOnLeave: false');

    const result = accessAt(record, '2027-06-01T12:00:00Z', keeping);

    expect(result).toEqual({ stage: 'on_leave', okta: 'SUSPENDED', ...ENGINEERING });
  });
});

describe('a rehire into another department', () => {
  const finance = { department: 'Finance', location: 'London' };
  const first = hire('2025-08-01T09:00:00Z', '2025-09-01', finance);
  const terminate = change('terminate', '2027-01-05T09:00:00Z', { effectiveDate: '2027-01-15' });
  const rehire = hire('2027-04-12T09:00:00Z', '2027-06-01', { location: 'London' });

  it('deprovisions the former employee after the last day', () => {
    const result = accessAt(recordOf('E2005', first, terminate), '2027-03-01T12:00:00Z');

    expect(result).toEqual({ stage: 'terminated', okta: 'DEPROVISIONED', ...NO_ACCESS });
  });

  it('plans the rehire as staged, without access, until 06:00 local on the new start', () => {
    const record = recordOf('E2005', first, terminate, rehire);

    const waiting = accessAt(record, '2027-05-01T12:00:00Z');
    const lastMoment = accessAt(record, '2027-06-01T04:59:59.999Z');
    const { transitions } = plan(record, '2027-05-01T12:00:00Z');

    expect(waiting).toEqual({ stage: 'staged', okta: 'STAGED', ...NO_ACCESS });
    expect(lastMoment.stage).toBe('staged');
    expect(transitions).toContainEqual(
      expect.objectContaining({ at: '2027-06-01T05:00:00.000Z', kind: 'start' }),
    );
  });

  it('gives only the new department access from the new start', () => {
    const result = plan(recordOf('E2005', first, terminate, rehire), '2027-06-01T05:00:00.000Z');

    expect(result.target).toMatchObject({
      stage: 'active',
      okta: { status: 'ACTIVE', groups: ENGINEERING.groups },
      aws: { assignments: ENGINEERING.aws },
    });
    expect(result.target.okta.profile.department).toBe('Engineering');
  });

  it('keeps the former employee deactivated, not deleted, when the rehire is withdrawn', () => {
    const withdrawn = change('rescind_hire', '2027-05-10T09:00:00Z');
    const record = recordOf('E2005', first, terminate, rehire, withdrawn);

    const result = accessAt(record, '2027-05-11T12:00:00Z');

    expect(result).toEqual({ stage: 'rescinded', okta: 'DEPROVISIONED', ...NO_ACCESS });
  });

  it('lets the rehire start when the termination it follows arrives after it', () => {
    const record = recordOf('E2005', first, rehire, terminate);

    const result = accessAt(record, '2027-06-02T12:00:00Z');

    expect(result).toEqual({ stage: 'active', okta: 'ACTIVE', ...ENGINEERING });
  });
});

describe('changes planned ahead', () => {
  it('keeps the old department access until a future role change, with a timer for it', () => {
    const record = recordOf(
      'E2006',
      hire('2025-12-01T09:00:00Z', '2026-01-05', { department: 'Finance' }),
      change('update', '2027-06-10T09:00:00Z', {
        effectiveDate: '2027-07-01',
        attributes: { department: 'Engineering' },
      }),
    );

    const before = accessAt(record, '2027-06-15T12:00:00Z');
    const after = accessAt(record, '2027-07-01T04:00:00.000Z');
    const { transitions } = plan(record, '2027-06-15T12:00:00Z');

    expect(before).toEqual({ stage: 'active', okta: 'ACTIVE', ...FINANCE });
    expect(after).toEqual({ stage: 'active', okta: 'ACTIVE', ...ENGINEERING });
    expect(transitions).toContainEqual({
      at: '2027-07-01T04:00:00.000Z',
      kind: 'attribute_change',
      localDate: '2027-07-01',
      reason: 'department changes',
    });
  });

  it('plans no Okta user and no start for a hire rescinded before day one', () => {
    const record = recordOf(
      'E2007',
      hire('2027-08-01T09:00:00Z', '2027-09-06'),
      change('rescind_hire', '2027-08-20T09:00:00Z'),
    );

    const result = accessAt(record, '2027-08-21T12:00:00Z');
    const { transitions } = plan(record, '2027-08-21T12:00:00Z');

    expect(result).toEqual({ stage: 'rescinded', okta: 'ABSENT', ...NO_ACCESS });
    expect(transitions.map((each) => each.kind)).not.toContain('start');
  });

  it('starts at 06:00 Berlin time on the day the clocks go forward', () => {
    const berlin = { location: 'Berlin' };
    const record = recordOf('E2023', hire('2027-03-01T09:00:00Z', '2027-03-28', berlin));

    const eve = plan(record, '2027-03-27T12:00:00Z');
    const lastMoment = accessAt(record, '2027-03-28T03:59:59.999Z');
    const first = accessAt(record, '2027-03-28T04:00:00.000Z');

    expect(eve.transitions).toContainEqual({
      at: '2027-03-28T04:00:00.000Z',
      kind: 'start',
      localDate: '2027-03-28',
      reason: 'access begins on the start date',
    });
    expect([lastMoment.stage, first.stage]).toEqual(['staged', 'active']);
  });

  it('holds timers years ahead for a distant last day and the user deletion after it', () => {
    const deleting = policyWith('deleteOktaUserAfterDays: null', 'deleteOktaUserAfterDays: 30');
    const record = recordOf(
      'E2009',
      hire('2027-01-04T09:00:00Z', '2027-02-01'),
      change('terminate', '2027-06-01T09:00:00Z', { effectiveDate: '2041-12-31' }),
    );

    const now = plan(record, '2027-06-02T12:00:00Z', deleting);
    const gone = accessAt(record, '2042-01-30T23:00:00.000Z', deleting);

    expect(now.transitions.map(({ at, kind }) => ({ at, kind }))).toEqual([
      { at: '2041-12-31T23:00:00.000Z', kind: 'termination' },
      { at: '2042-01-30T23:00:00.000Z', kind: 'okta_user_deletion' },
    ]);
    expect(gone).toEqual({ stage: 'terminated', okta: 'ABSENT', ...NO_ACCESS });
  });
});
