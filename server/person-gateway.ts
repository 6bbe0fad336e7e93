/**
 * The server's only way into Temporal: hand an HR event to the person's workflow durably
 * (signal-with-start), read a person's status (query), ask for a reconcile (signal). Temporal
 * errors become `GatewayError`s that routes turn into 404 or 503.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';

import type { DirectoryEvent } from '../domain/directory-event';
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
import {
  DIRECTORY_USER_WORKFLOW_TYPE,
  directoryUserStatus,
  directoryUserWorkflowId,
  recordDirectoryEvent,
  type DirectoryUserInput,
  type DirectoryUserStatus,
} from '../workflows/directory-user-definitions';
import {
  recordVerificationToken,
  VERIFICATION_TOKENS_WORKFLOW_TYPE,
  verificationTokens,
  verificationTokensWorkflowId,
  type VerificationToken,
} from '../workflows/verification-token-definitions';
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
  /**
   * Resolves only once Temporal has durably recorded the event in the person's workflow.
   * `deadlineMs` shortens the gateway's own deadline for a sender that waits less.
   */
  deliver(event: HrEvent, deadlineMs?: number): Promise<string>;
  /** Resolves only once Temporal has durably recorded the event in the directory user's workflow. */
  deliverDirectoryEvent(event: DirectoryEvent, deadlineMs?: number): Promise<string>;
  directoryUserStatus(directory: string, userId: string): Promise<DirectoryUserStatus>;
  /** Resolves once the source's verification-token keeper has durably recorded the token. */
  recordVerificationToken(source: string, entry: VerificationToken): Promise<void>;
  /** The newest verification tokens a source sent, newest first; empty when it sent none. */
  verificationTokens(source: string): Promise<VerificationToken[]>;
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

  async function withDeadline<T>(run: () => Promise<T>, limitMs = deadlineMs): Promise<T> {
    try {
      return await client.withDeadline(Date.now() + Math.min(limitMs, deadlineMs), run);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        throw new GatewayError('person.not_found', 'No lifecycle is known for this person');
      }
      throw new GatewayError('temporal.unavailable', 'Temporal did not accept the request in time');
    }
  }

  return {
    deliver: (event, limitMs) =>
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
      }, limitMs),
    deliverDirectoryEvent: (event, limitMs) =>
      withDeadline(async () => {
        const workflowId = directoryUserWorkflowId(event.directory, event.userId);
        const input: DirectoryUserInput = {
          directory: event.directory,
          userId: event.userId,
          taskQueues,
        };
        await client.workflow.signalWithStart(DIRECTORY_USER_WORKFLOW_TYPE, {
          workflowId,
          taskQueue: taskQueues.people,
          args: [input],
          signal: recordDirectoryEvent,
          signalArgs: [event],
          typedSearchAttributes: [
            { key: HR_ID, value: event.userId },
            { key: HR_SOURCE, value: event.directory },
            { key: STAGE, value: 'pending' },
          ],
        });

        return workflowId;
      }, limitMs),
    directoryUserStatus: (directory, userId) =>
      withDeadline(() =>
        client.workflow
          .getHandle(directoryUserWorkflowId(directory, userId))
          .query(directoryUserStatus),
      ),
    recordVerificationToken: (source, entry) =>
      withDeadline(async () => {
        await client.workflow.signalWithStart(VERIFICATION_TOKENS_WORKFLOW_TYPE, {
          workflowId: verificationTokensWorkflowId(source),
          taskQueue: taskQueues.people,
          args: [{ source }],
          signal: recordVerificationToken,
          signalArgs: [entry],
        });
      }),
    verificationTokens: async (source) => {
      try {
        return await withDeadline(() =>
          client.workflow.getHandle(verificationTokensWorkflowId(source)).query(verificationTokens),
        );
      } catch (error) {
        // No keeper yet means no handshake yet, which is an answer rather than an error.
        if (error instanceof GatewayError && error.code === 'person.not_found') return [];
        throw error;
      }
    },
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
