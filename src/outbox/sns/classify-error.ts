import type { PublishFailure } from '../publisher.js';

// Error names as the SDK surfaces them (SNS, STS and the credential providers).
const CONFIGURATION = new Set([
  'NotFound',
  'NotFoundException',
  'AuthorizationError',
  'AuthorizationErrorException',
  'AccessDenied',
  'AccessDeniedException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'CredentialsProviderError',
  'RegionDisabledException',
  'InvalidSecurity',
  'KMSAccessDenied',
  'KMSAccessDeniedException',
  'KMSDisabled',
  'KMSDisabledException',
  'KMSNotFound',
  'KMSNotFoundException',
]);

const PERMANENT = new Set([
  'InvalidParameter',
  'InvalidParameterException',
  'InvalidParameterValue',
  'InvalidParameterValueException',
  'ValidationError',
  'ValidationException',
]);

interface SdkError {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/**
 * Sorts an AWS failure into the three ways the dispatcher reacts. Unknown errors count as
 * transient: retries are bounded, so a mistake here costs a few attempts, not the message.
 */
export function classifyAwsError(error: unknown): PublishFailure {
  const sdkError: SdkError = typeof error === 'object' && error !== null ? (error) : {};
  const name = typeof sdkError.name === 'string' ? sdkError.name : 'Error';
  const code = typeof sdkError.code === 'string' ? sdkError.code : name;
  const message = typeof sdkError.message === 'string' ? sdkError.message : String(error);
  if (CONFIGURATION.has(name)) return { kind: 'configuration', code: name, message };
  if (PERMANENT.has(name)) return { kind: 'permanent', code: name, message };
  return { kind: 'transient', code, message };
}

/** A per-entry failure inside a PublishBatch answer: SenderFault means the entry itself is bad. */
export function classifyBatchEntry(code: string | undefined, message: string | undefined, senderFault: boolean | undefined): PublishFailure {
  const name = code ?? 'UnknownError';
  const text = message ?? 'entry rejected';
  if (CONFIGURATION.has(name)) return { kind: 'configuration', code: name, message: text };
  return { kind: senderFault ? 'permanent' : 'transient', code: name, message: text };
}
