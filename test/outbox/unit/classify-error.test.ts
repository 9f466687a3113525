import { describe, expect, it } from 'vitest';
import { classifyAwsError, classifyBatchEntry } from '../../../src/outbox/sns/classify-error.js';

/** An error shaped like the ones the AWS SDK v3 throws. */
function sdkError(name: string, message = `${name} happened`, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode } });
}

describe('classifyAwsError', () => {
  it.each(['NotFound', 'AuthorizationError', 'AccessDenied', 'InvalidClientTokenId', 'CredentialsProviderError'])(
    '%s is a configuration failure',
    (name) => {
      expect(classifyAwsError(sdkError(name, 'bad setup'))).toEqual({ kind: 'configuration', code: name, message: 'bad setup' });
    },
  );

  it.each(['InvalidParameter', 'InvalidParameterValue'])('%s is a permanent failure', (name) => {
    expect(classifyAwsError(sdkError(name, 'bad entry'))).toEqual({ kind: 'permanent', code: name, message: 'bad entry' });
  });

  it.each([
    ['Throttling', 400],
    ['ThrottledException', 400],
    ['InternalError', 500],
    ['ServiceUnavailable', 503],
    ['TimeoutError', 0],
    ['ExpiredToken', 403],
  ] as const)('%s is a transient failure', (name, status) => {
    expect(classifyAwsError(sdkError(name, 'try later', status))).toEqual({ kind: 'transient', code: name, message: 'try later' });
  });

  it('a Node socket error (ECONNRESET) is transient and keeps its code', () => {
    const error = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' });
    expect(classifyAwsError(error)).toEqual({ kind: 'transient', code: 'ECONNRESET', message: 'read ECONNRESET' });
  });

  it('a thrown non-Error value is transient', () => {
    expect(classifyAwsError('boom')).toEqual({ kind: 'transient', code: 'Error', message: 'boom' });
    expect(classifyAwsError(undefined)).toEqual({ kind: 'transient', code: 'Error', message: 'undefined' });
    expect(classifyAwsError(null)).toEqual({ kind: 'transient', code: 'Error', message: 'null' });
  });

  it('an unknown SDK error name is transient', () => {
    expect(classifyAwsError(sdkError('SomethingNew', 'new'))).toMatchObject({ kind: 'transient', code: 'SomethingNew' });
  });
});

describe('classifyBatchEntry', () => {
  it('SenderFault true: the entry itself is bad, permanent', () => {
    expect(classifyBatchEntry('InvalidParameter', 'too long', true)).toEqual({ kind: 'permanent', code: 'InvalidParameter', message: 'too long' });
  });

  it('SenderFault false: transient', () => {
    expect(classifyBatchEntry('InternalError', 'oops', false)).toEqual({ kind: 'transient', code: 'InternalError', message: 'oops' });
  });

  it('SenderFault missing: transient', () => {
    expect(classifyBatchEntry('InternalError', 'oops', undefined)).toMatchObject({ kind: 'transient' });
  });

  it('a configuration code is configuration whatever SenderFault says', () => {
    expect(classifyBatchEntry('KMSAccessDenied', 'key', true)).toEqual({ kind: 'configuration', code: 'KMSAccessDenied', message: 'key' });
    expect(classifyBatchEntry('AuthorizationError', 'no', false)).toMatchObject({ kind: 'configuration' });
  });

  it('fills in a missing code and message', () => {
    expect(classifyBatchEntry(undefined, undefined, false)).toEqual({ kind: 'transient', code: 'UnknownError', message: 'entry rejected' });
  });
});
