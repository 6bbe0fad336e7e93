import { AwsError } from './errors';
import type { Service } from './wire';

// Only the shape is checked: the emulator accepts any key, so the signature itself is not verified.
const SIGV4 = new RegExp(
  '^AWS4-HMAC-SHA256 Credential=[^/,\\s]+/\\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request,' +
    '\\s*SignedHeaders=[^,\\s]+,\\s*Signature=[0-9a-f]{64}$',
);

const SIGNING_NAME: Record<Service, string> = {
  'sso-admin': 'sso',
  identitystore: 'identitystore',
};

/** Refuses a request with no Authorization header before anything else is looked at. */
export function requireAuthorization(header: string | undefined): string {
  if (header === undefined || header === '') {
    throw new AwsError('MissingAuthenticationToken', 'Missing Authentication Token');
  }

  return header;
}

/** Checks that the header is SigV4 scoped to this emulator's region and the called service. */
export function checkCredentialScope(header: string, service: Service, region: string): void {
  const match = SIGV4.exec(header);
  if (match === null) {
    throw new AwsError(
      'IncompleteSignature',
      'Authorization header requires Credential, SignedHeaders and Signature in SigV4 form.',
    );
  }

  const [, scopeRegion, scopeService] = match;
  const signingName = SIGNING_NAME[service];
  if (scopeService !== signingName) {
    throw new AwsError(
      'InvalidSignatureException',
      `Credential should be scoped to correct service: '${signingName}'.`,
    );
  }
  if (scopeRegion !== region) {
    throw new AwsError(
      'InvalidSignatureException',
      `Credential should be scoped to a valid region, not '${scopeRegion}'.`,
    );
  }
}
