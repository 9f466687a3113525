/** STS AssumeRole / GetCallerIdentity over awsQuery (as used by fromTemporaryCredentials). */
import { authenticate, type Caller } from './auth.js';
import type { FakeAwsContext, FakeRequest, XmlReply } from './context.js';
import { commonErrors, stsErrors } from './errors.js';
import { optional } from './query.js';
import type { AssumeRoleCall } from './types.js';
import { el, STS_XMLNS, successXml, text } from './xml.js';

export const STS_ACTIONS: ReadonlySet<string> = new Set(['AssumeRole', 'GetCallerIdentity']);

const DEFAULT_DURATION_SECONDS = 3600;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

function callerOf(ctx: FakeAwsContext, request: FakeRequest): Caller {
  // Base credentials are whatever the caller has, so unknown keys are fine here.
  return authenticate(request, {
    store: ctx.store,
    accountId: ctx.accountId,
    verifySignatures: ctx.verifySignatures,
    allowUnknownKeys: true,
  });
}

function readAssumeRole(request: FakeRequest, caller: Caller): AssumeRoleCall {
  const roleArn = optional(request.params, 'RoleArn');
  const roleSessionName = optional(request.params, 'RoleSessionName');
  if (roleArn === undefined) throw stsErrors.validation("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
  if (roleSessionName === undefined || !SESSION_NAME.test(roleSessionName)) {
    throw stsErrors.validation(`Value '${roleSessionName ?? 'null'}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]{2,64}`);
  }
  const call: AssumeRoleCall = { roleArn, roleSessionName, accessKeyId: caller.accessKeyId, at: new Date() };
  const externalId = optional(request.params, 'ExternalId');
  const duration = optional(request.params, 'DurationSeconds');
  if (externalId !== undefined) call.externalId = externalId;
  if (duration !== undefined) call.durationSeconds = Number(duration);
  return call;
}

function checkDuration(seconds: number | undefined): void {
  if (seconds === undefined) return;
  if (!Number.isInteger(seconds) || seconds < 900 || seconds > 43200) {
    throw stsErrors.validation(`Value '${seconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`);
  }
}

function assumeRole(ctx: FakeAwsContext, request: FakeRequest): XmlReply {
  const caller = callerOf(ctx, request);
  const call = readAssumeRole(request, caller);
  ctx.assumeRoleCalls.push(call);
  checkDuration(call.durationSeconds);
  const faults = ctx.faults.current;
  if (faults.assumeRoleDenied) throw stsErrors.accessDenied(caller.principal, call.roleArn);
  const lifetime = faults.credentialLifetimeSeconds ?? call.durationSeconds ?? DEFAULT_DURATION_SECONDS;
  const issued = ctx.store.issue(call.roleArn, call.roleSessionName, lifetime);
  call.issuedAccessKeyId = issued.accessKeyId;
  call.expiration = issued.expiration;
  const roleName = call.roleArn.slice(call.roleArn.lastIndexOf('/') + 1);
  const result =
    el('AssumedRoleUser',
      text('Arn', `arn:aws:sts::${ctx.accountId}:assumed-role/${roleName}/${call.roleSessionName}`) +
      text('AssumedRoleId', `AROAFAKEROLEID:${call.roleSessionName}`)) +
    el('Credentials',
      text('AccessKeyId', issued.accessKeyId) +
      text('SecretAccessKey', issued.secretAccessKey) +
      text('SessionToken', issued.sessionToken) +
      text('Expiration', issued.expiration.toISOString()));
  return { status: 200, xml: successXml('AssumeRole', STS_XMLNS, result, request.requestId) };
}

function getCallerIdentity(ctx: FakeAwsContext, request: FakeRequest): XmlReply {
  const caller = callerOf(ctx, request);
  const result = text('Arn', caller.principal) + text('UserId', caller.accessKeyId) + text('Account', ctx.accountId);
  return { status: 200, xml: successXml('GetCallerIdentity', STS_XMLNS, result, request.requestId) };
}

export function handleSts(ctx: FakeAwsContext, request: FakeRequest): XmlReply {
  switch (request.action) {
    case 'AssumeRole':
      return assumeRole(ctx, request);
    case 'GetCallerIdentity':
      return getCallerIdentity(ctx, request);
    default:
      throw commonErrors.invalidAction(request.action);
  }
}
