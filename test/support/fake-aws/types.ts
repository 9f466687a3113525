/** Public types of the fake AWS (STS + SNS) test server. */

export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  /** Base64 text exactly as received on the wire. */
  BinaryValue?: string;
}

export interface RecordedMessage {
  action: 'Publish' | 'PublishBatch';
  topicArn: string;
  messageId: string;
  /** Only for FIFO topics. */
  sequenceNumber?: string;
  /** Batch entry Id (PublishBatch only). */
  batchEntryId?: string;
  message: string;
  subject?: string;
  messageAttributes: Record<string, MessageAttributeValue>;
  messageGroupId?: string;
  messageDeduplicationId?: string;
  /** Access key id from the SigV4 credential scope that signed the request. */
  accessKeyId: string;
  receivedAt: Date;
}

export interface AssumeRoleCall {
  roleArn: string;
  roleSessionName: string;
  externalId?: string;
  durationSeconds?: number;
  /** Access key id that signed the AssumeRole request (the caller's base key). */
  accessKeyId: string;
  /** Set when the call succeeded. */
  issuedAccessKeyId?: string;
  expiration?: Date;
  at: Date;
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  roleArn: string;
  roleSessionName: string;
}

/** Per-message rejection. `true` means InvalidParameter (sender fault). */
export type Rejection = boolean | { code: string; message?: string; senderFault?: boolean };

export type RejectMessage = (body: string, entry: PublishEntryView) => Rejection;

export interface PublishEntryView {
  topicArn: string;
  messageAttributes: Record<string, MessageAttributeValue>;
  messageGroupId?: string;
  batchEntryId?: string;
}

/**
 * `Throttling` (400) is what SNS answers for request-rate limits; the SDK surfaces it as
 * an unmodelled SNSServiceException named "Throttling". `Throttled` (429) is the modelled
 * ThrottledException.
 */
export type ThrottleCode = 'Throttling' | 'Throttled';

/**
 * A fault usable with `failNext`. 'hang' holds the call until `set({ hang: false })`, `clear()` or
 * `close()`; 'authorizationError' / 'notFound' apply after authentication, the others before it.
 */
export type FaultKind =
  | 'internalError'
  | 'serviceUnavailable'
  | 'throttling'
  | 'throttled'
  | 'reset'
  | 'hang'
  | 'authorizationError'
  | 'notFound';

export interface FaultState {
  /** Answer each SNS call after N ms (the call is still processed and recorded, even if the client gave up). */
  delayMs: number;
  /**
   * Hold every SNS call until cleared (held calls whose client is still connected are then
   * processed; abandoned ones are dropped unrecorded) or close() (sockets destroyed).
   */
  hang: boolean;
  /** Answer every SNS call with 500 InternalError or 503 ServiceUnavailable. */
  status5xx: 500 | 503 | null;
  /** `true` = 'Throttling'. */
  throttle: boolean | ThrottleCode;
  /** Destroy the socket of every SNS call without answering. */
  resetConnections: boolean;
  /** Per-message rejection (batch: entry goes to Failed; single Publish: whole call fails). */
  rejectMessage: RejectMessage | null;
  /** Every topic answers NotFound (404). */
  topicNotFound: boolean;
  /** These topic ARNs answer NotFound (404). */
  missingTopics: readonly string[];
  /** Every SNS call answers AuthorizationError (403). */
  authorizationError: boolean;
  /** STS AssumeRole answers AccessDenied (403). */
  assumeRoleDenied: boolean;
  /** Overrides the lifetime of issued credentials (ignores DurationSeconds). */
  credentialLifetimeSeconds: number | null;
}

export interface FakeAwsOptions {
  /** 0 (default) = random free port. */
  port?: number;
  host?: string;
  region?: string;
  accountId?: string;
  /** SNS calls must be signed with an unexpired key issued by AssumeRole (default true). */
  requireAssumedRole?: boolean;
  /** Verify the SigV4 HMAC of calls signed with keys this fake issued (default true). */
  verifySignatures?: boolean;
  /** Initial fault switches. */
  faults?: Partial<FaultState>;
  /** Called for each recorded message (used by the CLI). */
  onMessage?: (message: RecordedMessage) => void;
}

export interface FaultController {
  readonly current: Readonly<FaultState>;
  set(patch: Partial<FaultState>): void;
  /** Resets every switch and the failNext queue (releases hanging requests). */
  clear(): void;
  /** Fail the next `count` SNS calls with `kind`, then recover. Queues after earlier calls. */
  failNext(count: number, kind: FaultKind): void;
  /** SNS calls still to be failed by failNext. */
  readonly pendingFailures: number;
}

export interface FakeAws {
  readonly url: string;
  readonly port: number;
  readonly region: string;
  readonly accountId: string;
  /** Snapshot of recorded messages, oldest first. */
  readonly messages: readonly RecordedMessage[];
  /** Snapshot of AssumeRole calls (including denied ones). */
  readonly assumeRoleCalls: readonly AssumeRoleCall[];
  /** Snapshot of credentials issued by AssumeRole. */
  readonly issuedCredentials: readonly IssuedCredentials[];
  /** Number of SNS HTTP requests received (any outcome, including faults). */
  readonly snsRequests: number;
  readonly faults: FaultController;
  setFault(patch: Partial<FaultState>): void;
  clearFaults(): void;
  failNext(count: number, kind: FaultKind): void;
  clearMessages(): void;
  /** Resolves once at least `count` messages are recorded; rejects after `timeoutMs` (default 2000). */
  waitForMessages(count: number, timeoutMs?: number): Promise<RecordedMessage[]>;
  /** Make every issued credential expired now (next SNS call gets ExpiredToken). */
  expireCredentials(): void;
  /** Clears messages, AssumeRole calls, counters and faults (issued credentials stay valid). */
  reset(): void;
  close(): Promise<void>;
}
