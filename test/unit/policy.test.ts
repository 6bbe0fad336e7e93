import type { PersonAttributes } from '../../domain/hr-event';
import {
  deriveLogin,
  evaluatePolicy,
  examplePolicyPath,
  formatIssue,
  loadPolicyFile,
  managedAwsAssignments,
  managedOktaGroups,
  parsePolicy,
  PolicyFileError,
  PolicyValidationError,
  resolveTimeZone,
  type PolicyIssue,
} from '../../policy';

const person: PersonAttributes = {
  firstName: 'Testy',
  lastName: 'Fixture',
  email: 'Testy.Fixture@example.test',
  department: 'Engineering',
  title: 'Software Engineer',
  location: 'Berlin',
  employmentType: 'Full-Time',
  costCenter: 'CC-100',
};

// The smallest valid policy, a line per entry, for tests that count lines.
const HEADER = ['version: 1', 'defaults:', '  timeZone: UTC', 'rules:'] as const;
const EVERYONE = ['  - name: everyone', '    grant:', '      oktaGroups: [All Staff]'] as const;

const POLICY = `
version: 1
defaults:
  timeZone: America/New_York
timeZones:
  Berlin: Europe/Berlin
  San Francisco: America/Los_Angeles
okta:
  managedGroups: [Zeta Retired, All Staff]
aws:
  managedPermissionSets:
    - { accountId: "999999999999", permissionSet: AdministratorAccess }
rules:
  - name: everyone
    grant:
      oktaGroups: [Zeta Everyone, All Staff]
      oktaProfile: { awsRole: staff, tier: basic }
  - name: engineering
    when:
      department: Engineering
      employmentType: [Full-Time, Contractor]
    grant:
      oktaGroups: [Engineering, All Staff]
      oktaProfile: { awsRole: engineer }
      awsAssignments:
        - { accountId: "333333333333", permissionSet: PowerUserAccess }
        - { accountId: "222222222222", permissionSet: ReadOnlyAccess }
  - name: senior
    when:
      titleMatches: "^(senior|staff) "
    grant:
      oktaGroups: [Senior]
      awsAssignments:
        - { accountId: "222222222222", permissionSet: ReadOnlyAccess }
  - name: berlin-finance
    when: { department: finance, location: berlin }
    grant:
      oktaGroups: [Finance Berlin]
`;

const policy = parsePolicy(POLICY);

describe('evaluatePolicy', () => {
  it('grants what every matching rule grants and names those rules in policy order', () => {
    const access = evaluatePolicy(policy, person);

    expect(access).toEqual({
      oktaGroups: ['All Staff', 'Engineering', 'Zeta Everyone'],
      oktaProfile: { awsRole: 'engineer', tier: 'basic' },
      awsAssignments: [
        { accountId: '222222222222', permissionSet: 'ReadOnlyAccess' },
        { accountId: '333333333333', permissionSet: 'PowerUserAccess' },
      ],
      matchedRules: ['everyone', 'engineering'],
    });
  });

  it('matches a rule when the attribute equals any value of a list', () => {
    const access = evaluatePolicy(policy, { ...person, employmentType: 'Contractor' });

    expect(access.matchedRules).toContain('engineering');
  });

  it('matches values regardless of case and surrounding spaces', () => {
    const access = evaluatePolicy(policy, {
      ...person,
      department: ' FINANCE ',
      location: 'BERLIN',
      employmentType: 'full-time',
    });

    expect(access.matchedRules).toEqual(['everyone', 'berlin-finance']);
  });

  it('requires every key of a rule to match', () => {
    const intern = evaluatePolicy(policy, { ...person, employmentType: 'Intern' });
    const london = evaluatePolicy(policy, { ...person, department: 'Finance', location: 'London' });

    expect(intern.matchedRules).toEqual(['everyone']);
    expect(london.matchedRules).toEqual(['everyone']);
  });

  it('matches only unconditional rules for a person without attributes', () => {
    const access = evaluatePolicy(policy, {});

    expect(access.matchedRules).toEqual(['everyone']);
    expect(access.awsAssignments).toEqual([]);
  });

  it('tests titleMatches as a case-insensitive regular expression', () => {
    const senior = evaluatePolicy(policy, { ...person, title: 'STAFF Engineer' });
    const junior = evaluatePolicy(policy, { ...person, title: 'Engineer, Staff' });

    expect(senior.matchedRules).toContain('senior');
    expect(junior.matchedRules).not.toContain('senior');
  });

  it('returns each group and AWS assignment once, sorted, when several rules grant it', () => {
    const access = evaluatePolicy(policy, { ...person, title: 'Senior Engineer' });

    expect(access.oktaGroups).toEqual(['All Staff', 'Engineering', 'Senior', 'Zeta Everyone']);
    expect(access.awsAssignments).toEqual([
      { accountId: '222222222222', permissionSet: 'ReadOnlyAccess' },
      { accountId: '333333333333', permissionSet: 'PowerUserAccess' },
    ]);
  });

  it('lets a later rule override a profile attribute that an earlier rule set', () => {
    const engineer = evaluatePolicy(policy, person);
    const accountant = evaluatePolicy(policy, { ...person, department: 'Finance' });

    expect(engineer.oktaProfile.awsRole).toBe('engineer');
    expect(accountant.oktaProfile).toEqual({ awsRole: 'staff', tier: 'basic' });
  });
});

