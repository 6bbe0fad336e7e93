/** Fixtures shared by the Personio reader and webhook tests: one obviously fake person and helpers. */
import { HrReadError } from '../../activities/hr/port';
import { localDateOf } from '../../domain/instants';
import { type PersonioEmployment, type PersonioPerson } from '../../emulators/personio';

export const CLIENT_ID = 'papi-client-4242';
export const CLIENT_SECRET = 'test-personio-client-secret';
export const WEBHOOK_TOKEN = 'test-personio-webhook-token';
export const DAY_MS = 86_400_000;

/** The fixture's one obviously fake person, who started two days ago; each test varies the id. */
export function person(id: string, employment: Partial<PersonioEmployment> = {}): PersonioPerson {
  return {
    id,
    first_name: 'Pia',
    last_name: 'Fixture',
    preferred_name: 'Pi',
    email: `pia.fixture.${id}@example.test`,
    employments: [
      {
        id: `emp-${id}`,
        status: 'ACTIVE',
        start_date: localDateOf(Date.now() - 2 * DAY_MS, 'America/New_York'),
        position: { title: 'Software Engineer' },
        org_units: [
          { id: '11', type: 'team', name: 'Platform' },
          { id: '12', type: 'department', name: 'Engineering' },
        ],
        office: { id: '21', name: 'New York' },
        supervisor: { id: '7000' },
        termination: { last_working_date: null, termination_date: null, type: null },
        ...employment,
      },
    ],
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
