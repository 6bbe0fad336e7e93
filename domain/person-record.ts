/**
 * The person record a workflow keeps, and the fold that merges one HR event into it. Events are
 * hints, not commands: each attribute keeps its dated versions, so a late, duplicated or
 * out-of-order event changes nothing it should not. The fold is pure and deterministic (it runs
 * inside the workflow); turning dates into instants happens later, in the recorded plan step.
 */
import { ATTRIBUTE_NAMES, type AttributeName, type HrEvent, type LocalDate } from './hr-event';

/** One value of one attribute, with what orders it against the others. */
export interface AttributeVersion {
  value: string;
  /** The local date it takes effect; absent means "as of `occurredAt`". */
  effectiveDate?: LocalDate;
  occurredAt: string;
}

export interface HireFact {
  startDate: LocalDate;
  occurredAt: string;
  rescinded: boolean;
  /** Set on a rehire: the end of the employment this hire follows. */
  previousTerminationEnd?: LocalDate;
}

export interface TerminationFact {
  /** The last working day; absent for an immediate termination. */
  lastDay?: LocalDate;
  immediate: boolean;
  occurredAt: string;
}

export interface LeaveFact {
  startDate: LocalDate;
  returnDate?: LocalDate;
  occurredAt: string;
}

export interface PersonRecord {
  source: string;
  hrId: string;
  versions: Partial<Record<AttributeName, AttributeVersion[]>>;
  hire?: HireFact;
  termination?: TerminationFact;
  leave?: LeaveFact;
  /** Idempotency keys already folded, newest last, bounded by `SEEN_EVENT_LIMIT`. */
  seenEventIds: string[];
  /** Withdrawals that arrived before what they withdraw, kept so that it arrives withdrawn. */
  withdrawn?: WithdrawnFacts;
}

export interface WithdrawnFacts {
  /** When HR rescinded a hire not yet received: an older hire arrives rescinded. */
  hireAt?: string;
  /** When HR rescinded a termination not yet received: an older one is stale. */
  terminationAt?: string;
  /** A return reported before its leave: an older leave arrives with this return date. */
  leaveEnd?: { returnDate: LocalDate; occurredAt: string };
}

/** Enough to recognise redeliveries, which come within days; bounded so the record stays small. */
export const SEEN_EVENT_LIMIT = 500;

/** Past versions beyond this many per attribute can never be in effect again. */
const VERSION_LIMIT = 12;

export function emptyRecord(source: string, hrId: string): PersonRecord {
  return { source, hrId, versions: {}, seenEventIds: [] };
}

export type FoldOutcome = 'applied' | 'duplicate' | 'stale';

/**
 * Merges `event` into `record` in place and says what happened: `duplicate` for a redelivered
 * idempotency key, `stale` when everything it carried is older than what the record holds.
 */
export function foldEvent(record: PersonRecord, event: HrEvent): FoldOutcome {
  if (record.seenEventIds.includes(event.eventId)) return 'duplicate';

  record.seenEventIds.push(event.eventId);
  if (record.seenEventIds.length > SEEN_EVENT_LIMIT) record.seenEventIds.shift();

  const changedAttributes = foldAttributes(record, event);
  const changedFacts = foldFacts(record, event);

  return changedAttributes || changedFacts ? 'applied' : 'stale';
}

function foldAttributes(record: PersonRecord, event: HrEvent): boolean {
  if (!event.attributes) return false;

  // A hire's attributes describe day one; an update without a date is in effect as of its time.
  const effectiveDate =
    event.kind === 'update' || event.kind === 'hire' ? event.effectiveDate : undefined;
  let changed = false;
  for (const name of ATTRIBUTE_NAMES) {
    const value = event.attributes[name];
    if (value === undefined) continue;

    const version: AttributeVersion = { value, occurredAt: event.occurredAt };
    if (effectiveDate) version.effectiveDate = effectiveDate;
    changed = addVersion(record, name, version) || changed;
  }

  return changed;
}

function addVersion(record: PersonRecord, name: AttributeName, version: AttributeVersion): boolean {
  const list = record.versions[name] ?? [];
  const same = list.find(
    (v) => v.effectiveDate === version.effectiveDate && v.occurredAt === version.occurredAt,
  );
  if (same) return false;

  list.push(version);
  list.sort(compareVersions);
  if (list.length > VERSION_LIMIT) list.splice(0, list.length - VERSION_LIMIT);
  record.versions[name] = list;

  return true;
}

/**
 * Orders versions by effective date (an undated version sorts by the date part of its time),
 * then by the source's event time: the last one in effect wins.
 */