describe('managed access', () => {
  it('owns every group a rule grants plus the managed groups, sorted and unique', () => {
    expect(managedOktaGroups(policy)).toEqual([
      'All Staff',
      'Engineering',
      'Finance Berlin',
      'Senior',
      'Zeta Everyone',
      'Zeta Retired',
    ]);
  });

  it('owns every AWS assignment a rule grants plus the managed permission sets', () => {
    expect(managedAwsAssignments(policy)).toEqual([
      { accountId: '222222222222', permissionSet: 'ReadOnlyAccess' },
      { accountId: '333333333333', permissionSet: 'PowerUserAccess' },
      { accountId: '999999999999', permissionSet: 'AdministratorAccess' },
    ]);
  });
});

describe('resolveTimeZone', () => {
  it('uses the time zone HR gives when it is valid', () => {
    expect(resolveTimeZone(policy, { ...person, timeZone: 'Asia/Tokyo' })).toBe('Asia/Tokyo');
  });

  it('falls back to the zone of the location, in any case, when HR gives an invalid zone', () => {
    const attributes = { ...person, location: 'san francisco', timeZone: 'Pacific Time' };

    expect(resolveTimeZone(policy, attributes)).toBe('America/Los_Angeles');
  });

  it('falls back to the default zone for a location the policy does not list', () => {
    expect(resolveTimeZone(policy, { ...person, location: 'Remote' })).toBe('America/New_York');
    expect(resolveTimeZone(policy, {})).toBe('America/New_York');
  });
});

describe('deriveLogin', () => {
  const withOkta = (okta: string) =>
    parsePolicy(
      `version: 1\ndefaults: { timeZone: UTC }\nokta: ${okta}\n` +
        'rules: [{ name: everyone, grant: { oktaGroups: [All Staff] } }]\n',
    );
  const byTemplate = (template: string) =>
    withOkta(`{ login: template, loginTemplate: "${template}@ex.test" }`);

  it('uses the HR email, in lower case, as the login by default', () => {
    expect(deriveLogin(policy, person)).toEqual({
      login: 'testy.fixture@example.test',
      email: 'Testy.Fixture@example.test',
    });
  });

  it('strips diacritics, spaces and quotes from template values', () => {
    const attributes = { ...person, firstName: 'Zoë Ånne', lastName: "O'Brien-Straße" };

    expect(deriveLogin(byTemplate('{firstName}.{lastName}'), attributes)).toEqual({
      login: 'zoeanne.obrien-strasse@ex.test',
      email: 'Testy.Fixture@example.test',
    });
  });

  it('takes the first present attribute of a placeholder with fallbacks', () => {
    const templated = byTemplate('{preferredName|firstName}.{lastName}');

    expect(deriveLogin(templated, { ...person, preferredName: 'Tess' })?.login).toBe(
      'tess.fixture@ex.test',
    );
    expect(deriveLogin(templated, person)?.login).toBe('testy.fixture@ex.test');
  });

  it('fills in the email template when HR sends no email', () => {
    const templated = withOkta('{ emailTemplate: "{firstName}.{lastName}@ex.test" }');
    const attributes = { ...person, email: undefined, firstName: 'Élodie' };

    expect(deriveLogin(templated, attributes)).toEqual({
      login: 'elodie.fixture@ex.test',
      email: 'elodie.fixture@ex.test',
    });
  });

  it('gives no login while an attribute it needs is missing', () => {
    const templated = byTemplate('{firstName}.{lastName}');

    expect(deriveLogin(policy, { ...person, email: ' ' })).toBeUndefined();
    expect(deriveLogin(templated, { ...person, lastName: undefined })).toBeUndefined();
  });
});

