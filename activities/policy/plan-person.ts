/**
 * The plan step: from the person record, the policy and the current instant, works out the stage,
 * the target state in Okta and AWS, and every future transition. Pure; the workflow runs it as an
 * activity so that its result (time-zone rules, policy version) is recorded in history.
 */
import { ATTRIBUTE_NAMES, isLocalDate, type PersonAttributes } from '../../domain/hr-event';
import { localDateOf, localInstant } from '../../domain/instants';
import type { AttributeVersion, PersonRecord } from '../../domain/person-record';
import type { PendingTransition, Plan, Stage, TargetState } from '../../domain/target-state';
import {
  deriveLogin,
  evaluatePolicy,
  managedAwsAssignments,
  managedOktaGroups,
  resolveTimeZone,
  type Policy,
} from '../../policy';

/** Attribute-only changes take effect at the start of their local day. */
const CHANGE_TIME = '00:00';

const DAY_MS = 86_400_000;

export function planPerson(record: PersonRecord, policy: Policy, nowMs: number): Plan {
  const latest = attributesAt(record, Number.POSITIVE_INFINITY, () => 0, 'UTC');
  const timeZone = resolveTimeZone(policy, latest);
  const instantOf = (version: AttributeVersion): number =>
    version.effectiveDate
      ? Date.parse(localInstant(version.effectiveDate, CHANGE_TIME, timeZone))
      : Date.parse(version.occurredAt);
  const times = keyInstants(record, policy, timeZone, latest.contractEndDate);

  const stage = stageAt(record, times, nowMs);
  // Before day one the staged user already carries the day-one profile.
  const viewAt = times.start !== undefined ? Math.max(nowMs, times.start) : nowMs;
  const attributes = attributesAt(record, viewAt, instantOf, timeZone);
  const desired = evaluatePolicy(policy, attributes);
  const target = buildTarget(record, policy, stage, attributes, desired, times, nowMs);

  const transitions = futureTransitions(record, times, nowMs, timeZone, instantOf);

  return {
    evaluatedAt: new Date(nowMs).toISOString(),
    timeZone,
    policyDigest: policy.digest,
    matchedRules: desired.matchedRules,
    attributes: attributes as Record<string, string>,
    target,
    transitions,
  };
}

interface KeyInstants {
  start?: number;
  end?: number;
  leaveStart?: number;
  leaveEnd?: number;
  deletion?: number;
}

function keyInstants(
  record: PersonRecord,
  policy: Policy,
  zone: string,
  contractEndDate: string | undefined,
): KeyInstants {
  const { defaults } = policy;
  const times: KeyInstants = {};
  if (record.hire)
    times.start = Date.parse(localInstant(record.hire.startDate, defaults.startTime, zone));
  const ends: number[] = [];
  if (record.termination) {
    const { lastDay, occurredAt } = record.termination;
    ends.push(
      lastDay ? Date.parse(localInstant(lastDay, defaults.endTime, zone)) : Date.parse(occurredAt),
    );
  }
  // The newest contract end date wins, so an extension moves the end; one before a rehire's
  // start belongs to the earlier contract.
  if (contractEndDate && isLocalDate(contractEndDate)) {
    const contractEnd = Date.parse(localInstant(contractEndDate, defaults.endTime, zone));
    if (times.start === undefined || contractEnd > times.start) ends.push(contractEnd);
  }
  if (ends.length > 0) {
    times.end = Math.min(...ends);
    const days = policy.termination.deleteOktaUserAfterDays;
    if (days !== null && days !== undefined) times.deletion = times.end + days * DAY_MS;
  }
  if (record.leave) {
    times.leaveStart = Date.parse(
      localInstant(record.leave.startDate, defaults.leaveStartTime, zone),
    );
    if (record.leave.returnDate) {
      times.leaveEnd = Date.parse(localInstant(record.leave.returnDate, defaults.returnTime, zone));
    }
  }

  return times;
}

function stageAt(record: PersonRecord, times: KeyInstants, now: number): Stage {
  const { hire, termination } = record;
  if (!hire || times.start === undefined) return 'pending';
  if (hire.rescinded) return 'rescinded';
  // A termination that ends before day one, or that HR made after the hire but before day one
  // (a no-show, a withdrawn offer), means the person never starts.
  const decidedBeforeStart =
    termination !== undefined &&
    termination.occurredAt > hire.occurredAt &&
    Date.parse(termination.occurredAt) < times.start;
  if (
    times.end !== undefined &&
    (now >= times.end || times.end <= times.start || decidedBeforeStart)
  ) {
    return 'terminated';
  }
  if (now < times.start) return 'staged';
  const onLeave =
    times.leaveStart !== undefined &&
    now >= times.leaveStart &&
    (times.leaveEnd === undefined || now < times.leaveEnd);

  return onLeave ? 'on_leave' : 'active';
}