export function compareVersions(a: AttributeVersion, b: AttributeVersion): number {
  const dateA = a.effectiveDate ?? a.occurredAt.slice(0, 10);
  const dateB = b.effectiveDate ?? b.occurredAt.slice(0, 10);
  if (dateA !== dateB) return dateA < dateB ? -1 : 1;
  if (a.occurredAt !== b.occurredAt) return a.occurredAt < b.occurredAt ? -1 : 1;

  return 0;
}

function foldFacts(record: PersonRecord, event: HrEvent): boolean {
  switch (event.kind) {
    case 'hire':
      return foldHire(record, event);
    case 'rescind_hire':
      if (!record.hire) return remember(record, { hireAt: event.occurredAt });
      if (record.hire.rescinded || record.hire.occurredAt > event.occurredAt) return false;
      record.hire.rescinded = true;

      return true;
    case 'terminate': {
      if (record.termination && record.termination.occurredAt > event.occurredAt) return false;
      if ((record.withdrawn?.terminationAt ?? '') >= event.occurredAt) return false;
      // Older than a hire that starts after it ended: the end of an earlier employment.
      const lastDay = event.effectiveDate && !event.immediate ? event.effectiveDate : undefined;
      const endDate = lastDay ?? event.occurredAt.slice(0, 10);
      const { hire } = record;
      if (hire && hire.occurredAt > event.occurredAt && hire.startDate > endDate) {
        if ((hire.previousTerminationEnd ?? '') >= endDate) return false;
        hire.previousTerminationEnd = endDate;

        return true;
      }
      record.termination = {
        immediate: event.immediate === true || !event.effectiveDate,
        occurredAt: event.occurredAt,
        ...(lastDay ? { lastDay } : {}),
      };

      return true;
    }
    case 'rescind_termination':
      if (!record.termination) return remember(record, { terminationAt: event.occurredAt });
      if (record.termination.occurredAt > event.occurredAt) return false;
      delete record.termination;

      return true;
    case 'leave_start': {
      if (!event.effectiveDate) return false;
      if (record.leave && record.leave.occurredAt > event.occurredAt) return false;
      record.leave = {
        startDate: event.effectiveDate,
        occurredAt: event.occurredAt,
        ...(event.returnDate ? { returnDate: event.returnDate } : {}),
      };
      const back = record.withdrawn?.leaveEnd;
      if (back && back.occurredAt > event.occurredAt) Object.assign(record.leave, back);

      return true;
    }
    case 'leave_end': {
      const returnDate = event.effectiveDate ?? event.occurredAt.slice(0, 10);
      if (!record.leave) {
        return remember(record, { leaveEnd: { returnDate, occurredAt: event.occurredAt } });
      }
      if (record.leave.occurredAt > event.occurredAt) return false;
      record.leave = { ...record.leave, returnDate, occurredAt: event.occurredAt };

      return true;
    }
    case 'update':
    // A refresh carries no facts; the workflow reads the record and folds what it returns.
    case 'refresh':
      return false;
  }
}

/** Keeps the newest withdrawal of each kind that found nothing to withdraw yet. */
function remember(record: PersonRecord, facts: WithdrawnFacts): boolean {
  const kept = (record.withdrawn ??= {});
  if (facts.hireAt && facts.hireAt > (kept.hireAt ?? '')) kept.hireAt = facts.hireAt;
  if (facts.terminationAt && facts.terminationAt > (kept.terminationAt ?? '')) {
    kept.terminationAt = facts.terminationAt;
  }
  if (facts.leaveEnd && facts.leaveEnd.occurredAt > (kept.leaveEnd?.occurredAt ?? '')) {
    kept.leaveEnd = facts.leaveEnd;
  }

  return true;
}

/**
 * A hire replaces the known one when it is newer news. A termination that is newer than the hire
 * stands (it may have arrived first); a hire that is newer and starts after the termination's
 * last day is a rehire, which closes that termination.
 */
function foldHire(record: PersonRecord, event: HrEvent): boolean {
  if (!event.effectiveDate) return false;
  if (record.hire && record.hire.occurredAt > event.occurredAt) return false;

  const rescinded = (record.withdrawn?.hireAt ?? '') >= event.occurredAt;
  record.hire = { startDate: event.effectiveDate, occurredAt: event.occurredAt, rescinded };
  const termination = record.termination;
  if (termination && termination.occurredAt < event.occurredAt) {
    const endDate = termination.lastDay ?? termination.occurredAt.slice(0, 10);
    if (event.effectiveDate > endDate) {
      delete record.leave;
      delete record.termination;
      record.hire.previousTerminationEnd = endDate;
    }
  }

  return true;
}
