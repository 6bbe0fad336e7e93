import { emptyRecord, foldEvent } from '../../domain/person-record';
import {
  IntakeConfigError,
  ScimIntakeError,
  createScimAdapter,
  type ScimDelivery,
  type ScimOperation,
} from '../../server/adapters';
import { refusal } from '../support/intake-deliveries';

// One obviously fake person, varied per test.
const PERSON = {
  schemas: [
    'urn:ietf:params:scim:schemas:core:2.0:User',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  ],
  externalId: 'S2001',
  userName: 'scim.fixture@example.test',
  active: true,
  name: { givenName: 'Scim', familyName: 'Fixture' },
  emails: [{ value: 'scim.fixture@example.test', type: 'work', primary: true }],
  title: 'Test Engineer',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
    employeeNumber: '2001',
    costCenter: 'CC-200',
    department: 'Engineering',
    division: 'Platform',
    manager: { value: 'S0001' },
  },
};
const TOKEN = 'scim-test-token-one';
const NOW = new Date('2026-12-04T03:00:00Z');
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const TENURE = 'urn:ietf:params:scim:schemas:extension:tenure:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const adapter = createScimAdapter({ tokens: [TOKEN] });

function delivery(
  operation: ScimOperation,
  body: unknown,
  { resourceId = 'S2001', token = TOKEN, headers = {}, receivedAt = NOW } = {},
): ScimDelivery {
  return {
    operation,
    ...(operation === 'create' ? {} : { resourceId }),
    rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/scim+json',
      ...headers,
    },
    receivedAt,
  };
}

function patch(...operations: unknown[]) {
  return { schemas: [PATCH_OP], Operations: operations };
}

describe('SCIM adapter: creates', () => {
  it('maps an active create to a hire starting today in UTC, with enterprise attributes', () => {
    const write = adapter.parse(delivery('create', PERSON));

    expect(write.hrId).toBe('S2001');
    expect(write.events).toEqual([
      {
        eventId: expect.stringMatching(/^scim:[0-9a-f]{32}:hire$/),
        source: 'scim',
        hrId: 'S2001',
        kind: 'hire',
        occurredAt: '2026-12-04T03:00:00.000Z',
        effectiveDate: '2026-12-04',
        attributes: {
          firstName: 'Scim',
          lastName: 'Fixture',
          email: 'scim.fixture@example.test',
          title: 'Test Engineer',
          employeeNumber: '2001',
          costCenter: 'CC-200',
          department: 'Engineering',
          managerId: 'S0001',
        },
      },
    ]);
  });

  it("starts today in the user's own time zone when the user carries one", () => {
    const body = { ...PERSON, timezone: 'America/Los_Angeles' };

    const [hire] = adapter.parse(delivery('create', body)).events;

    expect(hire?.effectiveDate).toBe('2026-12-03');
    expect(hire?.attributes?.timeZone).toBe('America/Los_Angeles');
  });

  it("starts on Tenure's startDate extension when the client sends one", () => {
    const body = {
      ...PERSON,
      [TENURE]: { startDate: '2027-01-04', contractEndDate: '2027-06-30' },
    };

    const [hire] = adapter.parse(delivery('create', body)).events;

    expect(hire?.effectiveDate).toBe('2027-01-04');
    expect(hire?.attributes?.contractEndDate).toBe('2027-06-30');
  });

  it('records an inactive create as an update that grants nothing', () => {
    const write = adapter.parse(delivery('create', { ...PERSON, active: 'False' }));

    expect(write.events.map((event) => event.kind)).toEqual(['update']);
    expect(write.active).toBe(false);
  });

  it('uses an email-shaped userName as the email when no emails are sent', () => {
    const { emails: _emails, ...withoutEmails } = PERSON;

    const [hire] = adapter.parse(delivery('create', withoutEmails)).events;

    expect(hire?.attributes?.email).toBe('scim.fixture@example.test');
  });

  it('reads attribute names and schema URNs in any letter case', () => {
    const body = {
      Schemas: [CORE.toUpperCase()],
      ExternalId: 'S2002',
      Active: 'TRUE',
      Name: { GivenName: 'Scim', FamilyName: 'Fixture' },
      Emails: [{ Value: 'scim.two@example.test', Type: 'work' }],
      [ENTERPRISE.toUpperCase()]: { Department: 'Finance' },
    };

    const [hire] = adapter.parse(delivery('create', body)).events;

    expect(hire?.hrId).toBe('S2002');
    expect(hire?.attributes).toMatchObject({
      email: 'scim.two@example.test',
      department: 'Finance',
    });
  });

  it.each([
    ['without externalId', { externalId: undefined }, 'externalId'],
    ['with an externalId outside the HR id alphabet', { externalId: '../E1' }, 'externalId'],
    ['with an active value that is not a boolean', { active: 'maybe' }, 'active'],
    ['with a malformed email', { emails: [{ value: 'not-an-email', primary: true }] }, 'emails'],
    ['with an unknown time zone', { timezone: 'Mars/Olympus' }, 'timezone'],
    ['without a family name', { name: { givenName: 'Scim' } }, 'name.familyName'],
    ['with an invisible right-to-left override in the title', { title: 'Lead\u202e' }, 'title'],
  ])('refuses a create %s with a SCIM 400 naming the attribute', (_case, changes, attribute) => {
    const error = refusal(() => adapter.parse(delivery('create', { ...PERSON, ...changes })));

    expect(error).toBeInstanceOf(ScimIntakeError);
    expect([error.status, (error as ScimIntakeError).scimType]).toEqual([400, 'invalidValue']);
    expect(error.message).toContain(attribute);
  });

  it('never echoes a refused value in the message', () => {
    const body = { ...PERSON, emails: [{ value: 'leaky.secret-value', primary: true }] };

    const error = refusal(() => adapter.parse(delivery('create', body)));

    expect(error.message).not.toContain('leaky');
  });

  it('answers a body that is not JSON with invalidSyntax, and a non-JSON type with 415', () => {
    const broken = refusal(() => adapter.parse(delivery('create', '{"externalId":')));
    const typed = refusal(() =>
      adapter.parse(delivery('create', PERSON, { headers: { 'content-type': 'text/plain' } })),
    );

    expect([broken.status, (broken as ScimIntakeError).scimType]).toEqual([400, 'invalidSyntax']);
    expect(typed.status).toBe(415);
  });
});

