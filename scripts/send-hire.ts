/**
 * `npm run send:hire -- [options]`: signs a hire webhook the way a real sender would and posts it
 * to a running Tenure, then prints the answer. The people are invented; the secrets come from the
 * same configuration the server uses (the public dev secrets in embedded mode).
 *
 *   --source generic|bamboohr   format to send (default generic)
 *   --hr-id E1001               the person's HR id (default E1001)
 *   --start YYYY-MM-DD          start date (default today in New York)
 *   --department Engineering    department (default Engineering)
 *   --type Full-Time            employment type (default Full-Time)
 */
/* eslint-disable no-console -- a command-line entry point */
import { randomUUID } from 'node:crypto';

import { loadConfig } from '../config';
import { localDateOf } from '../domain/instants';
import { signBambooHr, signGeneric } from '../server/adapters/signing';

const OPTIONS = ['source', 'hr-id', 'start', 'department', 'type'];

const USAGE = `Usage: npm run send:hire -- [--source generic|bamboohr] [--hr-id E1001]
       [--start YYYY-MM-DD] [--department Engineering] [--type Full-Time]`;

/** The options given; an unknown flag or a flag without a value stops with the usage. */
function readOptions(argv: string[]): Map<string, string> {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, '') ?? '';
    const value = argv[i + 1];
    if (!argv[i]?.startsWith('--') || !OPTIONS.includes(name) || value === undefined) {
      console.error(
        name === 'help' ? USAGE : `Unknown or incomplete option "${argv[i]}".\n${USAGE}`,
      );
      process.exit(name === 'help' ? 0 : 2);
    }
    given.set(name, value);
  }

  return given;
}

async function main(): Promise<void> {
  const given = readOptions(process.argv.slice(2));
  const option = (name: string, fallback: string) => given.get(name) ?? fallback;
  const config = loadConfig();
  const source = option('source', 'generic');
  if (source !== 'generic' && source !== 'bamboohr') {
    console.error(`--source must be generic or bamboohr.\n${USAGE}`);
    process.exit(2);
  }
  const hrId = option('hr-id', 'E1001');
  const start = option('start', localDateOf(Date.now(), 'America/New_York'));
  const department = option('department', 'Engineering');
  const employmentType = option('type', 'Full-Time');
  const base = `http://${config.http.host}:${config.http.port}`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const email = `new.hire.${hrId.toLowerCase()}@example.test`;

  let body: string;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (source === 'bamboohr') {
    body = JSON.stringify({
      employees: [
        {
          id: hrId,
          action: 'Created',
          timestamp: new Date().toISOString(),
          changedFields: ['First Name', 'Last Name', 'Hire Date'],
          fields: {
            'First Name': { value: 'Nova' },
            'Last Name': { value: 'Example' },
            'Work Email': { value: email },
            Department: { value: department },
            'Job Title': { value: 'Engineer' },
            'Employment Status': { value: employmentType },
            Location: { value: 'New York' },
            'Hire Date': { value: start },
          },
        },
      ],
    });
    headers['x-bamboohr-timestamp'] = timestamp;
    headers['x-bamboohr-signature'] = signBambooHr(
      config.secrets.bamboohr[0] ?? '',
      timestamp,
      body,
    );
  } else {
    body = JSON.stringify({
      eventId: `evt-${randomUUID()}`,
      type: 'hire',
      occurredAt: new Date().toISOString(),
      effectiveDate: start,
      employee: {
        hrId,
        firstName: 'Nova',
        lastName: 'Example',
        email,
        department,
        title: 'Engineer',
        employmentType,
        location: 'New York',
      },
    });
    headers['x-tenure-timestamp'] = timestamp;
    headers['x-tenure-signature'] = signGeneric(config.secrets.generic[0] ?? '', timestamp, body);
  }

  const response = await fetch(`${base}/webhooks/${source}`, {
    method: 'POST',
    headers,
    body,
  }).catch(() => {
    console.error(`Cannot reach Tenure at ${base}: is npm start running?`);
    process.exit(1);
  });
  console.log(`${response.status} ${await response.text()}`);
  console.log(`Status: curl -s ${base}/people/${source}/${hrId}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
