import { planPerson } from '../../activities/policy/plan-person';
import type { HrEvent, PersonAttributes } from '../../domain/hr-event';
import {
  SEEN_EVENT_LIMIT,
  compareVersions,
  emptyRecord,
  foldEvent,
  type PersonRecord,
} from '../../domain/person-record';
import { examplePolicyPath, loadPolicyFile } from '../../policy';

// One obviously fake person, varied per test.
const PERSON: PersonAttributes = {
  firstName: 'Testa',
  lastName: 'Fixture',
  email: 'testa.fixture@example.test',
  department: 'Engineering',
  title: 'Engineer',
  location: 'Berlin',
  employmentType: 'Full-Time',
};
const SOURCE = 'generic';
const policy = loadPolicyFile(examplePolicyPath());

type Change = Omit<HrEvent, 'source' | 'hrId'>;

function fold(record: PersonRecord, change: Change): string {
  return foldEvent(record, { source: SOURCE, hrId: record.hrId, ...change });
}

function hire(eventId: string, occurredAt: string, startDate: string): Change {
  return { eventId, kind: 'hire', occurredAt, effectiveDate: startDate, attributes: { ...PERSON } };
}

function retitle(eventId: string, occurredAt: string, title: string, date?: string): Change {
  return { eventId, kind: 'update', occurredAt, attributes: { title }, effectiveDate: date };
}

function titleAt(record: PersonRecord, instant: string): string | undefined {
  return planPerson(record, policy, Date.parse(instant)).attributes.title;
}

describe('emptyRecord', () => {
  it('holds only the scope of the person, with nothing folded yet', () => {
    const record = emptyRecord(SOURCE, 'E2000');

    expect(record).toEqual({ source: SOURCE, hrId: 'E2000', versions: {}, seenEventIds: [] });
  });
});

describe('redelivered and repeated events', () => {
  it('ignores a redelivered hire, even after a later title change', () => {
    const record = emptyRecord(SOURCE, 'E2002');
    const first = hire('evt-2002-hire', '2027-01-10T09:00:00Z', '2027-02-01');
    fold(record, first);

    const again = fold(record, first);
    fold(record, retitle('evt-2002-title', '2027-03-10T09:00:00Z', 'Senior Engineer'));
    const late = fold(record, first);

    expect([again, late]).toEqual(['duplicate', 'duplicate']);
    expect(titleAt(record, '2027-03-11T09:00:00Z')).toBe('Senior Engineer');
  });

  it('keeps a later title when the same hire is resent under another event id', () => {
    const record = emptyRecord(SOURCE, 'E2002');
    fold(record, hire('evt-2002-hire', '2027-01-10T09:00:00Z', '2027-02-01'));
    fold(record, retitle('evt-2002-title', '2027-03-10T09:00:00Z', 'Senior Engineer'));

    fold(record, hire('evt-2002-hire-resent', '2027-01-10T09:00:00Z', '2027-02-01'));

    expect(titleAt(record, '2027-03-11T09:00:00Z')).toBe('Senior Engineer');
    expect(record.versions.title?.map((version) => version.value)).toEqual([
      'Engineer',
      'Senior Engineer',
    ]);
  });

  it('starts with the title HR corrected after the hire but before day one', () => {
    const record = emptyRecord(SOURCE, 'E2012');
    fold(record, hire('evt-2012-hire', '2027-01-10T09:00:00Z', '2027-02-01'));

    fold(record, retitle('evt-2012-title', '2027-01-20T09:00:00Z', 'Senior Engineer'));

    expect(titleAt(record, '2027-01-21T09:00:00Z')).toBe('Senior Engineer');
    expect(titleAt(record, '2027-02-02T09:00:00Z')).toBe('Senior Engineer');
  });

  it('calls an update stale when a copy under another event id brings nothing new', () => {
    const record = emptyRecord(SOURCE, 'E2011');
    fold(record, retitle('evt-2011-a', '2027-04-01T09:00:00Z', 'Staff Engineer', '2027-05-01'));

    const outcome = fold(record, retitle('evt-2011-b', '2027-04-01T09:00:00Z', 'Staff Engineer', '2027-05-01'));

    expect(outcome).toBe('stale');
    expect(record.versions.title).toHaveLength(1);
  });

  it('forgets the oldest event ids once it holds SEEN_EVENT_LIMIT of them', () => {
    const record = emptyRecord(SOURCE, 'E2013');
    const minute = (n: number) => new Date(Date.UTC(2027, 0, 1) + n * 60_000).toISOString();
    const updates = Array.from({ length: SEEN_EVENT_LIMIT + 1 }, (_, n) =>
      retitle(`evt-2013-${n}`, minute(n), `Title ${n}`),
    );
    updates.forEach((update) => fold(record, update));

    const newest = fold(record, updates[SEEN_EVENT_LIMIT] as Change);
    const oldest = fold(record, updates[0] as Change);

    expect(newest).toBe('duplicate');
    expect(oldest).not.toBe('duplicate');
    expect(record.seenEventIds).toHaveLength(SEEN_EVENT_LIMIT);
    expect(record.seenEventIds[0]).toBe('evt-2013-2');
    expect(titleAt(record, '2027-02-01T00:00:00Z')).toBe(`Title ${SEEN_EVENT_LIMIT}`);
  });
});

