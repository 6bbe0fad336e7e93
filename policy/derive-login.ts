/** The Okta login and email of a person, as `okta.login` in the policy says to derive them. */
import type { PersonAttributes } from '../domain/hr-event';
import { renderAddressTemplate } from './templates';
import type { Policy } from './types';

export interface DerivedLogin {
  login: string;
  email: string;
}

/**
 * The login and email, or `undefined` while an attribute they need is missing (the caller waits
 * for HR to send it rather than create a user under a guessed name).
 *
 * The email is the HR email, else `okta.emailTemplate` filled in. The login is that email in lower
 * case for `login: email`, or `okta.loginTemplate` filled in for `login: template`.
 */
export function deriveLogin(
  policy: Policy,
  attributes: PersonAttributes,
): DerivedLogin | undefined {
  const { login: mode, loginTemplate, emailTemplate } = policy.okta;

  const hrEmail = attributes.email?.trim();
  const email =
    hrEmail || (emailTemplate ? renderAddressTemplate(emailTemplate, attributes) : undefined);
  if (!email) return undefined;

  // Okta compares logins ignoring case; one spelling keeps the login stable across HR updates.
  const login =
    mode === 'email' ? email.toLowerCase() : renderAddressTemplate(loginTemplate ?? '', attributes);
  if (!login) return undefined;

  return { login, email };
}
