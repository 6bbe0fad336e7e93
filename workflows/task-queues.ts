/**
 * Task queue names: workflows and the plan step on one, each external system (HR sources included)
 * on its own so that its rate limit and concurrency bound hold across every person.
 */
export interface TaskQueues {
  people: string;
  okta: string;
  aws: string;
  /** HR readers, for sources whose webhooks carry ids only. */
  hr: string;
}

export const DEFAULT_TASK_QUEUES: TaskQueues = {
  people: 'tenure-people',
  okta: 'tenure-okta',
  aws: 'tenure-aws',
  hr: 'tenure-hr',
};
