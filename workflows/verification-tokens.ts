/**
 * The verification-token keeper: a small long-lived workflow per HR source holding the newest
 * handshake tokens that source sent. Its payloads go through the payload codec like every other,
 * so the tokens are encrypted at rest in Temporal.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';

import {
  KEPT_VERIFICATION_TOKENS,
  recordVerificationToken,
  verificationTokens,
  type VerificationToken,
  type VerificationTokensInput,
} from './verification-token-definitions';

/** Handshakes are rare; a run this long means a flood, and a fresh run keeps history small. */
const SIGNALS_PER_RUN = 500;

/** Keeps the newest verification tokens of one source until it is terminated by an operator. */
export async function keepVerificationTokens(input: VerificationTokensInput): Promise<void> {
  let tokens: VerificationToken[] = [...(input.tokens ?? [])];
  let received = 0;

  setHandler(recordVerificationToken, (entry) => {
    received += 1;
    // A redelivered handshake keeps its first arrival time, which the operator matches against
    // the moment the subscription was created.
    if (tokens.some((kept) => kept.token === entry.token)) return;
    tokens = [entry, ...tokens].slice(0, KEPT_VERIFICATION_TOKENS);
  });
  setHandler(verificationTokens, () => tokens);

  await condition(() => received >= SIGNALS_PER_RUN || workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  await continueAsNew<typeof keepVerificationTokens>({ source: input.source, tokens });
}
