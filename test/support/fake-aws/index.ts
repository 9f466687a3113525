/** Wire-level fake of AWS STS + SNS (awsQuery protocol) for tests. */
export { startFakeAws } from './server.js';
export { DEFAULT_FAULTS } from './faults.js';
export { MAX_BATCH_ENTRIES, MAX_PAYLOAD_BYTES } from './sns-validate.js';
export type {
  AssumeRoleCall,
  FakeAws,
  FakeAwsOptions,
  FaultController,
  FaultKind,
  FaultState,
  IssuedCredentials,
  MessageAttributeValue,
  PublishEntryView,
  RecordedMessage,
  RejectMessage,
  Rejection,
  ThrottleCode,
} from './types.js';