describe('SCIM adapter: bearer tokens', () => {
  it('accepts the second of two rotated tokens, with any letter case of Bearer', () => {
    const rotating = createScimAdapter({ tokens: ['scim-old-token', 'scim-new-token'] });
    const request = delivery('create', PERSON, {
      headers: { authorization: 'bearer scim-new-token' },
    });

    expect(rotating.parse(request).events).toHaveLength(1);
  });

  it.each([
    ['no Authorization header', { authorization: undefined }],
    ['another scheme', { authorization: `Basic ${TOKEN}` }],
    ['an unknown token', { authorization: 'Bearer scim-test-token-two' }],
    ['a prefix of the token', { authorization: 'Bearer scim-test-token' }],
  ])('refuses %s with 401 before reading the body', (_case, headers) => {
    const error = refusal(() => adapter.parse(delivery('create', 'not even JSON', { headers })));

    expect([error.status, error.code]).toEqual([401, 'intake.bad_token']);
  });

  it('refuses to start without a usable token', () => {
    expect(() => createScimAdapter({ tokens: [] })).toThrow(IntakeConfigError);
    expect(() => createScimAdapter({ tokens: ['  '] })).toThrow(IntakeConfigError);
  });
});

describe('SCIM adapter: PATCH and PUT', () => {
  it("terminates at once on Entra's capitalised Replace of active with the string False", () => {
    const body = patch({ op: 'Replace', path: 'active', value: 'False' });

    const write = adapter.parse(delivery('patch', body));

    expect(write.events).toEqual([
      expect.objectContaining({ kind: 'terminate', immediate: true, hrId: 'S2001' }),
    ]);
    expect(write.events[0]).not.toHaveProperty('effectiveDate');
  });

  it('terminates on a path-less replace carrying active false, as Okta sends it', () => {
    const write = adapter.parse(
      delivery('patch', patch({ op: 'replace', value: { active: false } })),
    );

    expect(write.events.map((event) => event.kind)).toEqual(['terminate']);
  });

  it('maps changes by path, including the enterprise URN and the work email filter', () => {
    const body = patch(
      { op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Finance' },
      { op: 'Add', path: `${ENTERPRISE}:manager`, value: 'S0002' },
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'scim.moved@example.test' },
      { op: 'replace', path: 'name.givenName', value: 'Scimmy' },
      { op: 'replace', value: { 'name.familyName': 'Fixture-Two', title: 'Lead' } },
      { op: 'remove', path: 'nickName' },
      { op: 'replace', path: 'phoneNumbers[type eq "work"].value', value: '+1 555 0100' },
    );

    const write = adapter.parse(delivery('patch', body));

    expect(write.events).toEqual([
      expect.objectContaining({
        kind: 'update',
        attributes: {
          department: 'Finance',
          managerId: 'S0002',
          email: 'scim.moved@example.test',
          firstName: 'Scimmy',
          lastName: 'Fixture-Two',
          title: 'Lead',
        },
      }),
    ]);
  });

  it('starts nothing for a patch that changes nothing Tenure reads', () => {
    const body = patch({ op: 'replace', path: 'displayName', value: 'Scim F.' });

    expect(adapter.parse(delivery('patch', body)).events).toEqual([]);
  });

  it('reactivates with a hire today followed by the withdrawal of the termination', () => {
    const body = patch({ op: 'replace', path: 'active', value: true });

    const kinds = adapter.parse(delivery('patch', body)).events.map((event) => event.kind);

    expect(kinds).toEqual(['hire', 'rescind_termination']);
  });

  it('leaves a person deactivated and reactivated on the same day active, not terminated', () => {
    const record = emptyRecord('scim', 'S2001');
    const fold = (operation: ScimOperation, body: unknown, minutes: number) => {
      const receivedAt = new Date(NOW.getTime() + minutes * 60_000);
      for (const event of adapter.parse(delivery(operation, body, { receivedAt })).events) {
        foldEvent(record, event);
      }
    };

    fold('create', PERSON, 0);
    fold('patch', patch({ op: 'Replace', path: 'active', value: 'False' }), 60);
    fold('patch', patch({ op: 'Replace', path: 'active', value: 'True' }), 120);

    expect(record.termination).toBeUndefined();
    expect(record.hire).toMatchObject({ startDate: '2026-12-04', rescinded: false });
  });

  it('treats a reactivation on a later day as a rehire after the termination', () => {
    const record = emptyRecord('scim', 'S2001');
    const later = new Date(NOW.getTime() + 3 * 24 * 3_600_000);
    const events = [
      ...adapter.parse(delivery('create', PERSON)).events,
      ...adapter.parse(delivery('patch', patch({ op: 'replace', path: 'active', value: false })))
        .events,
      ...adapter.parse(
        delivery('patch', patch({ op: 'replace', path: 'active', value: true }), {
          receivedAt: later,
        }),
      ).events,
    ];

    events.forEach((event) => foldEvent(record, event));

    expect(record.termination).toBeUndefined();
    expect(record.hire).toMatchObject({
      startDate: '2026-12-07',
      previousTerminationEnd: '2026-12-04',
    });
  });

  it('maps a PUT of active false to a termination now, and of active true to a withdrawal', () => {
    const inactive = adapter.parse(delivery('replace', { ...PERSON, active: false })).events;
    const active = adapter.parse(delivery('replace', PERSON)).events;

    expect(inactive.map((event) => event.kind)).toEqual(['terminate']);
    expect(active.map((event) => event.kind)).toEqual(['update', 'rescind_termination']);
    expect(active[1]).not.toHaveProperty('attributes');
  });

  it('refuses a PUT whose externalId differs from the id in the path (mutability)', () => {
    const error = refusal(() =>
      adapter.parse(delivery('replace', PERSON, { resourceId: 'S9999' })),
    ) as ScimIntakeError;

    expect([error.status, error.scimType]).toEqual([400, 'mutability']);
  });

  it.each([
    ['an unknown op', patch({ op: 'move', path: 'active', value: false }), 'invalidSyntax'],
    ['no Operations', { schemas: [PATCH_OP] }, 'invalidSyntax'],
    ['a remove without a path', patch({ op: 'remove' }), 'noTarget'],
    ['a path-less value that is not an object', patch({ op: 'add', value: 'x' }), 'invalidSyntax'],
    [
      'a manager outside the HR id alphabet',
      patch({ op: 'add', path: `${ENTERPRISE}:manager`, value: { value: 'a b' } }),
      'invalidValue',
    ],
  ])('refuses a patch with %s', (_case, body, scimType) => {
    const error = refusal(() => adapter.parse(delivery('patch', body))) as ScimIntakeError;

    expect([error.status, error.scimType]).toEqual([400, scimType]);
  });

  it('refuses a path id outside the HR id alphabet', () => {
    const body = patch({ op: 'replace', path: 'title', value: 'Lead' });

    const error = refusal(() => adapter.parse(delivery('patch', body, { resourceId: '-x' })));

    expect(error.status).toBe(400);
  });
});

