/**
 * The person lifecycle workflow: one long-lived entity per person. HR events arrive as signals and
 * are folded into the record; after each change, and at each pending transition, the workflow
 * plans (a recorded activity) and converges Okta and AWS to the plan's target.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';

import type { HrEvent } from '../domain/hr-event';
import { emptyRecord, foldEvent, SEEN_EVENT_LIMIT } from '../domain/person-record';
import { HISTORY_EVENT_BUDGET, RETRY_AFTER_FAILURE_MS } from './activity-profiles';
import {
  personStatus,
  reconcile,
  recordHrEvent,
  type LastError,
  type PersonInput,
  type PersonState,
  type PersonStatus,
} from './definitions';
import { activitiesFor, converge, type Activities } from './converge';
import { describeFailure } from './failures';
import { NEXT_TRANSITION, STAGE } from './search-attributes';
import { DEFAULT_TASK_QUEUES } from './task-queues';

const RECENT_EVENTS = 20;

/** Whether a convergence is under way; workflow-global, as each run converges one at a time. */
let converging = false;

/** Runs one person's joiner-mover-leaver lifecycle for as long as the person exists in HR. */
export async function personLifecycle(input: PersonInput): Promise<void> {
  const state: PersonState = input.state ?? {
    record: emptyRecord(input.source, input.hrId),
    actual: { oktaGroups: [], awsAssignments: [] },
    events: [],
  };
  let dirty = input.state === undefined;
  const acts = activitiesFor(input.taskQueues ?? DEFAULT_TASK_QUEUES);

  setHandler(recordHrEvent, (event) => {
    const outcome =
      event.kind === 'refresh' ? requestRead(state, event) : foldEvent(state.record, event);
    state.events.push({
      eventId: event.eventId,
      kind: event.kind,
      outcome,
      receivedAt: new Date().toISOString(),
    });
    if (state.events.length > RECENT_EVENTS) state.events.shift();
    if (outcome === 'applied') dirty = true;
  });
  setHandler(reconcile, () => {
    dirty = true;
  });
  setHandler(personStatus, () => statusOf(input, state));

  for (;;) {
    if (dirty) {
      dirty = false;
      await planAndConverge(acts, state);
    }
    if (!dirty && historyIsLong()) {
      await condition(allHandlersFinished);
      if (!dirty) await continueAsNew<typeof personLifecycle>({ ...input, state });
    }

    const wakeAt = nextWake(state);
    if (wakeAt === undefined) {
      await condition(() => dirty);
    } else {
      // A durable timer: it survives restarts, and a new event wakes the loop early.
      const signalled = await condition(() => dirty, Math.max(1, wakeAt - Date.now()));
      if (!signalled) dirty = true;
    }
  }
}

async function planAndConverge(acts: Activities, state: PersonState): Promise<void> {
  // A failed read must not stop the rest: plan with what is known, report, and read again later.
  let readFailure: LastError | undefined;
  try {
    await readPendingRecords(acts, state);
  } catch (error) {
    readFailure = describeFailure(error, 'readHrRecord');
  }

  const plan = await acts.planPerson({ record: state.record, nowMs: Date.now() });
  state.plan = plan;
  upsertSearchAttributes([
    { key: STAGE, value: plan.target.stage },
    { key: NEXT_TRANSITION, value: plan.transitions[0] ? new Date(plan.transitions[0].at) : null },
  ]);

  let failure = readFailure;
  converging = true;
  try {
    await converge(acts, state, plan);
    state.convergedAt = new Date().toISOString();
  } catch (error) {
    failure = describeFailure(error, 'converge');
  }
  converging = false;
  if (failure) {
    state.lastError = failure;
    state.retryAt = new Date(Date.now() + RETRY_AFTER_FAILURE_MS).toISOString();
    log.warn('convergence failed', { step: failure.step, type: failure.type });
  } else {
    delete state.lastError;
    delete state.retryAt;
  }
}

/** A refresh asks for a read of the record at its source; redeliveries ask only once. */
function requestRead(state: PersonState, event: HrEvent): 'applied' | 'duplicate' {
  const { record } = state;
  if (record.seenEventIds.includes(event.eventId)) return 'duplicate';
  record.seenEventIds.push(event.eventId);
  if (record.seenEventIds.length > SEEN_EVENT_LIMIT) record.seenEventIds.shift();
  state.pendingReads = [...new Set([...(state.pendingReads ?? []), event.source])];

  return 'applied';
}

/**
 * Reads each source that sent an id-only event and folds what changed since its last read. A
 * reader's ids hash what each event says: what the last read said is skipped, and anything else
 * is news as of this read, even when an older read said the same (a value changed back).
 */
async function readPendingRecords(acts: Activities, state: PersonState): Promise<void> {
  for (const source of [...(state.pendingReads ?? [])]) {
    const readAt = new Date().toISOString();
    const events = await acts.readHrRecord({ source, hrId: state.record.hrId, readAt });
    const previous = new Set(state.lastReads?.[source] ?? []);
    for (const event of events) {
      if (!previous.has(event.eventId)) {
        foldEvent(state.record, { ...event, eventId: `${event.eventId}@${readAt}` });
      }
    }
    state.lastReads = { ...state.lastReads, [source]: events.map((event) => event.eventId) };
    state.pendingReads = (state.pendingReads ?? []).filter((s) => s !== source);
  }
  if (state.pendingReads?.length === 0) delete state.pendingReads;
}

function nextWake(state: PersonState): number | undefined {
  const candidates = [state.plan?.transitions[0]?.at, state.retryAt]
    .filter((at): at is string => at !== undefined)
    .map((at) => Date.parse(at));

  return candidates.length > 0 ? Math.min(...candidates) : undefined;
}

function historyIsLong(): boolean {
  const info = workflowInfo();

  return info.continueAsNewSuggested || info.historyLength > HISTORY_EVENT_BUDGET;
}

function statusOf(input: PersonInput, state: PersonState): PersonStatus {
  const { plan } = state;
  const pendingTimers = [...(plan?.transitions ?? [])];
  if (state.retryAt) {
    pendingTimers.push({
      at: state.retryAt,
      kind: 'retry',
      localDate: state.retryAt.slice(0, 10),
      reason: 'retry after the last error',
    });
  }

  return {
    workflowId: workflowInfo().workflowId,
    source: input.source,
    hrId: input.hrId,
    stage: plan?.target.stage ?? 'pending',
    ...(plan
      ? { timeZone: plan.timeZone, policyDigest: plan.policyDigest, desired: plan.target }
      : {}),
    record: state.record,
    attributes: plan?.attributes ?? {},
    actual: state.actual,
    pendingTimers,
    ...(state.lastError ? { lastError: state.lastError } : {}),
    recentEvents: state.events,
    converging,
    ...(state.convergedAt ? { convergedAt: state.convergedAt } : {}),
  };
}
