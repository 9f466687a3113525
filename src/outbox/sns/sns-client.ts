import { SNSClient } from '@aws-sdk/client-sns';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsConfig } from '../../config.js';

/**
 * The SNS client. With SNS_ROLE_ARN, credentials come from STS AssumeRole on top of the default
 * provider chain; the SDK caches them and refreshes them before they expire. Only the
 * dispatcher calls SNS, so neither AssumeRole nor a refresh ever sits on an HTTP request.
 * Endpoints follow AWS_ENDPOINT_URL_SNS / AWS_ENDPOINT_URL_STS (LocalStack, the fake AWS).
 */
export function createSnsClient(aws: AwsConfig): SNSClient {
  // One retry policy owns retries (the outbox's durable one): the SDK makes a single attempt,
  // and timeouts stop a hanging SNS from holding a dispatcher slot.
  // Without throwOnRequestTimeout the installed handler only warns when requestTimeout passes.
  const transport = {
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: aws.connectTimeoutMs,
      requestTimeout: aws.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  };
  const credentials = aws.roleArn
    ? fromTemporaryCredentials({
        params: {
          RoleArn: aws.roleArn,
          RoleSessionName: aws.roleSessionName,
          DurationSeconds: aws.roleDurationSeconds,
          ...(aws.externalId ? { ExternalId: aws.externalId } : {}),
        },
        clientConfig: { region: aws.region, ...transport },
      })
    : undefined;
  return new SNSClient({ region: aws.region, ...transport, ...(credentials ? { credentials } : {}) });
}