describe('SCIM adapter: idempotency keys', () => {
  const body = patch({ op: 'replace', path: 'title', value: 'Lead' });
  const keyOf = (request: ScimDelivery) => adapter.parse(request).events[0]?.eventId;

  it('gives a request the same key however its JSON is spaced', () => {
    const first = keyOf(delivery('patch', body));
    const spaced = keyOf({
      ...delivery('patch', body),
      rawBody: Buffer.from(JSON.stringify(body, null, 2)),
    });

    expect(spaced).toBe(first);
  });

  it('gives another user, another operation or a later request a new key', () => {
    const first = keyOf(delivery('patch', body));
    const later = new Date(NOW.getTime() + 1);

    expect(keyOf(delivery('patch', body, { resourceId: 'S2003' }))).not.toBe(first);
    expect(keyOf(delivery('patch', body, { receivedAt: later }))).not.toBe(first);
    const replace = { schemas: [CORE], externalId: 'S2001', title: 'Lead' };
    expect(keyOf(delivery('replace', replace))).not.toBe(first);
  });
});

describe('SCIM adapter: request schemas', () => {
  const operations = [{ op: 'Replace', path: 'active', value: 'False' }];

  it.each([
    ['without schemas', { schemas: undefined }],
    ['whose schemas lists only the enterprise extension', { schemas: [ENTERPRISE] }],
    ['whose schemas is a string, not a list', { schemas: CORE }],
  ])('refuses a create or a replace %s with invalidSyntax', (_case, changes) => {
    for (const operation of ['create', 'replace'] as const) {
      const body = { ...PERSON, ...changes };

      const error = refusal(() => adapter.parse(delivery(operation, body))) as ScimIntakeError;

      expect([error.status, error.scimType]).toEqual([400, 'invalidSyntax']);
      expect(error.message).toContain(CORE);
    }
  });

  it.each([
    ['without schemas', { Operations: operations }],
    ['listing the User schema instead of PatchOp', { schemas: [CORE], Operations: operations }],
    ['whose schemas is a string, not a list', { schemas: PATCH_OP, Operations: operations }],
  ])('refuses a patch %s with invalidSyntax', (_case, body) => {
    const error = refusal(() => adapter.parse(delivery('patch', body))) as ScimIntakeError;

    expect([error.status, error.scimType]).toEqual([400, 'invalidSyntax']);
    expect(error.message).toContain(PATCH_OP);
  });

  it('accepts the create bodies Entra and Okta send', () => {
    const entra = {
      schemas: [CORE, ENTERPRISE],
      externalId: 'S2004',
      userName: 'scim.entra@example.test',
      active: true,
      displayName: 'Scim Entra',
      name: { formatted: 'Scim Entra', familyName: 'Entra', givenName: 'Scim' },
      emails: [{ primary: true, type: 'work', value: 'scim.entra@example.test' }],
      addresses: [{ type: 'work', locality: 'Lisbon', country: 'PT', primary: false }],
      preferredLanguage: 'en-US',
      [ENTERPRISE]: { employeeNumber: '2004', department: 'Finance', manager: 'S0001' },
    };
    const okta = {
      schemas: [CORE],
      externalId: 'S2005',
      userName: 'scim.okta@example.test',
      name: { givenName: 'Scim', familyName: 'Okta' },
      emails: [{ primary: true, value: 'scim.okta@example.test', type: 'work' }],
      displayName: 'Scim Okta',
      locale: 'en-US',
      groups: [],
      password: 'not-a-real-password-1',
      active: true,
    };

    const kinds = [entra, okta].map((body) =>
      adapter.parse(delivery('create', body)).events.map((event) => event.kind),
    );

    expect(kinds).toEqual([['hire'], ['hire']]);
  });
});

