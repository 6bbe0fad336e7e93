/**
 * Personal data reaches Temporal encrypted: the history holds ciphertext, the status route still
 * answers in clear, and the codec endpoint lets the Web UI decode for operators.
 */
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

import { localDateOf } from '../../domain/instants';
import { personWorkflowId } from '../../workflows/definitions';
import { eventually, startStack, type Stack } from '../support/stack';

describe('payload encryption', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('stores the HR event encrypted in history and still answers the status in clear', async () => {
    const email = 'pat.private@example.test';
    await stack.sendGeneric({
      eventId: 'evt-e6001',
      type: 'hire',
      occurredAt: new Date().toISOString(),
      effectiveDate: localDateOf(Date.now(), 'America/New_York'),
      employee: {
        hrId: 'E6001',
        firstName: 'Pat',
        lastName: 'Private',
        email,
        department: 'Finance',
      },
    });
    const status = await eventually(
      async () =>
        (await stack.status('generic', 'E6001')).json() as Promise<{
          stage?: string;
          attributes?: { email?: string };
        }>,
      (s) => s.stage === 'active',
    );

    const connection = await Connection.connect({
      address: process.env.TENURE_TEST_TEMPORAL_ADDRESS!,
    });
    const plain = new Client({ connection });
    const history = await plain.workflow
      .getHandle(personWorkflowId('generic', 'E6001'))
      .fetchHistory();
    await connection.close();
    const raw = JSON.stringify(temporal.api.history.v1.History.fromObject(history).toJSON());
    const signal = history.events?.find((e) => e.workflowExecutionSignaledEventAttributes);
    const payload = signal?.workflowExecutionSignaledEventAttributes?.input?.payloads?.[0];
    expect(status.attributes?.email).toBe(email);
    expect(Buffer.from(payload?.metadata?.encoding ?? []).toString()).toBe('binary/encrypted');
    expect(raw).not.toContain(email);
    expect(raw).not.toContain(Buffer.from(email).toString('base64').slice(0, 16));
  });
});
