/**
 * The schema of Tenure's own webhook body (documented in GENERIC-FORMAT.md). Strict on purpose:
 * the format is ours, so an unknown key is a sender's mistake worth reporting, not a vendor's
 * extension to tolerate.
 */
import { z } from 'zod';

import { HR_EVENT_KINDS, HR_ID_PATTERN, type HrEventKind } from '../../domain/hr-event';
import { isTimeZone } from '../../domain/instants';
import {
  CONTROL_CHARACTERS,
  CONTROL_RULE,
  EMAIL_RULE,
  EMAIL_SHAPE,
  HR_ID_RULE,
  hrDateProblem,
  MAX_TEXT_LENGTH,
  TIME_ZONE_RULE,
} from './field-rules';
import { parseIsoInstant } from './timestamps';

const EVENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const text = z
  .string()
  .trim()
  .min(1)
  .max(MAX_TEXT_LENGTH)
  .refine((value) => !CONTROL_CHARACTERS.test(value), CONTROL_RULE);
const localDate = z.string().superRefine((value, context) => {
  const problem = hrDateProblem(value);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
});
const hrId = z.string().regex(HR_ID_PATTERN, HR_ID_RULE);

const employeeSchema = z.strictObject({
  hrId,
  firstName: text.optional(),
  lastName: text.optional(),
  preferredName: text.optional(),
  email: text.regex(EMAIL_SHAPE, EMAIL_RULE).optional(),
  employeeNumber: text.optional(),
  department: text.optional(),
  title: text.optional(),
  location: text.optional(),
  costCenter: text.optional(),
  managerId: hrId.optional(),
  employmentType: text.optional(),
  timeZone: text.refine(isTimeZone, TIME_ZONE_RULE).optional(),
  contractEndDate: localDate.optional(),
});

const bodyShape = z.strictObject({
  eventId: z
    .string()
    .regex(EVENT_ID, 'expected 1-128 characters of letters, digits, ".", "_", ":" or "-"'),
  // The cast only restates the domain's list as the non-empty tuple z.enum wants.
  type: z.enum(HR_EVENT_KINDS as unknown as [HrEventKind, ...HrEventKind[]]),
  occurredAt: z
    .string()
    .refine(
      (value) => parseIsoInstant(value) !== undefined,
      'expected an ISO 8601 instant with an offset, such as 2026-12-04T09:00:00Z',
    ),
  effectiveDate: localDate.optional(),
  immediate: z.boolean().optional(),
  returnDate: localDate.optional(),
  employee: employeeSchema,
});

export type GenericBody = z.output<typeof bodyShape>;

export const genericBodySchema = bodyShape.superRefine((body, context) => {
  for (const [path, message] of crossFieldProblems(body)) {
    context.addIssue({ code: 'custom', path, message });
  }
});

/** Rules that tie fields to the event type; each problem is a path and what is wrong there. */
function crossFieldProblems(body: GenericBody): [string[], string][] {
  const problems: [string[], string][] = [];
  const { type, employee } = body;

  if (type === 'hire') {
    if (body.effectiveDate === undefined) {
      problems.push([['effectiveDate'], 'is required for a hire (it is the start date)']);
    }
    for (const field of ['firstName', 'lastName', 'email'] as const) {
      if (employee[field] === undefined) {
        problems.push([['employee', field], 'is required for a hire']);
      }
    }
  }

  const contractEnd = employee.contractEndDate;
  if (type === 'hire' && contractEnd && body.effectiveDate && contractEnd < body.effectiveDate) {
    problems.push([['employee', 'contractEndDate'], 'must not be before the start date']);
  }

  if (type === 'terminate' && body.effectiveDate === undefined && body.immediate !== true) {
    problems.push([['effectiveDate'], 'is required for a terminate unless immediate is true']);
  }

  if (type === 'leave_start' && body.effectiveDate === undefined) {
    problems.push([['effectiveDate'], 'is required for a leave_start (the first day of leave)']);
  }

  // Fields that only one type reads are refused elsewhere rather than silently dropped.
  if (body.immediate !== undefined && type !== 'terminate') {
    problems.push([['immediate'], 'is only allowed for a terminate']);
  }

  if (body.returnDate !== undefined && type !== 'leave_start') {
    problems.push([['returnDate'], 'is only allowed for a leave_start']);
  }

  if (
    body.returnDate !== undefined &&
    body.effectiveDate !== undefined &&
    body.returnDate < body.effectiveDate
  ) {
    problems.push([['returnDate'], 'must not be before effectiveDate']);
  }

  return problems;
}
