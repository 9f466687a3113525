/** Decides who signed a request, the way STS/SNS would reject bad or stale credentials. */
import type { CredentialStore } from './credentials.js';
import { commonErrors } from './errors.js';
import { parseAuthorization, verifySignature, type SignedRequest } from './sigv4.js';
import type { IssuedCredentials } from './types.js';

export interface Caller {
  accessKeyId: string;
  /** IAM-style ARN used in AccessDenied/AuthorizationError messages. */
  principal: string;
  /** Credential scope service name (sts, sns, ...). */
  service: string;
}

export interface AuthSettings {
  store: CredentialStore;
  accountId: string;
  verifySignatures: boolean;
  /** Accept keys the fake did not issue (base credentials; we cannot know their secret). */
  allowUnknownKeys: boolean;
}

function roleName(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf('/') + 1);
}

function checkIssued(request: SignedRequest, issued: IssuedCredentials): void {
  if (request.headers['x-amz-security-token'] !== issued.sessionToken) throw commonErrors.invalidToken();
  if (issued.expiration.getTime() <= Date.now()) throw commonErrors.expiredToken();
}

export function authenticate(request: SignedRequest, settings: AuthSettings): Caller {
  const header = request.headers.authorization;
  const auth = parseAuthorization(typeof header === 'string' ? header : undefined);
  if (!auth) throw commonErrors.missingAuth();
  const issued = settings.store.get(auth.accessKeyId);
  if (!issued) {
    if (!settings.allowUnknownKeys) throw commonErrors.invalidToken();
    const principal = `arn:aws:iam::${settings.accountId}:user/${auth.accessKeyId}`;
    return { accessKeyId: auth.accessKeyId, principal, service: auth.service };
  }
  checkIssued(request, issued);
  if (settings.verifySignatures && !verifySignature(request, auth, issued.secretAccessKey)) {
    throw commonErrors.signatureMismatch();
  }
  const principal = `arn:aws:sts::${settings.accountId}:assumed-role/${roleName(issued.roleArn)}/${issued.roleSessionName}`;
  return { accessKeyId: auth.accessKeyId, principal, service: auth.service };
}
