/** Applies the transport/availability faults that hit an SNS call before it is authenticated. */
import type { FakeAwsContext } from './context.js';
import { snsErrors } from './errors.js';
import { sleep } from './faults.js';
import type { FaultKind } from './types.js';

export type FaultOutcome =
  /** Destroy the socket without answering. */
  | { type: 'reset' }
  /** Carry on; `forced` is an AuthorizationError/NotFound to apply after authentication. */
  | { type: 'proceed'; forced: FaultKind | null; wasHeld: boolean };

export async function applySnsFaults(ctx: FakeAwsContext): Promise<FaultOutcome> {
  const { delayMs } = ctx.faults.current;
  if (delayMs > 0) await sleep(delayMs, ctx.signal);
  const kind = ctx.faults.takeFault();
  switch (kind) {
    case 'reset':
      return { type: 'reset' };
    case 'hang':
      await ctx.faults.hold(ctx.signal);
      // Let a pending client disconnect reach us (one I/O poll) before deciding to process.
      await new Promise((resolve) => setImmediate(resolve));
      return { type: 'proceed', forced: null, wasHeld: true };
    case 'internalError':
      throw snsErrors.internal();
    case 'serviceUnavailable':
      throw snsErrors.unavailable();
    case 'throttling':
      throw snsErrors.throttling();
    case 'throttled':
      throw snsErrors.throttled();
    default:
      return { type: 'proceed', forced: kind, wasHeld: false };
  }
}
