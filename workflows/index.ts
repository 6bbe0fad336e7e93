/** The workflow bundle's entry: every workflow type the worker registers. */
export { personLifecycle } from './person';
export { keepVerificationTokens } from './verification-tokens';
export { directoryUserLifecycle } from './directory-user';
