import { planPerson } from '../../activities/policy/plan-person';
import type { HrEvent, HrEventKind, PersonAttributes } from '../../domain/hr-event';
import {
  SEEN_EVENT_LIMIT,
  compareVersions,
  emptyRecord,
  foldEvent,
  type FoldOutcome,
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

/** An event whose id is its kind and time, unless the test names one. */
function change(kind: HrEventKind, occurredAt: string, fields: Partial<Change> = {}): Change {
  return { eventId: `${kind}@${occurredAt}`, kind, occurredAt, ...fields };
}

function hire(occurredAt: string, startDate: string, fields: Partial<Change> = {}): Change {
  const attributes = { ...PERSON };

  return change('hire', occurredAt, { effectiveDate: startDate, attributes, ...fields });
}

function retitle(occurredAt: string, title: string, effectiveDate?: string): Change {
  const dated = effectiveDate ? { effectiveDate } : {};

  return change('update', occurredAt, { attributes: { title }, ...dated });
}

function fold(record: PersonRecord, ...changes: Change[]): FoldOutcome[] {
  return changes.map((each) => foldEvent(record, { source: SOURCE, hrId: record.hrId, ...each }));
}

/** The title the plan step puts in effect at `instant`. */
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
    const first = hire('2027-01-10T09:00:00Z', '2027-02-01', { eventId: 'evt-2002-hire' });
    const promotion = retitle('2027-03-10T09:00:00Z', 'Senior Engineer');

    const outcomes = fold(record, first, first, promotion, first);

    expect(outcomes).toEqual(['applied', 'duplicate', 'applied', 'duplicate']);
    expect(titleAt(record, '2027-03-11T09:00:00Z')).toBe('Senior Engineer');
  });

  it('keeps a later title when the same hire is resent under another event id', () => {
    const record = emptyRecord(SOURCE, 'E2002');
    fold(record, hire('2027-01-10T09:00:00Z', '2027-02-01', { eventId: 'evt-2002-hire' }));
    fold(record, retitle('2027-03-10T09:00:00Z', 'Senior Engineer'));

    fold(record, hire('2027-01-10T09:00:00Z', '2027-02-01', { eventId: 'evt-2002-resent' }));

    expect(titleAt(record, '2027-03-11T09:00:00Z')).toBe('Senior Engineer');
    expect(record.versions.title?.map((version) => version.value)).toEqual([
      'Engineer',
      'Senior Engineer',
    ]);
  });

  it('starts with the title HR corrected after the hire but before day one', () => {
    const record = emptyRecord(SOURCE, 'E2012');
    fold(record, hire('2027-01-10T09:00:00Z', '2027-02-01'));

    fold(record, retitle('2027-01-20T09:00:00Z', 'Senior Engineer'));

    expect(titleAt(record, '2027-01-21T09:00:00Z')).toBe('Senior Engineer');
    expect(titleAt(record, '2027-02-02T09:00:00Z')).toBe('Senior Engineer');
  });

  it('calls an update stale when a copy under another event id brings nothing new', () => {
    const record = emptyRecord(SOURCE, 'E2011');
    const promotion = retitle('2027-04-01T09:00:00Z', 'Staff Engineer', '2027-05-01');

    const outcomes = fold(record, promotion, { ...promotion, eventId: 'evt-2011-copy' });

    expect(outcomes).toEqual(['applied', 'stale']);
    expect(record.versions.title).toHaveLength(1);
  });

  it('forgets the oldest event ids once it holds SEEN_EVENT_LIMIT of them', () => {
    const record = emptyRecord(SOURCE, 'E2013');
    const minute = (n: number) => new Date(Date.UTC(2027, 0, 1) + n * 60_000).toISOString();
    const updates = Array.from({ length: SEEN_EVENT_LIMIT + 1 }, (_, n) =>
      retitle(minute(n), `Title ${n}`),
    );
    fold(record, ...updates);

    const [newest, oldest] = fold(record, updates.at(-1) as Change, updates[0] as Change);

    expect(newest).toBe('duplicate');
    expect(oldest).not.toBe('duplicate');
    expect(record.seenEventIds).toHaveLength(SEEN_EVENT_LIMIT);
    expect(record.seenEventIds[0]).toBe(updates[2]?.eventId);
    expect(titleAt(record, '2027-02-01T00:00:00Z')).toBe(`Title ${SEEN_EVENT_LIMIT}`);
  });
});