describe('out-of-order attribute changes', () => {
  it('keeps a newer effective change when an older one arrives after it', () => {
    const record = emptyRecord(SOURCE, 'E2014');
    fold(record, retitle('evt-2014-b', '2027-06-10T09:00:00Z', 'Staff Engineer', '2027-07-01'));

    const outcome = fold(record, retitle('evt-2014-a', '2027-04-15T09:00:00Z', 'Senior Engineer', '2027-05-01'));

    expect(outcome).toBe('applied');
    expect(titleAt(record, '2027-06-01T09:00:00Z')).toBe('Senior Engineer');
    expect(titleAt(record, '2027-07-02T09:00:00Z')).toBe('Staff Engineer');
  });

  it('breaks a tie on the effective date by when HR made the change', () => {
    const record = emptyRecord(SOURCE, 'E2015');
    fold(record, retitle('evt-2015-new', '2027-04-20T09:00:00Z', 'Staff Engineer', '2027-05-01'));

    fold(record, retitle('evt-2015-old', '2027-04-15T09:00:00Z', 'Senior Engineer', '2027-05-01'));

    expect(titleAt(record, '2027-05-02T09:00:00Z')).toBe('Staff Engineer');
  });

  it('orders versions by effective date first, then by the time of the change', () => {
    const late = { value: 'b', effectiveDate: '2027-05-01', occurredAt: '2027-01-01T00:00:00Z' };
    const early = { value: 'a', effectiveDate: '2027-04-30', occurredAt: '2027-04-29T00:00:00Z' };
    const undated = { value: 'c', occurredAt: '2027-05-01T08:00:00Z' };

    const sorted = [undated, late, early].sort(compareVersions);

    expect(sorted.map((version) => version.value)).toEqual(['a', 'b', 'c']);
  });

  it('dates a change sent without a date by the person\'s own calendar day', () => {
    const record = emptyRecord(SOURCE, 'E2010');
    fold(record, retitle('evt-2010-a', '2027-05-20T09:00:00Z', 'Staff Engineer', '2027-06-02'));

    // 01:30 on 2 June in Berlin, but still 1 June in UTC: same local day, newer news.
    fold(record, retitle('evt-2010-b', '2027-06-01T23:30:00Z', 'Principal Engineer'));

    expect(titleAt(record, '2027-06-02T12:00:00Z')).toBe('Principal Engineer');
  });
});

