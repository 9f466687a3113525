/** AWS query-protocol errors as the real STS/SNS send them (code, HTTP status, fault type). */

export type FaultType = 'Sender' | 'Receiver';

export class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: FaultType = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}

/** Errors shared by every query service (authentication, routing). */
export const commonErrors = {
  missingAuth: () =>
    new AwsError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token'),
  incompleteSignature: (detail: string) =>
    new AwsError(400, 'IncompleteSignature', `Authorization header is malformed: ${detail}`),
  invalidToken: () =>
    new AwsError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.'),
  expiredToken: () =>
    new AwsError(403, 'ExpiredToken', 'The security token included in the request is expired'),
  signatureMismatch: () =>
    new AwsError(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. ' +
        'Check your AWS Secret Access Key and signing method.',
    ),
  invalidAction: (action: string) =>
    new AwsError(400, 'InvalidAction', `The action ${action} is not valid for this web service.`),
};

export const snsErrors = {
  invalidParameter: (detail: string) => new AwsError(400, 'InvalidParameter', `Invalid parameter: ${detail}`),
  notFound: () => new AwsError(404, 'NotFound', 'Topic does not exist'),
  authorization: (principal: string, topicArn: string) =>
    new AwsError(
      403,
      'AuthorizationError',
      `User: ${principal} is not authorized to perform: SNS:Publish on resource: ${topicArn}`,
    ),
  tooManyEntries: () =>
    new AwsError(400, 'TooManyEntriesInBatchRequest', 'The batch request contains more entries than permissible.'),
  batchTooLong: () =>
    new AwsError(400, 'BatchRequestTooLong', 'The length of all the messages put together is more than the limit.'),
  idsNotDistinct: () =>
    new AwsError(400, 'BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.'),
  emptyBatch: () => new AwsError(400, 'EmptyBatchRequest', "The batch request doesn't contain any entries."),
  invalidEntryId: () =>
    new AwsError(400, 'InvalidBatchEntryId', "The Id of a batch entry in a batch request doesn't abide by the specification."),
  internal: () => new AwsError(500, 'InternalError', 'Internal Error'),
  unavailable: () => new AwsError(503, 'ServiceUnavailable', 'Service Unavailable'),
  throttling: () => new AwsError(400, 'Throttling', 'Rate exceeded'),
  throttled: () => new AwsError(429, 'Throttled', 'Rate exceeded'),
};

export const stsErrors = {
  accessDenied: (principal: string, roleArn: string) =>
    new AwsError(
      403,
      'AccessDenied',
      `User: ${principal} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    ),
  validation: (detail: string) => new AwsError(400, 'ValidationError', `1 validation error detected: ${detail}`),
};
