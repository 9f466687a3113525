/** State shared by the request handlers of one fake AWS instance. */
import type { IncomingHttpHeaders } from 'node:http';
import type { CredentialStore } from './credentials.js';
import type { FaultSwitchboard } from './faults.js';
import type { QueryParams } from './query.js';
import type { MessageRecorder } from './recorder.js';
import type { AssumeRoleCall } from './types.js';

export interface FakeAwsContext {
  readonly region: string;
  readonly accountId: string;
  readonly requireAssumedRole: boolean;
  readonly verifySignatures: boolean;
  readonly store: CredentialStore;
  readonly faults: FaultSwitchboard;
  readonly recorder: MessageRecorder;
  readonly assumeRoleCalls: AssumeRoleCall[];
  readonly counters: { snsRequests: number; sequence: bigint };
  /** Aborted by close(): cancels delays and hanging requests. */
  readonly signal: AbortSignal;
}

export interface FakeRequest {
  method: string;
  rawUrl: string;
  headers: IncomingHttpHeaders;
  body: string;
  params: QueryParams;
  action: string;
  requestId: string;
}

/** What a handler wants written back (errors are thrown as AwsError instead). */
export interface XmlReply {
  status: number;
  xml: string;
}