describe('hire, termination and their withdrawals', () => {
  it('ignores a hire that is older news than the one it holds', () => {
    const record = emptyRecord(SOURCE, 'E2016');
    fold(record, hire('evt-2016-new', '2027-02-01T09:00:00Z', '2027-03-01'));

    const outcome = fold(record, { ...hire('evt-2016-old', '2027-01-15T09:00:00Z', '2027-02-15'), attributes: undefined });

    expect(outcome).toBe('stale');
    expect(record.hire?.startDate).toBe('2027-03-01');
  });

  it('treats a termination without a last day as immediate', () => {
    const record = emptyRecord(SOURCE, 'E2017');

    fold(record, { eventId: 'evt-2017-term', kind: 'terminate', occurredAt: '2027-02-03T14:25:00Z' });

    expect(record.termination).toEqual({ immediate: true, occurredAt: '2027-02-03T14:25:00Z' });
  });

  it('keeps the newer termination when an older one arrives after it', () => {
    const record = emptyRecord(SOURCE, 'E2018');
    const terminate = (eventId: string, occurredAt: string, lastDay: string): Change => ({
      eventId,
      kind: 'terminate',
      occurredAt,
      effectiveDate: lastDay,
    });
    fold(record, terminate('evt-2018-new', '2027-03-10T09:00:00Z', '2027-04-30'));

    const outcome = fold(record, terminate('evt-2018-old', '2027-03-01T09:00:00Z', '2027-03-31'));

    expect(outcome).toBe('stale');
    expect(record.termination?.lastDay).toBe('2027-04-30');
  });

  it('keeps a termination that is newer news than the hire arriving after it', () => {
    const record = emptyRecord(SOURCE, 'E2003');
    const terminate: Change = {
      eventId: 'evt-2003-term',
      kind: 'terminate',
      occurredAt: '2027-03-10T09:00:00Z',
      effectiveDate: '2027-04-05',
    };
    fold(record, terminate);

    fold(record, hire('evt-2003-hire', '2027-02-15T09:00:00Z', '2027-04-05'));

    expect(record.termination).toEqual({
      immediate: false,
      lastDay: '2027-04-05',
      occurredAt: '2027-03-10T09:00:00Z',
    });
  });

  it('closes the termination and any leave when a newer hire starts after the last day', () => {
    const record = emptyRecord(SOURCE, 'E2005');
    fold(record, hire('evt-2005-hire', '2025-08-01T09:00:00Z', '2025-09-01'));
    fold(record, { eventId: 'evt-2005-leave', kind: 'leave_start', occurredAt: '2026-10-01T09:00:00Z', effectiveDate: '2026-11-02' });
    fold(record, { eventId: 'evt-2005-term', kind: 'terminate', occurredAt: '2027-01-05T09:00:00Z', effectiveDate: '2027-01-15' });

    fold(record, hire('evt-2005-rehire', '2027-04-12T09:00:00Z', '2027-06-01'));

    expect(record.termination).toBeUndefined();
    expect(record.leave).toBeUndefined();
    expect(record.hire).toEqual({
      startDate: '2027-06-01',
      occurredAt: '2027-04-12T09:00:00Z',
      rescinded: false,
      previousTerminationEnd: '2027-01-15',
    });
  });

  it('ignores a withdrawal that is older than what it would withdraw', () => {
    const record = emptyRecord(SOURCE, 'E2019');
    fold(record, hire('evt-2019-hire', '2027-02-01T09:00:00Z', '2027-03-01'));
    fold(record, { eventId: 'evt-2019-term', kind: 'terminate', occurredAt: '2027-02-10T09:00:00Z', effectiveDate: '2027-02-26' });

    const outcomes = [
      fold(record, { eventId: 'evt-2019-unhire', kind: 'rescind_hire', occurredAt: '2027-01-20T09:00:00Z' }),
      fold(record, { eventId: 'evt-2019-unterm', kind: 'rescind_termination', occurredAt: '2027-02-05T09:00:00Z' }),
    ];

    expect(outcomes).toEqual(['stale', 'stale']);
    expect(record.hire?.rescinded).toBe(false);
    expect(record.termination?.lastDay).toBe('2027-02-26');
  });

  it.each<[string, Change[], string, string]>([
    [
      'a termination withdrawn',
      [
        { eventId: 'evt-2020-unterm', kind: 'rescind_termination', occurredAt: '2027-03-05T09:00:00Z' },
        { eventId: 'evt-2020-term', kind: 'terminate', occurredAt: '2027-03-01T09:00:00Z', effectiveDate: '2027-03-31' },
      ],
      '2027-04-02T12:00:00Z',
      'active',
    ],
    [
      'a hire withdrawn',
      [
        { eventId: 'evt-2020-unhire', kind: 'rescind_hire', occurredAt: '2027-03-05T09:00:00Z' },
        { eventId: 'evt-2020-hire', kind: 'hire', occurredAt: '2027-03-01T09:00:00Z', effectiveDate: '2027-04-05', attributes: { ...PERSON } },
      ],
      '2027-04-06T12:00:00Z',
      'rescinded',
    ],
    [
      'a leave ended',
      [
        { eventId: 'evt-2020-back', kind: 'leave_end', occurredAt: '2027-08-15T09:00:00Z', effectiveDate: '2027-08-20' },
        { eventId: 'evt-2020-leave', kind: 'leave_start', occurredAt: '2027-04-20T09:00:00Z', effectiveDate: '2027-05-03' },
      ],
      '2027-08-21T12:00:00Z',
      'active',
    ],
  ])('keeps %s when the withdrawal arrives before what it withdraws', (_, events, at, stage) => {
    const record = emptyRecord(SOURCE, 'E2020');
    if (events[1]?.kind !== 'hire') fold(record, hire('evt-2020-first', '2026-01-05T09:00:00Z', '2026-02-02'));

    events.forEach((event) => fold(record, event));

    expect(planPerson(record, policy, Date.parse(at)).target.stage).toBe(stage);
  });

  it('records a return without a date on the day the return was reported', () => {
    const record = emptyRecord(SOURCE, 'E2021');
    fold(record, { eventId: 'evt-2021-leave', kind: 'leave_start', occurredAt: '2027-04-20T09:00:00Z', effectiveDate: '2027-05-03', returnDate: '2027-09-01' });

    fold(record, { eventId: 'evt-2021-back', kind: 'leave_end', occurredAt: '2027-08-16T07:00:00Z' });

    expect(record.leave).toEqual({
      startDate: '2027-05-03',
      returnDate: '2027-08-16',
      occurredAt: '2027-08-16T07:00:00Z',
    });
  });

  it('cannot start a leave without its first day', () => {
    const record = emptyRecord(SOURCE, 'E2022');

    const outcome = fold(record, { eventId: 'evt-2022-leave', kind: 'leave_start', occurredAt: '2027-04-20T09:00:00Z' });

    expect(outcome).toBe('stale');
    expect(record.leave).toBeUndefined();
  });
});
