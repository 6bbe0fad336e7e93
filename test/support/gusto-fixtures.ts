/** Fixtures shared by the Gusto reader and webhook tests: one obviously fake person and helpers. */
import { HrReadError } from '../../activities/hr/port';
import { localDateOf } from '../../domain/instants';
import type { GustoEmployee } from '../../emulators/gusto';

export const API_TOKEN = 'test-gusto-api-token';
export const VERIFICATION_TOKEN = 'c0ffee00-1111-4222-8333-444455556666';
export const DAY_MS = 86_400_000;
export const MANAGER_UUID = '0fa1e5e0-0000-4000-8000-0000000000ff';

/** A fake employee UUID numbered per test, so that no two tests share a person. */
export const uuidOf = (n: number) => `0fa1e5e0-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The fixture's one obviously fake employee, who started two days ago; each test varies it. */
export function employee(uuid: string, changes: Partial<GustoEmployee> = {}): GustoEmployee {
  const startDate = localDateOf(Date.now() - 2 * DAY_MS, 'America/New_York');
  const suffix = uuid.slice(-4);

  return {
    uuid,
    first_name: 'Gus',
    last_name: 'Fixture',
    preferred_first_name: 'Gussie',
    email: `gus.at.home.${suffix}@example.test`,
    work_email: `gus.fixture.${suffix}@example.test`,
    department: 'Engineering',
    manager_uuid: MANAGER_UUID,
    hired_at: startDate,
    terminated: false,
    current_employment_status: 'full_time',
    jobs: [
      {
        uuid: `job-${suffix}`,
        title: 'Software Engineer',
        hire_date: startDate,
        primary: true,
        location: { city: 'New York', state: 'NY' },
      },
    ],
    terminations: [],
    ...changes,
  };
}

export function reading(act: () => Promise<unknown>): Promise<HrReadError> {
  return act().then(
    () => {
      throw new Error('expected an HrReadError, but the read succeeded');
    },
    (error: unknown) => {
      if (error instanceof HrReadError) return error;
      throw error;
    },
  );
}
