import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, DefaultRequestExecutor, type OktaApiError } from '@okta/okta-sdk-nodejs';

import { startOktaEmulator, type OktaEmulator } from '../../emulators/okta';

const TOKEN = 'okta-emulator-test-token';

interface AdminState {
  users: { total: number; byStatus: Record<string, number> };
  groups: { total: number };
  sessionsRevoked: Record<string, number>;
  oauthTokensRevoked: Record<string, number>;
  requests: {
    byRoute: Record<string, number>;
    recent: {
      requestId: string;
      status: number;
      authScheme: string | null;
      retryFor: string | null;
      retryCount: number | null;
    }[];
  };
  provisioning: { sent: number; failed: number; pending: number };
}

interface ScimPush {
  externalId: string;
  userName: string;
  givenName: string;
  familyName: string;
  displayName: string;
  email: string;
  active: boolean;
}

function sdkClient(orgUrl: string, options: { token?: string; maxRetries?: number } = {}): Client {
  return new Client({
    orgUrl,
    token: options.token ?? TOKEN,
    cacheMiddleware: null,
    requestExecutor:
      options.maxRetries === undefined
        ? new DefaultRequestExecutor()
        : new DefaultRequestExecutor({ maxRetries: options.maxRetries, requestTimeout: 0 }),
  });
}

/** The fixture person, varied per test through `tag`. */
function person(tag: string, extra: Record<string, string> = {}) {
  return {
    firstName: 'Ada',
    lastName: `Tester-${tag}`,
    login: `ada.tester.${tag}@example.test`,
    email: `ada.tester.${tag}@example.test`,
    ...extra,
  };
}

const PASSWORD = { password: { value: 'Correct-Horse-Battery-9' } };
const ALREADY_EXISTS = 'An object with this field already exists in the current organization';

const idOf = (resource: { id?: string } | undefined): string => resource?.id as string;

async function oktaError(call: Promise<unknown>): Promise<OktaApiError> {
  try {
    await call;
  } catch (error) {
    return error as OktaApiError;
  }
  throw new Error('expected the Okta call to fail');
}

async function collect<T>(collection: AsyncIterable<T | null>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of collection) if (item !== null) items.push(item);

  return items;
}

async function adminState(emulator: OktaEmulator): Promise<AdminState> {
  const response = await fetch(`${emulator.url}/__admin/state`);

  return (await response.json()) as AdminState;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(ready: () => boolean | Promise<boolean>, timeoutMs = 4000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await pause(20);
  }
}

