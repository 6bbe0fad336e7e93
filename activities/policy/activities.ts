/**
 * The policy activity: the plan step, recorded in history so that a later policy or time-zone
 * database change never alters the past of a running workflow.
 */
import type { PersonRecord } from '../../domain/person-record';
import type { Plan } from '../../domain/target-state';
import type { Policy } from '../../policy';
import { planPerson as plan } from './plan-person';

/** Creates the policy activities over the policy the worker loaded at start. */
export function createPolicyActivities(currentPolicy: () => Policy) {
  /**
   * Computes the person's stage, target access and pending transitions at `nowMs` (the
   * workflow's clock, passed in so the answer does not depend on when a retry runs). Pure; a
   * second run with the same input and policy gives the same plan.
   */
  async function planPerson(input: { record: PersonRecord; nowMs: number }): Promise<Plan> {
    return plan(input.record, currentPolicy(), input.nowMs);
  }

  return { planPerson };
}

export type PolicyActivities = ReturnType<typeof createPolicyActivities>;
