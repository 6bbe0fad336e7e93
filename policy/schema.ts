/**
 * The shape of the policy file, as a zod schema whose messages are written for the identity
 * engineer who edits the file. Rules that span several fields live in check-policy.ts.
 */
import { z } from 'zod';

import { isLocalTime, isTimeZone } from '../domain/instants';
import { parseTemplate } from './templates';

/** A strict mapping: a misspelt key is an error, never silently ignored. */
function section<T extends z.ZodRawShape>(shape: T) {
  const keys = Object.keys(shape).join(', ');

  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `allowed keys are ${keys}`
        : `expected a mapping with the keys ${keys}`,
  });
}

function text(what: string) {
  return z
    .string({ error: `expected ${what}` })
    .trim()
    .min(1, { error: `${what} must not be empty` });
}

const timeZone = z
  .string({ error: 'expected an IANA time zone such as Europe/Berlin' })
  .refine(isTimeZone, {
    error: (issue) => `unknown time zone ${JSON.stringify(issue.input)}; use an IANA name`,
  });

const localTime = z
  .string({ error: 'expected a time of day as "HH:mm", in quotes' })
  .refine(isLocalTime, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a 24-hour time as "HH:mm"`,
  });

const accountId = z
  // Unquoted, YAML reads an account id as a number and drops its leading zeros.
  .string({ error: 'expected the AWS account id as a quoted string of 12 digits' })
  .regex(/^\d{12}$/, { error: 'an AWS account id is exactly 12 digits' });

const PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;
// The PermissionSetArn pattern of the IAM Identity Center API, so AWS cannot reject what we accept.
const PERMISSION_SET_ARN = new RegExp(
  '^arn:aws(-[a-z]{1,5}){0,3}:sso:::permissionSet/' +
    '(sso)?ins-[a-zA-Z0-9-.]{16}/ps-[a-zA-Z0-9-./]{16}$',
);

const permissionSet = z
  .string({ error: 'expected a permission set name or ARN' })
  .refine((value) => PERMISSION_SET_NAME.test(value) || PERMISSION_SET_ARN.test(value), {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is neither a permission set name (up to 32 of ` +
      'letters, digits and +=,.@_-) nor an arn:aws:sso:::permissionSet/... ARN',
  });

const awsAssignment = section({ accountId, permissionSet });

const groupName = text('an Okta group name').max(255, {
  error: 'an Okta group name has at most 255 characters',
});

const addressTemplate = z
  .string({ error: 'expected a template string' })
  .superRefine((template, context) => {
    for (const problem of parseTemplate(template).problems) {
      context.addIssue({ code: 'custom', message: problem });
    }
    if (!template.includes('@')) {
      context.addIssue({ code: 'custom', message: 'the template needs an @: it makes an address' });
    }
  });

const matchValues = z
  // A bare 0100 in YAML is the number 100, which would never match HR's "0100": insist on quotes.
  .union([z.string(), z.array(z.string())], {
    error: 'expected a string or a list of strings; quote numbers such as "4100"',
  })
  .transform((value) => (Array.isArray(value) ? value : [value]))
  .pipe(
    z
      .array(text('a value to match'))
      .min(1, { error: 'an empty list matches nobody; list a value or remove the key' }),
  );

const regularExpression = z
  .string({ error: 'expected a regular expression as a string' })
  .refine((pattern) => compiles(pattern), {
    error: (issue) => `${JSON.stringify(issue.input)} is not a valid regular expression`,
  });

const conditions = section({
  department: matchValues.optional(),
  title: matchValues.optional(),
  location: matchValues.optional(),
  employmentType: matchValues.optional(),
  costCenter: matchValues.optional(),
  titleMatches: regularExpression.optional(),
});

// Tenure sets these from the HR record and okta.login; a rule setting them would fight it.
const RESERVED_PROFILE_KEYS = ['login', 'email'];

const profileKey = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, {
    error: 'an Okta profile attribute name is a letter followed by letters, digits or _',
  })
  .refine((key) => !RESERVED_PROFILE_KEYS.includes(key), {
    error: 'login and email come from okta.login and the HR record, not from rules',
  });

const grant = section({
  oktaGroups: z.array(groupName, { error: 'expected a list of group names' }).default([]),
  oktaProfile: z
    .record(profileKey, z.string({ error: 'expected a string; quote numbers and booleans' }), {
      error: 'expected a mapping of profile attribute to value',
    })
    .default({}),
  awsAssignments: z
    .array(awsAssignment, { error: 'expected a list of accountId and permissionSet pairs' })
    .default([]),
}).refine(
  ({ oktaGroups, oktaProfile, awsAssignments }) =>
    oktaGroups.length > 0 || Object.keys(oktaProfile).length > 0 || awsAssignments.length > 0,
  { error: 'a rule must grant at least one group, profile attribute or AWS assignment' },
);

const rule = section({
  name: text('a rule name'),
  when: conditions.prefault({}),
  grant,
});

export const policySchema = section({
  version: z.literal(1, { error: 'version must be 1, the only policy format so far' }),
  defaults: section({
    timeZone,
    startTime: localTime.default('06:00'),
    endTime: localTime.default('18:00'),
    leaveStartTime: localTime.default('00:00'),
    returnTime: localTime.default('06:00'),
  }),
  timeZones: z
    .record(z.string(), timeZone, { error: 'expected a mapping of location to zone' })
    .default({}),
  okta: section({
    login: z
      .enum(['email', 'template'], { error: 'login must be email or template' })
      .default('email'),
    loginTemplate: addressTemplate.optional(),
    emailTemplate: addressTemplate.optional(),
    createMissingGroups: z.boolean({ error: 'expected true or false' }).default(false),
    managedGroups: z.array(groupName, { error: 'expected a list of group names' }).default([]),
  }).prefault({}),
  aws: section({
    removeOnLeave: z.boolean({ error: 'expected true or false' }).default(true),
    managedPermissionSets: z
      .array(awsAssignment, { error: 'expected a list of accountId and permissionSet pairs' })
      .default([]),
  }).prefault({}),
  termination: section({
    deleteOktaUserAfterDays: z
      .number({ error: 'expected a number of days, or null to keep the user' })
      .int({ error: 'expected a whole number of days' })
      .positive({ error: 'expected at least 1 day, or null to keep the user' })
      .nullable()
      .default(null),
  }).prefault({}),
  rules: z
    .array(rule, { error: 'expected a list of rules' })
    .min(1, { error: 'the policy needs at least one rule' }),
});

export type ParsedPolicy = z.output<typeof policySchema>;

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'iu');

    return true;
  } catch {
    return false;
  }
}