describe('out-of-order attribute changes', () => {
  it('keeps a newer effective change when an older one arrives after it', () => {
    const record = emptyRecord(SOURCE, 'E2014');
    fold(record, retitle('2027-06-10T09:00:00Z', 'Staff Engineer', '2027-07-01'));

    const outcomes = fold(record, retitle('2027-04-15T09:00:00Z', 'Senior Engineer', '2027-05-01'));

    expect(outcomes).toEqual(['applied']);
    expect(titleAt(record, '2027-06-01T09:00:00Z')).toBe('Senior Engineer');
    expect(titleAt(record, '2027-07-02T09:00:00Z')).toBe('Staff Engineer');
  });

  it('breaks a tie on the effective date by when HR made the change', () => {
    const record = emptyRecord(SOURCE, 'E2015');
    fold(record, retitle('2027-04-20T09:00:00Z', 'Staff Engineer', '2027-05-01'));

    fold(record, retitle('2027-04-15T09:00:00Z', 'Senior Engineer', '2027-05-01'));

    expect(titleAt(record, '2027-05-02T09:00:00Z')).toBe('Staff Engineer');
  });

  it('orders versions by effective date first, then by the time of the change', () => {
    const late = { value: 'b', effectiveDate: '2027-05-01', occurredAt: '2027-01-01T00:00:00Z' };
    const early = { value: 'a', effectiveDate: '2027-04-30', occurredAt: '2027-04-29T00:00:00Z' };
    const undated = { value: 'c', occurredAt: '2027-05-01T08:00:00Z' };

    const sorted = [undated, late, early].sort(compareVersions);

    expect(sorted.map((version) => version.value)).toEqual(['a', 'b', 'c']);
  });

  it("dates a change sent without a date by the person's own calendar day", () => {
    const record = emptyRecord(SOURCE, 'E2010');
    fold(record, hire('2026-02-02T09:00:00Z', '2026-03-02'));
    fold(record, retitle('2027-05-20T09:00:00Z', 'Staff Engineer', '2027-06-02'));

    // 01:30 on 2 June in Berlin, still 1 June in UTC: the same local day as above, and newer news.
    fold(record, retitle('2027-06-01T23:30:00Z', 'Principal Engineer'));

    expect(titleAt(record, '2027-06-02T12:00:00Z')).toBe('Principal Engineer');
  });
});

