import type { Db } from '../db/create-db.js';
import { deleteInBatches } from '../db/delete-in-batches.js';
import type { Logger } from '../lib/logger.js';
import { Periodic } from '../lib/periodic.js';
import { deleteExpiredKeys } from './idempotency-store.js';

const DELETE_BATCH = 500;

/**
 * Deletes expired Idempotency-Keys on a timer. A key is dead after its TTL (a new request with it
 * replaces it), but without this job every POST that sent a key would leave a row forever.
 */
export class ExpiredKeyPurge {
  private readonly timer: Periodic;

  constructor(
    private readonly db: Db,
    intervalMs: number,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.timer = new Periodic(intervalMs, () => this.run());
  }

  start(): void {
    this.timer.start();
  }

  stop(): void {
    this.timer.stop();
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