/** The value of each attribute in effect at `at`: the last version whose instant has come. */
function attributesAt(
  record: PersonRecord,
  at: number,
  instantOf: (v: AttributeVersion) => number,
  zone: string,
): PersonAttributes {
  const { hire } = record;
  // The person's own calendar day of a version; a change HR made after the hire but dated before
  // day one belongs to day one, so the hire's older snapshot cannot override it there.
  const dayOf = (v: AttributeVersion): string => {
    const day = v.effectiveDate ?? localDateOf(v.occurredAt, zone);
    const newerThanHire = hire !== undefined && v.occurredAt > hire.occurredAt;

    return newerThanHire && day < hire.startDate ? hire.startDate : day;
  };
  const later = (a: AttributeVersion, b: AttributeVersion): AttributeVersion => {
    const [dayA, dayB] = [dayOf(a), dayOf(b)];
    if (dayA !== dayB) return dayA > dayB ? a : b;

    return a.occurredAt >= b.occurredAt ? a : b;
  };

  const attributes: PersonAttributes = {};
  for (const name of ATTRIBUTE_NAMES) {
    const versions = record.versions[name] ?? [];
    const inEffect = versions.filter((v) => instantOf(v) <= at);
    const chosen = inEffect.length > 0 ? inEffect.reduce(later) : versions[0];
    if (chosen) attributes[name] = chosen.value;
  }

  return attributes;
}

function buildTarget(
  record: PersonRecord,
  policy: Policy,
  stage: Stage,
  attributes: PersonAttributes,
  desired: ReturnType<typeof evaluatePolicy>,
  times: KeyInstants,
  now: number,
): TargetState {
  const managedGroups = managedOktaGroups(policy);
  const managedAssignments = managedAwsAssignments(policy);
  const profile = oktaProfile(record, policy, attributes, desired.oktaProfile);
  const deleted = times.deletion !== undefined && now >= times.deletion;
  const neverStarted = times.start !== undefined && now < times.start;

  const status = {
    // Events without a hire name no one Tenure manages yet: act on nothing.
    pending: 'UNMANAGED',
    staged: 'STAGED',
    active: 'ACTIVE',
    on_leave: 'SUSPENDED',
    terminated: deleted ? 'ABSENT' : 'DEPROVISIONED',
    // A withdrawn rehire keeps the former employee's deactivated user, as any leaver's is kept.
    rescinded: neverStarted && !record.hire?.previousTerminationEnd ? 'ABSENT' : 'DEPROVISIONED',
  } as const;
  const holdsAccess = stage === 'active' || stage === 'on_leave';
  const awsOnLeave = !policy.aws.removeOnLeave;

  return {
    stage,
    okta: {
      status: status[stage],
      profile,
      groups: holdsAccess ? desired.oktaGroups : [],
      managedGroups,
      createMissingGroups: policy.okta.createMissingGroups,
    },
    aws: {
      assignments:
        stage === 'active' || (stage === 'on_leave' && awsOnLeave) ? desired.awsAssignments : [],
      managedAssignments,
    },
  };
}

function oktaProfile(
  record: PersonRecord,
  policy: Policy,
  attributes: PersonAttributes,
  abac: Record<string, string>,
): Record<string, string> {
  const identity = deriveLogin(policy, attributes);
  const profile: Record<string, string> = {
    employeeNumber: attributes.employeeNumber ?? record.hrId,
  };
  if (identity) {
    profile.login = identity.login;
    profile.email = identity.email;
  }
  const copied = [
    'firstName',
    'lastName',
    'department',
    'title',
    'managerId',
    'costCenter',
  ] as const;
  for (const name of copied) {
    const value = attributes[name];
    if (value !== undefined) profile[name] = value;
  }

  return { ...profile, ...abac };
}

function futureTransitions(
  record: PersonRecord,
  times: KeyInstants,
  now: number,
  zone: string,
  instantOf: (v: AttributeVersion) => number,
): PendingTransition[] {
  const found: PendingTransition[] = [];
  const add = (at: number | undefined, kind: PendingTransition['kind'], reason: string): void => {
    if (at === undefined || at <= now) return;
    const iso = new Date(at).toISOString();
    found.push({ at: iso, kind, localDate: localDateOf(iso, zone), reason });
  };

  if (!record.hire?.rescinded) {
    add(times.start, 'start', 'access begins on the start date');
    add(times.leaveStart, 'leave_start', 'leave of absence begins');
    add(times.leaveEnd, 'leave_end', 'return from leave of absence');
    add(times.end, 'termination', endReason(record));
    add(times.deletion, 'okta_user_deletion', 'retention period after termination ends');
  }
  // Changes up to day one are already in the staged user's profile.
  const after = times.start ?? Number.NEGATIVE_INFINITY;
  for (const name of ATTRIBUTE_NAMES) {
    for (const version of record.versions[name] ?? []) {
      const at = instantOf(version);
      if (at > after) add(at, 'attribute_change', `${name} changes`);
    }
  }

  return dedupeTransitions(found);
}

function endReason(record: PersonRecord): string {
  if (!record.termination) return 'end of the fixed-term contract';

  return record.termination.immediate ? 'immediate termination' : 'end of the last working day';
}

/** Several attributes changing at one instant are one timer. */
function dedupeTransitions(found: PendingTransition[]): PendingTransition[] {
  const byKey = new Map<string, PendingTransition>();
  for (const transition of found) {
    const key = `${transition.at}|${transition.kind}`;
    const existing = byKey.get(key);
    if (existing) existing.reason = `${existing.reason}; ${transition.reason}`;
    else byKey.set(key, { ...transition });
  }

  return [...byKey.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