describe('hire, termination and their withdrawals', () => {
  it('ignores the start date of a hire that is older news than the one it holds', () => {
    const record = emptyRecord(SOURCE, 'E2016');
    fold(record, hire('2027-02-01T09:00:00Z', '2027-03-01'));
    const older = change('hire', '2027-01-15T09:00:00Z', { effectiveDate: '2027-02-15' });

    const outcomes = fold(record, older);

    expect(outcomes).toEqual(['stale']);
    expect(record.hire?.startDate).toBe('2027-03-01');
  });

  it('treats a termination without a last day as immediate', () => {
    const record = emptyRecord(SOURCE, 'E2017');

    fold(record, change('terminate', '2027-02-03T14:25:00Z'));

    expect(record.termination).toEqual({ immediate: true, occurredAt: '2027-02-03T14:25:00Z' });
  });

  it('keeps the newer termination when an older one arrives after it', () => {
    const record = emptyRecord(SOURCE, 'E2018');
    fold(record, change('terminate', '2027-03-10T09:00:00Z', { effectiveDate: '2027-04-30' }));
    const older = change('terminate', '2027-03-01T09:00:00Z', { effectiveDate: '2027-03-31' });

    const outcomes = fold(record, older);

    expect(outcomes).toEqual(['stale']);
    expect(record.termination?.lastDay).toBe('2027-04-30');
  });

  it('keeps a termination that is newer news than the hire arriving after it', () => {
    const record = emptyRecord(SOURCE, 'E2003');
    fold(record, change('terminate', '2027-03-10T09:00:00Z', { effectiveDate: '2027-04-05' }));

    fold(record, hire('2027-02-15T09:00:00Z', '2027-04-05'));

    expect(record.termination).toEqual({
      immediate: false,
      lastDay: '2027-04-05',
      occurredAt: '2027-03-10T09:00:00Z',
    });
  });

  it('closes the termination and any leave when a newer hire starts after the last day', () => {
    const record = emptyRecord(SOURCE, 'E2005');
    fold(
      record,
      hire('2025-08-01T09:00:00Z', '2025-09-01'),
      change('leave_start', '2026-10-01T09:00:00Z', { effectiveDate: '2026-11-02' }),
      change('terminate', '2027-01-05T09:00:00Z', { effectiveDate: '2027-01-15' }),
    );

    fold(record, hire('2027-04-12T09:00:00Z', '2027-06-01'));

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
    fold(
      record,
      hire('2027-02-01T09:00:00Z', '2027-03-01'),
      change('terminate', '2027-02-10T09:00:00Z', { effectiveDate: '2027-02-26' }),
    );

    const outcomes = fold(
      record,
      change('rescind_hire', '2027-01-20T09:00:00Z'),
      change('rescind_termination', '2027-02-05T09:00:00Z'),
    );

    expect(outcomes).toEqual(['stale', 'stale']);
    expect(record.hire?.rescinded).toBe(false);
    expect(record.termination?.lastDay).toBe('2027-02-26');
  });

  // Each row: the withdrawal first, then the older event it withdraws; the stage after both.
  it.each<[string, Change, Change, string, string]>([
    [
      'a termination withdrawn',
      change('rescind_termination', '2027-03-05T09:00:00Z'),
      change('terminate', '2027-03-01T09:00:00Z', { effectiveDate: '2027-03-31' }),
      '2027-04-02T12:00:00Z',
      'active',
    ],
    [
      'a hire withdrawn',
      change('rescind_hire', '2027-03-05T09:00:00Z'),
      hire('2027-03-01T09:00:00Z', '2027-04-05'),
      '2027-04-06T12:00:00Z',
      'rescinded',
    ],
    [
      'a leave ended',
      change('leave_end', '2027-08-15T09:00:00Z', { effectiveDate: '2027-08-20' }),
      change('leave_start', '2027-04-20T09:00:00Z', { effectiveDate: '2027-05-03' }),
      '2027-08-21T12:00:00Z',
      'active',
    ],
  ])('keeps %s when the withdrawal arrives first', (_, withdrawal, withdrawn, at, stage) => {
    const record = emptyRecord(SOURCE, 'E2020');
    if (withdrawn.kind !== 'hire') fold(record, hire('2026-01-05T09:00:00Z', '2026-02-02'));

    fold(record, withdrawal, withdrawn);

    expect(planPerson(record, policy, Date.parse(at)).target.stage).toBe(stage);
  });

  it('records a return without a date on the day the return was reported', () => {
    const record = emptyRecord(SOURCE, 'E2021');
    const leave = { effectiveDate: '2027-05-03', returnDate: '2027-09-01' };
    fold(record, change('leave_start', '2027-04-20T09:00:00Z', leave));

    fold(record, change('leave_end', '2027-08-16T07:00:00Z'));

    expect(record.leave).toEqual({
      startDate: '2027-05-03',
      returnDate: '2027-08-16',
      occurredAt: '2027-08-16T07:00:00Z',
    });
  });

  it('cannot start a leave without its first day', () => {
    const record = emptyRecord(SOURCE, 'E2022');

    const outcomes = fold(record, change('leave_start', '2027-04-20T09:00:00Z'));

    expect(outcomes).toEqual(['stale']);
    expect(record.leave).toBeUndefined();
  });
});