describe('the shipped example policy', () => {
  const example = loadPolicyFile(examplePolicyPath());

  it('loads and grants engineers and contractors what it documents', () => {
    const engineer = evaluatePolicy(example, person);
    const contractor = evaluatePolicy(example, { ...person, employmentType: 'Contractor' });

    expect(engineer.oktaGroups).toEqual(['All Staff', 'Engineering']);
    expect(engineer.oktaProfile).toEqual({ awsRole: 'engineer' });
    expect(engineer.awsAssignments).toEqual([
      { accountId: '222222222222', permissionSet: 'ReadOnlyAccess' },
      { accountId: '333333333333', permissionSet: 'PowerUserAccess' },
    ]);
    expect(contractor.oktaGroups).toEqual(['All Staff', 'Contractors', 'Engineering']);
    expect(contractor.awsAssignments).toHaveLength(1);
  });

  it('maps its office locations to time zones', () => {
    expect(resolveTimeZone(example, { location: 'London' })).toBe('Europe/London');
    expect(resolveTimeZone(example, { location: 'Berlin' })).toBe('Europe/Berlin');
  });
});

describe('parsePolicy', () => {
  const minimal = lines(...HEADER, ...EVERYONE);

  it('fills in the documented default for every setting left out', () => {
    const parsed = parsePolicy(minimal);

    expect(parsed.defaults).toEqual({
      timeZone: 'UTC',
      startTime: '06:00',
      endTime: '18:00',
      leaveStartTime: '00:00',
      returnTime: '06:00',
    });
    expect(parsed.okta).toEqual({ login: 'email', createMissingGroups: false, managedGroups: [] });
    expect(parsed.aws).toEqual({ removeOnLeave: true, managedPermissionSets: [] });
    expect(parsed.termination).toEqual({ deleteOktaUserAfterDays: null });
    expect(parsed.rules[0]?.when).toEqual({});
  });

  it('identifies the policy version by a short digest of its text', () => {
    const first = parsePolicy(minimal);
    const again = parsePolicy(minimal);
    const changed = parsePolicy(`${minimal}# a comment\n`);

    expect(first.digest).toMatch(/^[0-9a-f]{12}$/);
    expect(again.digest).toBe(first.digest);
    expect(changed.digest).not.toBe(first.digest);
  });

  it('accepts a permission set given as its full ARN', () => {
    const arn = 'arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-abcdef1234567890';
    const grant = `      awsAssignments: [{ accountId: "012345678901", permissionSet: "${arn}" }]`;

    expect(managedAwsAssignments(parsePolicy(lines(...HEADER, ...EVERYONE, grant)))).toEqual([
      { accountId: '012345678901', permissionSet: arn },
    ]);
  });

  it('keeps a policy as plain JSON data', () => {
    expect(JSON.parse(JSON.stringify(policy))).toEqual(policy);
  });
});

