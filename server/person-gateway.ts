/**
 * The server's only way into Temporal: hand an HR event to the person's workflow durably
 * (signal-with-start), read a person's status (query), ask for a reconcile (signal). Temporal
 * errors become `GatewayError`s that routes turn into 404 or 503.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';

import type { HrEvent } from '../domain/hr-event';
import {
  PERSON_WORKFLOW_TYPE,
  personStatus,
  personWorkflowId,
  reconcile,
  recordHrEvent,
  type PersonInput,
  type PersonStatus,
} from '../workflows/definitions';
import { HR_ID, HR_SOURCE, STAGE } from '../workflows/search-attributes';
import type { TaskQueues } from '../workflows/task-queues';

export class GatewayError extends Error {
  constructor(
    readonly code: 'temporal.unavailable' | 'person.not_found',
    message: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

export interface PersonGateway {
  /** Resolves only once Temporal has durably recorded the event in the person's workflow. */
  deliver(event: HrEvent): Promise<string>;
  status(source: string, hrId: string): Promise<PersonStatus>;
  reconcile(source: string, hrId: string): Promise<void>;
  /** Whether Temporal answers now; throws `GatewayError` when it does not. */
  ready(): Promise<void>;
}

export interface GatewayOptions {
  client: Client;
  taskQueues: TaskQueues;
  /** How long one Temporal call may take before the caller is told to retry (503). */
  deadlineMs?: number;
}

/** Creates the gateway over a Temporal client owned by the caller. */
export function createPersonGateway(options: GatewayOptions): PersonGateway {
  const { client, taskQueues } = options;
  const deadlineMs = options.deadlineMs ?? 5_000;

  async function withDeadline<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await client.withDeadline(Date.now() + deadlineMs, run);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        throw new GatewayError('person.not_found', 'No lifecycle is known for this person');
      }
      throw new GatewayError('temporal.unavailable', 'Temporal did not accept the request in time');
    }
  }

  return {
    deliver: (event) =>
      withDeadline(async () => {
        const workflowId = personWorkflowId(event.source, event.hrId);
        const input: PersonInput = { source: event.source, hrId: event.hrId, taskQueues };
        await client.workflow.signalWithStart(PERSON_WORKFLOW_TYPE, {
          workflowId,
          taskQueue: taskQueues.people,
          args: [input],
          signal: recordHrEvent,
          signalArgs: [event],
          typedSearchAttributes: [
            { key: HR_ID, value: event.hrId },
            { key: HR_SOURCE, value: event.source },
            { key: STAGE, value: 'pending' },
          ],
        });

        return workflowId;
      }),
    status: (source, hrId) =>
      withDeadline(() =>
        client.workflow.getHandle(personWorkflowId(source, hrId)).query(personStatus),
      ),
    ready: () =>
      withDeadline(async () => {
        await client.workflowService.getSystemInfo({});
      }),
    reconcile: (source, hrId) =>
      withDeadline(() =>
        client.workflow.getHandle(personWorkflowId(source, hrId)).signal(reconcile),
      ),
  };
}
