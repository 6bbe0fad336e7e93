/**
 * Determinism guard: every recorded person history (test/fixtures/histories, written by
 * test/support/record-histories.ts) must replay against the current workflow code. A change that
 * would break running workflows fails here, before it reaches a worker.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';

import { installTestRuntime } from '../support/stack';

const FIXTURES = resolve(__dirname, '..', 'fixtures', 'histories');

describe('recorded person histories', () => {
  const files = readdirSync(FIXTURES).filter((name) => name.endsWith('.json'));

  beforeAll(() => {
    installTestRuntime();
  });

  it('has at least one recorded lifecycle to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('replays %s without a determinism error', async (file) => {
    const json: unknown = JSON.parse(readFileSync(resolve(FIXTURES, file), 'utf8'));
    const history = temporal.api.history.v1.History.fromObject(json as Record<string, unknown>);

    await expect(
      Worker.runReplayHistory(
        { workflowBundle: { codePath: process.env.TENURE_TEST_WORKFLOW_BUNDLE! } },
        history,
        `replay-${file}`,
      ),
    ).resolves.toBeUndefined();
    expect(history.events.length).toBeGreaterThan(100);
  });
});