describe('Okta emulator driven by the real Okta SDK', () => {
  let emulator: OktaEmulator;
  let okta: Client;

  beforeAll(async () => {
    emulator = await startOktaEmulator({
      apiToken: TOKEN,
      customProfileAttributes: ['hrWorkerId'],
      seedGroups: ['Tenure Engineering'],
    });
    okta = sdkClient(emulator.url, { maxRetries: 0 });
  });

  beforeEach(() => emulator.reset());

  afterAll(async () => {
    await emulator.close();
  });

  const createStaged = (tag: string) =>
    okta.userApi.createUser({ body: { profile: person(tag) }, activate: false });
  const createActive = (tag: string) =>
    okta.userApi.createUser({ body: { profile: person(tag), credentials: PASSWORD } });

  describe('users', () => {
    it('serves a real SDK client over plain http and sees the SSWS scheme', async () => {
      const created = await createStaged('o1');

      const fetched = await okta.userApi.getUser({ userId: idOf(created) });

      expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(fetched.id).toBe(created.id);
      const { recent } = (await adminState(emulator)).requests;
      expect(recent.map((entry) => entry.authScheme)).toEqual(['SSWS', 'SSWS']);
    });

    it('creates a STAGED user with the OKTA provider and an absolute self link', async () => {
      const user = await createStaged('o2');

      expect(user.status).toBe('STAGED');
      expect(user.activated).toBeNull();
      expect(user.id).toMatch(/^00u[0-9A-Za-z]{17}$/);
      expect(user.credentials?.provider).toEqual({ type: 'OKTA', name: 'OKTA' });
      expect(user._links?.self?.href).toBe(`${emulator.url}/api/v1/users/${user.id}`);
      expect(Object.keys(user._links ?? {})).toEqual(
        expect.arrayContaining(['activate', 'schema', 'type']),
      );
    });

    it('creates PROVISIONED without a password, ACTIVE with one or with a provider', async () => {
      const provisioned = await okta.userApi.createUser({ body: { profile: person('o3a') } });
      const active = await createActive('o3b');
      const federated = await okta.userApi.createUser({
        body: { profile: person('o3c') },
        provider: true,
      });

      expect(provisioned.status).toBe('PROVISIONED');
      expect(provisioned.activated).not.toBeNull();
      expect(active.status).toBe('ACTIVE');
      expect(federated.status).toBe('ACTIVE');
    });

    it('refuses a duplicate login differing only in case with E0000001', async () => {
      await createStaged('o4');

      const error = await oktaError(
        okta.userApi.createUser({
          body: { profile: person('o4', { login: 'ADA.Tester.O4@example.test' }) },
        }),
      );

      expect(error.status).toBe(400);
      expect(error.errorCode).toBe('E0000001');
      expect(error.errorSummary).toBe('Api validation failed: login');
      expect(error.errorCauses).toEqual([{ errorSummary: `login: ${ALREADY_EXISTS}` }]);
    });

    it('names each blank required field in its own E0000001 cause', async () => {
      const { firstName, lastName } = person('o5');

      const error = await oktaError(
        okta.userApi.createUser({ body: { profile: { firstName, lastName } } }),
      );

      expect(error.errorCode).toBe('E0000001');
      expect(error.errorCauses?.map((cause) => cause.errorSummary)).toEqual([
        'login: The field cannot be left blank',
        'email: The field cannot be left blank',
      ]);
    });

    it('refuses an undeclared profile attribute but keeps a configured custom one', async () => {
      const refused = await oktaError(
        okta.userApi.createUser({ body: { profile: person('c1', { shoeSize: '42' }) } }),
      );
      const accepted = await okta.userApi.createUser({
        body: { profile: person('c2', { hrWorkerId: 'W-0042' }) },
        activate: false,
      });

      expect(refused.errorCode).toBe('E0000001');
      expect(refused.errorCauses?.[0]?.errorSummary).toBe(
        "shoeSize: Property name 'shoeSize' is not defined in profile",
      );
      expect(accepted.profile?.hrWorkerId).toBe('W-0042');
    });

    it('refuses nextLogin unactivated (E0000125) or without a password (E0000124)', async () => {
      const notActivated = await oktaError(
        okta.userApi.createUser({
          body: { profile: person('o6a'), credentials: PASSWORD },
          activate: false,
          nextLogin: 'changePassword',
        }),
      );
      const noPassword = await oktaError(
        okta.userApi.createUser({ body: { profile: person('o6b') }, nextLogin: 'changePassword' }),
      );
      const expired = await okta.userApi.createUser({
        body: { profile: person('o6c'), credentials: PASSWORD },
        nextLogin: 'changePassword',
      });

      expect(notActivated.errorCode).toBe('E0000125');
      expect(noPassword.errorCode).toBe('E0000124');
      expect(expired.status).toBe('PASSWORD_EXPIRED');
    });

    it('finds a user by encoded login or shortname, else answers 404 E0000007', async () => {
      const created = await okta.userApi.createUser({
        body: { profile: person('o7', { login: 'ada+o7@example.test' }) },
        activate: false,
      });

      const byLogin = await okta.userApi.getUser({ userId: 'ada+o7@example.test' });
      const byShortName = await okta.userApi.getUser({ userId: 'ada+o7' });
      const missing = await oktaError(okta.userApi.getUser({ userId: '00uNoSuchUser0000000' }));

      expect(byLogin.id).toBe(created.id);
      expect(byShortName.id).toBe(created.id);
      expect(missing.status).toBe(404);
      expect(missing.errorSummary).toBe(
        'Not found: Resource not found: 00uNoSuchUser0000000 (User)',
      );
    });
  });

  describe('listing users', () => {
    it('searches case-insensitively with and/or and includes DEPROVISIONED users', async () => {
      const kept = await createActive('o8a');
      const employeeNumber = 'E-1001';
      await okta.userApi.updateUser({ userId: idOf(kept), user: { profile: { employeeNumber } } });
      const gone = await okta.userApi.createUser({
        body: { profile: person('o8b', { employeeNumber }), credentials: PASSWORD },
      });
      await okta.userApi.deactivateUser({ userId: idOf(gone) });
      await createActive('o8c');

      const both = await collect(
        await okta.userApi.listUsers({ search: 'profile.employeeNumber eq "e-1001"' }),
      );
      const activeOnly = await collect(
        await okta.userApi.listUsers({
          search: 'profile.employeeNumber eq "E-1001" and status eq "active"',
        }),
      );
      const either = await collect(
        await okta.userApi.listUsers({
          search: 'profile.lastName eq "tester-o8a" or profile.lastName eq "Tester-o8c"',
        }),
      );

      expect(both.map((user) => user.id).sort()).toEqual([kept.id, gone.id].sort());
      expect(activeOnly.map((user) => user.id)).toEqual([kept.id]);
      expect(either).toHaveLength(2);
    });

    it('omits DEPROVISIONED users from a plain list; a status filter finds them', async () => {
      await createActive('o9a');
      const gone = await createActive('o9b');
      await okta.userApi.deactivateUser({ userId: idOf(gone) });

      const plain = await collect(await okta.userApi.listUsers({}));
      const filtered = await collect(
        await okta.userApi.listUsers({ filter: 'status eq "DEPROVISIONED"' }),
      );

      expect(plain.map((user) => user.profile?.lastName)).toEqual(['Tester-o9a']);
      expect(filtered.map((user) => user.id)).toEqual([gone.id]);
    });

    it('refuses a filter on an unsupported property with 400 E0000031', async () => {
      const error = await oktaError(
        collect(await okta.userApi.listUsers({ filter: 'profile.employeeNumber eq "123"' })),
      );

      expect(error.status).toBe(400);
      expect(error.errorCode).toBe('E0000031');
      expect(error.errorSummary).toBe('Invalid search criteria.');
    });

    it('pages with an absolute next link and stops on the last page', async () => {
      for (const tag of ['o11a', 'o11b', 'o11c']) await createStaged(tag);
      const before = (await adminState(emulator)).requests.byRoute['GET /api/v1/users'] ?? 0;

      const all = await collect(await okta.userApi.listUsers({ limit: 2 }));
      const after = (await adminState(emulator)).requests.byRoute['GET /api/v1/users'] ?? 0;
      const firstPage = await okta.http.http(`${emulator.url}/api/v1/users?limit=2`);
      const next = /<([^>]+)>; rel="next"/.exec(firstPage.headers.get('link') ?? '')?.[1];
      const lastPage = await okta.http.http(next as string);

      expect(all).toHaveLength(3);
      expect(after - before).toBe(2);
      expect(next).toMatch(new RegExp(`^${emulator.url}/api/v1/users\\?after=00u\\w+&limit=2$`));
      expect((await firstPage.json()) as unknown[]).toHaveLength(2);
      expect((await lastPage.json()) as unknown[]).toHaveLength(1);
      expect(lastPage.headers.get('link')).toContain('rel="self"');
      expect(lastPage.headers.get('link')).not.toContain('rel="next"');
    });

    it('decodes + as a space in hand-written queries and matches q as a prefix', async () => {
      await createStaged('q1');
      const gone = await createStaged('q2');
      await okta.userApi.deactivateUser({ userId: idOf(gone) });

      const plus = await okta.http.http(
        `${emulator.url}/api/v1/users?search=profile.lastName+eq+%22Tester-q1%22`,
      );
      const prefix = await collect(await okta.userApi.listUsers({ q: 'tester-q' }));

      expect(((await plus.json()) as unknown[]).length).toBe(1);
      expect(prefix.map((user) => user.profile?.lastName)).toEqual(['Tester-q1']);
    });
  });

  describe('lifecycle', () => {
    it('activates a STAGED user, returning a token only when sendEmail is false', async () => {
      const quiet = await createStaged('o12a');
      const emailed = await createStaged('o12b');

      const token = await okta.userApi.activateUser({ userId: idOf(quiet), sendEmail: false });
      const noToken = await okta.userApi.activateUser({ userId: idOf(emailed) });

      expect(token.activationToken).toMatch(/^\w{20}$/);
      expect(token.activationUrl).toBe(`${emulator.url}/tokens/${token.activationToken}/verify`);
      expect(noToken.activationToken).toBeUndefined();
      const activated = await okta.userApi.getUser({ userId: idOf(quiet) });
      expect(activated.status).toBe('PROVISIONED');
      expect(activated.activated).not.toBeNull();
    });

    it('refuses to activate an ACTIVE user with 403 E0000016', async () => {
      const user = await createActive('o12c');

      const error = await oktaError(okta.userApi.activateUser({ userId: idOf(user) }));

      expect(error.status).toBe(403);
      expect(error.errorCode).toBe('E0000016');
    });

    it('refuses to suspend a STAGED user with E0000001', async () => {
      const user = await createStaged('o13a');

      const error = await oktaError(okta.userApi.suspendUser({ userId: idOf(user) }));

      expect(error.status).toBe(400);
      expect(error.errorCode).toBe('E0000001');
    });

    it('suspends an ACTIVE user and unsuspends it, refusing a second unsuspend', async () => {
      const user = await createActive('o13b');
      const userId = idOf(user);

      await okta.userApi.suspendUser({ userId });
      const suspended = await okta.userApi.getUser({ userId });
      await okta.userApi.unsuspendUser({ userId });
      const again = await oktaError(okta.userApi.unsuspendUser({ userId }));

      expect(suspended.status).toBe('SUSPENDED');
      expect(Object.keys(suspended._links ?? {})).toContain('unsuspend');
      expect((await okta.userApi.getUser({ userId })).status).toBe('ACTIVE');
      expect(again.status).toBe(400);
      expect(again.errorCode).toBe('E0000001');
    });

    it('reactivates a PROVISIONED user but refuses a STAGED one with 403 E0000038', async () => {
      const provisioned = await okta.userApi.createUser({ body: { profile: person('o13c') } });
      const staged = await createStaged('o13d');

      const token = await okta.userApi.reactivateUser({
        userId: idOf(provisioned),
        sendEmail: false,
      });
      const error = await oktaError(okta.userApi.reactivateUser({ userId: idOf(staged) }));

      expect(token.activationToken).toBeDefined();
      expect(error.status).toBe(403);
      expect(error.errorCode).toBe('E0000038');
    });

    it('deactivates an ACTIVE user and answers a second try with 404 E0000007', async () => {
      const user = await createActive('o14');
      const userId = idOf(user);

      const result = await okta.userApi.deactivateUser({ userId });
      const second = await oktaError(okta.userApi.deactivateUser({ userId }));

      expect(result).toBeUndefined();
      const after = await okta.userApi.getUser({ userId });
      expect(after.status).toBe('DEPROVISIONED');
      expect(after.statusChanged?.getTime()).toBeGreaterThan(user.statusChanged?.getTime() ?? 0);
      expect(second.status).toBe(404);
      expect(second.errorCode).toBe('E0000007');
    });

    it('deletes in two steps: the first DELETE deactivates, the second removes', async () => {
      const user = await createActive('o15');
      const userId = idOf(user);

      await okta.userApi.deleteUser({ userId });
      const deactivated = await okta.userApi.getUser({ userId });
      await okta.userApi.deleteUser({ userId });
      const gone = await oktaError(okta.userApi.getUser({ userId }));

      expect(deactivated.status).toBe('DEPROVISIONED');
      expect(gone.status).toBe(404);
      expect(gone.errorCode).toBe('E0000007');
    });

    it('expires a password and returns the user as PASSWORD_EXPIRED', async () => {
      const user = await createActive('o16');

      const expired = await okta.userApi.expirePassword({ userId: idOf(user) });

      expect(expired.id).toBe(user.id);
      expect(expired.status).toBe('PASSWORD_EXPIRED');
    });

    it('unlocks a LOCKED_OUT user but refuses an ACTIVE one with 403 E0000032', async () => {
      const locked = await createActive('o17a');
      const active = await createActive('o17b');
      await fetch(`${emulator.url}/__admin/users/${locked.id}/status`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ status: 'LOCKED_OUT' }),
      });

      await okta.userApi.unlockUser({ userId: idOf(locked) });
      const refused = await oktaError(okta.userApi.unlockUser({ userId: idOf(active) }));

      expect((await okta.userApi.getUser({ userId: idOf(locked) })).status).toBe('ACTIVE');
      expect(refused.status).toBe(403);
      expect(refused.errorCode).toBe('E0000032');
      expect(refused.errorCauses).toEqual([{ errorSummary: 'The user is not locked out.' }]);
    });

    it('revokes sessions with 204 and counts the revocation in the admin state', async () => {
      const user = await createActive('o18');

      await okta.userApi.revokeUserSessions({ userId: idOf(user), oauthTokens: true });

      const state = await adminState(emulator);
      expect(state.sessionsRevoked[idOf(user)]).toBe(1);
      expect(state.oauthTokensRevoked[idOf(user)]).toBe(1);
    });
  });

  describe('profile updates', () => {
    it('merges a partial update and bumps lastUpdated', async () => {
      const user = await createActive('o19a');

      const updated = await okta.userApi.updateUser({
        userId: idOf(user),
        user: { profile: { title: 'Staff Engineer' } },
      });

      expect(updated.profile?.title).toBe('Staff Engineer');
      expect(updated.profile?.lastName).toBe('Tester-o19a');
      expect(updated.lastUpdated?.getTime()).toBeGreaterThan(user.lastUpdated?.getTime() ?? 0);
    });

    it('drops omitted profile keys on a full replace', async () => {
      const user = await okta.userApi.createUser({
        body: { profile: person('o19b', { title: 'Analyst' }) },
        activate: false,
      });

      const replaced = await okta.userApi.replaceUser({
        userId: idOf(user),
        user: { profile: person('o19b', { nickName: 'Ada' }) },
      });

      expect(replaced.profile?.title).toBeUndefined();
      expect(replaced.profile?.nickName).toBe('Ada');
    });

    it('refuses to update a DEPROVISIONED user with 404 E0000007', async () => {
      const user = await createActive('o19c');
      await okta.userApi.deactivateUser({ userId: idOf(user) });

      const error = await oktaError(
        okta.userApi.updateUser({ userId: idOf(user), user: { profile: { title: 'Gone' } } }),
      );

      expect(error.status).toBe(404);
      expect(error.errorCode).toBe('E0000007');
    });
  });

  describe('groups', () => {
    it('creates an OKTA_GROUP, finds it by name search and refuses a duplicate name', async () => {
      const group = await okta.groupApi.createGroup({
        group: { profile: { name: 'Eng Platform', description: 'Platform engineers' } },
      });

      const found = await collect(
        await okta.groupApi.listGroups({ search: 'profile.name eq "Eng Platform"' }),
      );
      const duplicate = await oktaError(
        okta.groupApi.createGroup({ group: { profile: { name: 'eng platform' } } }),
      );
      const seeded = await collect(await okta.groupApi.listGroups({ q: 'Tenure' }));

      expect(group.id).toMatch(/^00g[0-9A-Za-z]{17}$/);
      expect(group.type).toBe('OKTA_GROUP');
      expect(group.objectClass).toEqual(['okta:user_group']);
      expect(found.map((item) => item.id)).toEqual([group.id]);
      expect(duplicate.errorCode).toBe('E0000001');
      expect(duplicate.errorCauses?.[0]?.errorSummary).toMatch(/^name: /);
      expect(seeded.map((item) => item.profile?.name)).toEqual(['Tenure Engineering']);
    });

    it('adds and removes a member idempotently, with Everyone always listed', async () => {
      const user = await createActive('o20');
      const group = await okta.groupApi.createGroup({ group: { profile: { name: 'Eng Oncall' } } });
      const ids = { groupId: idOf(group), userId: idOf(user) };

      await okta.groupApi.assignUserToGroup(ids);
      await okta.groupApi.assignUserToGroup(ids);
      const joined = await collect(await okta.userApi.listUserGroups({ userId: ids.userId }));
      const members = await collect(await okta.groupApi.listGroupUsers({ groupId: ids.groupId }));
      await okta.groupApi.unassignUserFromGroup(ids);
      const left = await collect(await okta.userApi.listUserGroups({ userId: ids.userId }));

      expect(joined.map((item) => [item.profile?.name, item.type])).toEqual([
        ['Everyone', 'BUILT_IN'],
        ['Eng Oncall', 'OKTA_GROUP'],
      ]);
      expect(members.map((item) => item.id)).toEqual([user.id]);
      expect(left.map((item) => item.profile?.name)).toEqual(['Everyone']);
    });

    it('refuses membership changes on the BUILT_IN Everyone group and unknown groups', async () => {
      const user = await createActive('g1');
      const [everyone] = await collect(await okta.groupApi.listGroups({ q: 'Everyone' }));

      const builtIn = await oktaError(
        okta.groupApi.assignUserToGroup({ groupId: idOf(everyone), userId: idOf(user) }),
      );
      const unknown = await oktaError(okta.groupApi.getGroup({ groupId: '00gNoSuchGroup000000' }));

      expect(builtIn.status).toBe(501);
      expect(builtIn.errorCode).toBe('E0000060');
      expect(unknown.status).toBe(404);
      expect(unknown.errorSummary).toBe(
        'Not found: Resource not found: 00gNoSuchGroup000000 (UserGroup)',
      );
    });
  });

  describe('protocol', () => {
    it('rejects a bad SSWS token with 401 E0000011 and no header with 403 E0000005', async () => {
      const intruder = sdkClient(emulator.url, { token: 'not-the-token', maxRetries: 0 });

      const bad = await oktaError(intruder.userApi.getUser({ userId: 'ada.tester@example.test' }));
      const missing = await fetch(`${emulator.url}/api/v1/users`);

      expect(bad.status).toBe(401);
      expect(bad.errorCode).toBe('E0000011');
      expect(bad.errorSummary).toBe('Invalid token provided');
      expect(missing.status).toBe(403);
      expect(((await missing.json()) as { errorCode: string }).errorCode).toBe('E0000005');
    });

    it('sends JSON type, request id, rate-limit headers and full error bodies', async () => {
      const user = await createStaged('o24');

      const ok = await okta.http.http(`${emulator.url}/api/v1/users/${user.id}`);
      const error = await oktaError(okta.userApi.getUser({ userId: 'nobody' }));

      for (const headers of [ok.headers, error.headers]) {
        expect(headers.get('content-type')).toBe('application/json');
        expect(headers.get('x-okta-request-id')).toMatch(/^[0-9a-f]{32}$/);
        expect(headers.get('x-rate-limit-limit')).toBe('600');
        expect(Number(headers.get('x-rate-limit-reset')) % 60).toBe(0);
        expect(headers.get('date')).not.toBeNull();
      }
      expect(error.errorLink).toBe(error.errorCode);
      expect(error.errorId).toMatch(/^oae\w{22}$/);
      expect(error.errorCauses).toEqual([]);
    });

    it('collapses the double slash an orgUrl with a trailing slash produces', async () => {
      const user = await createStaged('slash');
      const slashed = sdkClient(`${emulator.url}/`, { maxRetries: 0 });

      const fetched = await slashed.userApi.getUser({ userId: idOf(user) });

      expect(fetched.id).toBe(user.id);
    });

    it('answers a forced 429 with E0000047, Remaining 0 and an epoch-second Reset', async () => {
      emulator.setFaults({ rateLimitBurst: 1 });

      const error = await oktaError(okta.userApi.getUser({ userId: 'anyone' }));

      expect(error.status).toBe(429);
      expect(error.errorCode).toBe('E0000047');
      expect(error.errorSummary).toBe('API call exceeded rate limit due to too many requests.');
      expect(error.headers.get('x-rate-limit-remaining')).toBe('0');
      expect(error.headers.get('x-rate-limit-limit')).toBe('600');
      const reset = Number(error.headers.get('x-rate-limit-reset'));
      expect(Math.abs(reset - Date.now() / 1000)).toBeLessThan(5);
      expect(error.headers.get('date')).not.toBeNull();
      expect(error.headers.get('x-okta-request-id')).toMatch(/^[0-9a-f]{32}$/);
    });

    it('lets the default SDK retry a 429 twice with retry headers, then settle', async () => {
      const user = await createStaged('o23');
      const patient = sdkClient(emulator.url);
      emulator.setFaults({ rateLimitBurst: 3 });

      const exhaustedAt = Date.now();
      const exhausted = await oktaError(patient.userApi.getUser({ userId: idOf(user) }));
      const exhaustedMs = Date.now() - exhaustedAt;
      const attempts = (await adminState(emulator)).requests.recent.slice(-3);
      emulator.setFaults({ rateLimitBurst: 1 });
      const recoveredAt = Date.now();
      const recovered = await patient.userApi.getUser({ userId: idOf(user) });
      const recoveredMs = Date.now() - recoveredAt;

      expect(exhausted.status).toBe(429);
      expect(exhaustedMs).toBeGreaterThanOrEqual(1500);
      expect(attempts.map((attempt) => attempt.status)).toEqual([429, 429, 429]);
      expect(attempts.map((attempt) => attempt.retryCount)).toEqual([null, 1, 2]);
      expect(attempts.map((attempt) => attempt.retryFor)).toEqual([
        null,
        attempts[0]?.requestId,
        attempts[0]?.requestId,
      ]);
      expect(recovered.id).toBe(user.id);
      expect(recoveredMs).toBeGreaterThanOrEqual(700);
    });

    it('spends a real per-family budget and resets it at the next minute', async () => {
      const msLeftInMinute = 60_000 - (Date.now() % 60_000);
      if (msLeftInMinute < 2000) await pause(msLeftInMinute);
      const tight = await startOktaEmulator({ apiToken: TOKEN, rateLimitPerMinute: 2 });
      const client = sdkClient(tight.url, { maxRetries: 0 });

      try {
        await collect(await client.groupApi.listGroups({}));
        await collect(await client.groupApi.listGroups({}));
        const spent = await oktaError(collect(await client.groupApi.listGroups({})));
        const otherFamily = await oktaError(client.userApi.getUser({ userId: 'nobody' }));

        expect(spent.status).toBe(429);
        expect(spent.headers.get('x-rate-limit-remaining')).toBe('0');
        expect(Number(spent.headers.get('x-rate-limit-reset')) % 60).toBe(0);
        expect(Number(spent.headers.get('x-rate-limit-reset')) * 1000).toBeGreaterThan(Date.now());
        expect(otherFamily.status).toBe(404);
      } finally {
        await tight.close();
      }
    });
  });

  describe('faults and admin', () => {
    it('answers 500 E0000009 while the admin endpoint sets errorRate to 1', async () => {
      await fetch(`${emulator.url}/__admin/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ errorRate: 1 }),
      });

      const error = await oktaError(okta.userApi.getUser({ userId: 'anyone' }));

      expect(error.status).toBe(500);
      expect(error.errorCode).toBe('E0000009');
    });

    it('drops the connection without an answer while dropRate is 1', async () => {
      emulator.setFaults({ dropRate: 1 });

      const error = await oktaError(okta.userApi.getUser({ userId: 'anyone' }));

      expect(error.status).toBeUndefined();
      expect(String(error)).toMatch(/socket hang up|ECONNRESET/);
    });

    it('delays every answer by latencyMs', async () => {
      const user = await createStaged('latency');
      emulator.setFaults({ latencyMs: 150 });

      const startedAt = Date.now();
      await okta.userApi.getUser({ userId: idOf(user) });

      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140);
    });

    it('refuses an unknown fault and resets the org through the admin endpoint', async () => {
      await createStaged('reset');

      const refused = await fetch(`${emulator.url}/__admin/faults`, {
        method: 'POST',
        body: JSON.stringify({ meteorRate: 1 }),
      });
      const reset = await fetch(`${emulator.url}/__admin/reset`, { method: 'POST' });
      const state = await adminState(emulator);

      expect(refused.status).toBe(400);
      expect(reset.status).toBe(204);
      expect(state.users.total).toBe(0);
      expect(state.groups.total).toBe(2);
    });
  });
});

describe('Okta emulator provisioning push (SCIM lag model)', () => {
  const received: ScimPush[] = [];
  let receiver: http.Server;
  let emulator: OktaEmulator;
  let okta: Client;

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ScimPush);
        res.writeHead(201).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    emulator = await startOktaEmulator({
      apiToken: TOKEN,
      provisioning: { pushUrl: `http://127.0.0.1:${port}/scim/v2/Users`, delayMs: 150 },
    });
    okta = sdkClient(emulator.url, { maxRetries: 0 });
  });

  afterAll(async () => {
    await emulator.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('pushes activation, mirrored profile changes and suspension after the delay', async () => {
    await okta.userApi.createUser({ body: { profile: person('p0') }, activate: false });
    const user = await okta.userApi.createUser({
      body: { profile: person('p1'), credentials: PASSWORD },
    });
    const userId = idOf(user);
    const pushedAtOnce = received.length;

    await okta.userApi.updateUser({ userId, user: { profile: { title: 'Not mirrored' } } });
    await okta.userApi.updateUser({ userId, user: { profile: { lastName: 'Tester-p1-renamed' } } });
    await okta.userApi.suspendUser({ userId });
    await okta.userApi.unsuspendUser({ userId });
    await okta.userApi.deactivateUser({ userId });
    await waitFor(() => received.length >= 5);

    expect(pushedAtOnce).toBe(0);
    expect(received[0]).toEqual({
      externalId: userId,
      userName: 'ada.tester.p1@example.test',
      givenName: 'Ada',
      familyName: 'Tester-p1',
      displayName: 'Ada Tester-p1',
      email: 'ada.tester.p1@example.test',
      active: true,
    });
    expect(received.map((push) => [push.familyName, push.active])).toEqual([
      ['Tester-p1', true],
      ['Tester-p1-renamed', true],
      ['Tester-p1-renamed', false],
      ['Tester-p1-renamed', true],
      ['Tester-p1-renamed', false],
    ]);
    expect(new Set(received.map((push) => push.externalId))).toEqual(new Set([userId]));
  });

  it('keeps answering Okta calls when the provisioning target is down', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const orphan = await startOktaEmulator({
      apiToken: TOKEN,
      provisioning: { pushUrl: `http://127.0.0.1:${port}/scim/v2/Users`, delayMs: 0 },
    });
    const client = sdkClient(orphan.url, { maxRetries: 0 });

    try {
      const user = await client.userApi.createUser({
        body: { profile: person('p2'), credentials: PASSWORD },
      });
      const fetched = await client.userApi.getUser({ userId: idOf(user) });
      await waitFor(async () => (await adminState(orphan)).provisioning.failed === 1);
      const state = await adminState(orphan);

      expect(fetched.status).toBe('ACTIVE');
      expect(state.provisioning).toEqual({ sent: 0, failed: 1, pending: 0 });
    } finally {
      await orphan.close();
    }
  });
});
