import type { AwsConfig } from '../config.js';
import type { Logger } from '../lib/logger.js';
import { createLogPublisher } from './log-publisher.js';
import type { Publisher } from './publisher.js';
import { createSnsClient } from './sns/sns-client.js';
import { createSnsPublisher } from './sns/sns-publisher.js';

/** SNS when a topic is configured; otherwise (never in production, config refuses it) the log. */
export function createPublisher(aws: AwsConfig, logger: Logger): Publisher {
  if (!aws.topicArn) {
    logger.warn('SNS_TOPIC_ARN is not set: events are written to the log instead of SNS (development mode)');
    return createLogPublisher(logger);
  }
  logger.info(
    { topicArn: aws.topicArn, roleArn: aws.roleArn ?? null, region: aws.region },
    aws.roleArn ? 'publishing to SNS with an assumed role' : 'publishing to SNS with the default credentials',
  );
  return createSnsPublisher({ createClient: () => createSnsClient(aws), topicArn: aws.topicArn });
}
