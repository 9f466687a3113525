/** The FakeAws object handed to tests: read-only views plus switches over the shared context. */
import type { FakeAwsContext } from './context.js';
import type { AssumeRoleCall, FakeAws, FaultController, FaultKind, FaultState, IssuedCredentials, RecordedMessage } from './types.js';

export class FakeAwsHandle implements FakeAws {
  constructor(
    private readonly ctx: FakeAwsContext,
    readonly url: string,
    readonly port: number,
    private readonly shutdown: () => Promise<void>,
  ) {}

  get region(): string {
    return this.ctx.region;
  }

  get accountId(): string {
    return this.ctx.accountId;
  }

  get messages(): readonly RecordedMessage[] {
    return this.ctx.recorder.list();
  }

  get assumeRoleCalls(): readonly AssumeRoleCall[] {
    return [...this.ctx.assumeRoleCalls];
  }

  get issuedCredentials(): readonly IssuedCredentials[] {
    return this.ctx.store.list();
  }

  get snsRequests(): number {
    return this.ctx.counters.snsRequests;
  }

  get faults(): FaultController {
    return this.ctx.faults;
  }

  setFault(patch: Partial<FaultState>): void {
    this.ctx.faults.set(patch);
  }

  clearFaults(): void {
    this.ctx.faults.clear();
  }

  failNext(count: number, kind: FaultKind): void {
    this.ctx.faults.failNext(count, kind);
  }

  clearMessages(): void {
    this.ctx.recorder.clear();
  }

  waitForMessages(count: number, timeoutMs = 2000): Promise<RecordedMessage[]> {
    return this.ctx.recorder.waitFor(count, timeoutMs);
  }

  expireCredentials(): void {
    this.ctx.store.expireAll();
  }

  reset(): void {
    this.ctx.recorder.clear();
    this.ctx.assumeRoleCalls.length = 0;
    this.ctx.counters.snsRequests = 0;
    this.ctx.faults.clear();
  }

  close(): Promise<void> {
    return this.shutdown();
  }
}
