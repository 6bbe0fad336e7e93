/**
 * The public surface of the verification-token keeper: a sender that hands over its signing secret
 * in a handshake (Gusto's `verification_token`) has it recorded here durably, and an operator reads
 * it back to confirm the subscription and configure the secret.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';

export const VERIFICATION_TOKENS_WORKFLOW_TYPE = 'keepVerificationTokens';

/** One keeper per HR source; the id names the source only. */
export function verificationTokensWorkflowId(source: string): string {
  return `intake:${source}:verification-tokens`;
}

export interface VerificationToken {
  token: string;
  /** When the server received the handshake, so the operator can tell which one is theirs. */
  receivedAt: string;
}

export interface VerificationTokensInput {
  source: string;
  /** Carried over by continue-as-new. */
  tokens?: VerificationToken[];
}

export const recordVerificationToken = defineSignal<[VerificationToken]>('recordVerificationToken');

export const verificationTokens = defineQuery<VerificationToken[]>('verificationTokens');

/**
 * Only the newest are kept: the handshake is unsigned, so anyone may post one, and a flood must
 * neither grow the workflow nor push out the genuine token the operator is about to read.
 */
export const KEPT_VERIFICATION_TOKENS = 10;
