import type { Db } from '../db/create-db.js';
import { deleteInBatches } from '../db/delete-in-batches.js';
import type { Logger } from '../lib/logger.js';
import { deleteExpiredKeys } from './idempotency-store.js';

const DELETE_BATCH = 500;

/**
 * Deletes expired Idempotency-Keys on a timer. A key is dead after its TTL (a new request with it
 * replaces it), but without this job every POST that sent a key would leave a row forever.
 */
export class ExpiredKeyPurge {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.run(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One pass; a database fault is logged and the next pass tries again. */
  async run(): Promise<number> {
    const now = this.clock();
    try {
      const deleted = await deleteInBatches(DELETE_BATCH, (limit) => deleteExpiredKeys(this.db, now, limit));
      if (deleted > 0) this.logger.info({ deleted }, 'expired idempotency keys deleted');
      return deleted;
    } catch (error) {
      this.logger.warn({ err: error }, 'expired idempotency keys not deleted; retrying at the next interval');
      return 0;
    }
  }
}
