/**
 * Records the histories that the replay test checks, by running a whole lifecycle (hire, future
 * role change, leave, return, termination, rehire) on the time-skipping server. Run it again only
 * when a deliberate, patched change to the workflow makes new histories worth keeping:
 *
 *   npx tsc -p tsconfig.json --outDir .data/record
 *   node .data/record/test/support/record-histories.js .data/test/workflow-bundle.js
 *
 * (the bundle is the one the last `npm test` built from the current workflow code).
 *
 * The old fixtures stay: every history ever recorded must still replay.
 */
/* eslint-disable no-console -- a maintainer's command-line tool */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { temporal } from '@temporalio/proto';

import { projectRoot } from '../../scripts/temporal-dev-server';
import { personWorkflowId } from '../../workflows/definitions';
import { genericEvent, startTimeSkippingStack } from './time-skipping';

async function main(): Promise<void> {
  const [bundlePath] = process.argv.slice(2);
  if (bundlePath) process.env.TENURE_TEST_WORKFLOW_BUNDLE = bundlePath;
  const ts = await startTimeSkippingStack();
  const person = {
    firstName: 'Rae',
    lastName: 'Recorder',
    email: 'rae.recorder@example.test',
    department: 'Engineering',
    employmentType: 'Full-Time',
    location: 'Berlin',
  };
  const now = await ts.now();

  await ts.deliver(genericEvent('hire', 'E9001', now, { effectiveDate: now.slice(0, 10) }, person));
  await ts.deliver(
    genericEvent(
      'update',
      'E9001',
      await ts.now(),
      { effectiveDate: '2027-02-01' },
      { department: 'Finance' },
    ),
  );
  await ts.advanceTo('2027-02-02T12:00:00.000Z');
  await ts.convergedStatus('generic', 'E9001', '2027-01-31T22:00:00.000Z');
  await ts.deliver(
    genericEvent('leave_start', 'E9001', await ts.now(), { effectiveDate: '2027-03-01' }),
  );
  await ts.advanceTo('2027-03-10T12:00:00.000Z');
  await ts.deliver(
    genericEvent('leave_end', 'E9001', await ts.now(), { effectiveDate: '2027-03-10' }),
  );
  await ts.deliver(
    genericEvent('terminate', 'E9001', await ts.now(), { effectiveDate: '2027-03-31' }),
  );
  await ts.advanceTo('2027-04-02T12:00:00.000Z');
  await ts.convergedStatus('generic', 'E9001', '2027-03-31T15:00:00.000Z');
  await ts.deliver(
    genericEvent('hire', 'E9001', await ts.now(), { effectiveDate: '2027-05-03' }, person),
  );
  await ts.advanceTo('2027-05-04T12:00:00.000Z');
  await ts.convergedStatus('generic', 'E9001', '2027-05-03T00:00:00.000Z');

  const history = await ts.client.workflow
    .getHandle(personWorkflowId('generic', 'E9001'))
    .fetchHistory();
  const file = resolve(projectRoot(), 'test', 'fixtures', 'histories', 'lifecycle-e9001.json');
  // protobufjs's own JSON form (enum names, string longs, base64 bytes); `fromObject` reads it back.
  writeFileSync(
    file,
    JSON.stringify(temporal.api.history.v1.History.fromObject(history).toJSON(), null, 1),
  );
  console.log(`wrote ${history.events?.length ?? 0} events to ${file}`);
  await ts.teardown();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