describe('SCIM adapter: PATCH paths', () => {
  const refusedPath = (path: unknown, op = 'replace') =>
    refusal(() =>
      adapter.parse(delivery('patch', patch({ op, path, value: 'Lead' }))),
    ) as ScimIntakeError;

  it('reads the paths Entra sends, with its capitalised ops, and terminates on "False"', () => {
    const body = patch(
      { op: 'Replace', path: 'name.givenName', value: 'Scimmy' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'scim.moved@example.test' },
      { op: 'Add', path: `${ENTERPRISE}:department`, value: 'Finance' },
      { op: 'Replace', path: `${CORE}:title`, value: 'Lead' },
      { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Lisbon' },
      { op: 'Replace', path: 'active', value: 'False' },
    );

    const write = adapter.parse(delivery('patch', body));

    expect(write.events).toEqual([
      expect.objectContaining({
        kind: 'terminate',
        immediate: true,
        attributes: {
          firstName: 'Scimmy',
          email: 'scim.moved@example.test',
          department: 'Finance',
          title: 'Lead',
          location: 'Lisbon',
        },
      }),
    ]);
  });

  it.each([
    'displayName',
    'name.formatted',
    'preferredLanguage',
    'phoneNumbers[type eq "mobile"].value',
    'addresses[type eq "work"].streetAddress',
    'roles[primary eq "True"].value',
    `${ENTERPRISE}:division`,
    'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:badgeColour',
    'emails[type eq "work" and (primary eq true or not (display pr))].value',
  ])('accepts and ignores %s, which a schema defines and Tenure does not read', (path) => {
    const body = patch({ op: 'Replace', path, value: 'Lead' }, { op: 'Remove', path });

    expect(adapter.parse(delivery('patch', body)).events).toEqual([]);
  });

  it.each([
    ['an empty path', ''],
    ['a doubled dot', 'name..givenName'],
    ['three levels of names', 'name.givenName.first'],
    ['a name that starts with a digit', '1title'],
    ['an unclosed filter', 'emails[type eq "work".value'],
    ['an empty filter', 'emails[].value'],
    ['an unquoted string in the filter', 'emails[type eq work].value'],
    ['an unknown comparison', 'emails[type equals "work"].value'],
    ['an unterminated string', 'emails[type eq "work].value'],
    ['unbalanced parentheses', 'emails[(type eq "work"].value'],
    ['a path longer than any real one', `${'a'.repeat(600)}`],
  ])('refuses a path with %s as invalidPath', (_case, path) => {
    const error = refusedPath(path);

    expect([error.status, error.scimType]).toEqual([400, 'invalidPath']);
    expect(error.message).toContain('Operations[0].path');
  });

  it.each([
    ['a misspelt core attribute', 'titel'],
    ['a misspelt sub-attribute', 'name.givenNmae'],
    ['a misspelt member of a filtered entry', 'emails[type eq "work"].valeu'],
    ['a misspelt attribute inside the filter', 'emails[typ eq "work"].value'],
    ['an enterprise attribute without its schema URN', 'department'],
    ['a misspelt enterprise attribute', `${ENTERPRISE}:departmant`],
    ["a misspelt attribute of Tenure's extension", `${TENURE}:startDte`],
    ['a filter on a single-valued attribute', 'title[value eq "x"]'],
    ['a sub-attribute of a simple attribute', 'active.value'],
  ])('refuses a well-formed path naming %s as invalidPath', (_case, path) => {
    const error = refusedPath(path);

    expect([error.status, error.scimType]).toEqual([400, 'invalidPath']);
  });

  it('checks the path of a remove too, and refuses a path that is not a string', () => {
    const removed = refusedPath('name.givenNmae', 'Remove');
    const numeric = refusedPath(42);

    expect([removed.scimType, numeric.scimType]).toEqual(['invalidPath', 'invalidPath']);
  });

  it('never quotes the path, whose filter may hold a personal value', () => {
    const misspelt = refusedPath('emails[value eq "leaky.person@example.test"].valeu');
    const malformed = refusedPath('emails[value eq "leaky.person@example.test"');

    expect(misspelt.message).not.toContain('leaky');
    expect(malformed.message).not.toContain('leaky');
  });

  it('applies an object value to a whole extension schema or to the work email entry', () => {
    const body = patch(
      { op: 'Replace', path: ENTERPRISE, value: { department: 'Finance', costCenter: 'CC-300' } },
      { op: 'Add', path: 'emails[type eq "work"]', value: { value: 'scim.three@example.test' } },
    );

    const [update] = adapter.parse(delivery('patch', body)).events;

    expect(update?.attributes).toEqual({
      department: 'Finance',
      costCenter: 'CC-300',
      email: 'scim.three@example.test',
    });
  });
});