describe('policy validation', () => {
  const [ruleName, grant, groups] = EVERYONE;
  const account = (id: string, set: string) =>
    `      awsAssignments: [{ accountId: ${id}, permissionSet: ${set} }]`;

  // Each case: the mistake, the file's lines, and the one issue as the error message prints it.
  it.each([
    [
      'a misspelt key',
      [...HEADER, ruleName, '    when:', '      dept: Sales', grant, groups],
      '7:7 rules[0].when.dept: unknown key "dept"; allowed keys are department, title,',
    ],
    [
      'an unknown time zone',
      ['version: 1', 'defaults:', '  timeZone: Europe/Berln', 'rules:', ...EVERYONE],
      '3:13 defaults.timeZone: unknown time zone "Europe/Berln"',
    ],
    [
      'a time that is not HH:mm',
      [...HEADER.slice(0, 3), '  endTime: "25:00"', 'rules:', ...EVERYONE],
      '4:12 defaults.endTime: "25:00" is not a 24-hour time',
    ],
    [
      'an unquoted account id',
      [...HEADER, ...EVERYONE, account('222222222222', 'ReadOnlyAccess')],
      '8:37 rules[0].grant.awsAssignments[0].accountId: expected the AWS account id as a quoted',
    ],
    [
      'an account id of 11 digits',
      [...HEADER, ...EVERYONE, account('"22222222222"', 'ReadOnlyAccess')],
      '8:37 rules[0].grant.awsAssignments[0].accountId: an AWS account id is exactly 12 digits',
    ],
    [
      'a permission set that is neither a name nor an ARN',
      [...HEADER, ...EVERYONE, account('"222222222222"', 'Read Only')],
      '8:68 rules[0].grant.awsAssignments[0].permissionSet: "Read Only" is neither a permission',
    ],
    [
      'two rules with one name',
      [...HEADER, ...EVERYONE, '  - name: Everyone', '    grant: { oktaGroups: [B] }'],
      '8:11 rules[1].name: duplicate rule name "Everyone", already used by rules[0]',
    ],
    [
      'a template placeholder that names no attribute',
      [
        ...HEADER.slice(0, 3),
        'okta:',
        '  login: template',
        '  loginTemplate: "{fristName}@x"',
        'rules:',
        ...EVERYONE,
      ],
      '6:18 okta.loginTemplate: {fristName}: no HR attribute is called "fristName"',
    ],
    [
      'an empty rules list',
      [...HEADER.slice(0, 3), 'rules: []'],
      '4:8 rules: the policy needs at least one rule',
    ],
    [
      'a missing required section',
      ['version: 1', 'rules:', ...EVERYONE],
      '1:1 defaults: missing required key "defaults"',
    ],
    [
      'a YAML syntax error',
      [...HEADER, '  - name: "everyone', grant, groups],
      '8:1 Missing closing "quote',
    ],
    [
      'a key written twice',
      [...HEADER.slice(0, 3), '  timeZone: UTC', 'rules:', ...EVERYONE],
      '4:3 Map keys must be unique',
    ],
  ])('rejects %s with its line and column', (_mistake, source, expected) => {
    const issues = issuesOf(lines(...source));

    expect(issues).toHaveLength(1);
    expect(formatIssue('policy.yaml', issues[0] as PolicyIssue)).toContain(
      `policy.yaml:${expected}`,
    );
  });

  it('reports every problem with its line and column, in file order', () => {
    const source = lines('version: 2', ...HEADER.slice(1, 3), '  colour: red', 'rules: []');

    expect(() => parsePolicy(source, 'policy.yaml')).toThrow(
      [
        'The access policy policy.yaml has 3 problems:',
        '  policy.yaml:1:10 version: version must be 1, the only policy format so far',
        '  policy.yaml:4:3 defaults.colour: unknown key "colour"; allowed keys are timeZone, ' +
          'startTime, endTime, leaveStartTime, returnTime',
        '  policy.yaml:5:8 rules: the policy needs at least one rule',
      ].join('\n'),
    );
    expect(issuesOf(source)[1]).toEqual({
      line: 4,
      column: 3,
      path: 'defaults.colour',
      message: expect.stringContaining('unknown key "colour"'),
    });
  });

  it('gives the error the stable code policy.invalid', () => {
    expect(() => parsePolicy('')).toThrow(expect.objectContaining({ code: 'policy.invalid' }));
  });

  it('reports a file it cannot read as policy.file_unreadable', () => {
    const read = () => loadPolicyFile('/nonexistent/tenure-policy.yaml');

    expect(read).toThrow(PolicyFileError);
    expect(read).toThrow(expect.objectContaining({ code: 'policy.file_unreadable' }));
  });
});

function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}

function issuesOf(source: string): PolicyIssue[] {
  try {
    parsePolicy(source, 'policy.yaml');
  } catch (error) {
    if (error instanceof PolicyValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected the policy to be rejected');
}
