import type { Db } from '../db/create-db.js';
import type { Logger } from '../lib/logger.js';
import { deletePublishedBefore } from './outbox-repository.js';

const RUN_EVERY_MS = 60_000;
const DELETE_BATCH = 500;

/** Deletes published rows older than the retention period, at most once a minute, in small batches. */
export class RetentionJob {
  private lastRun = 0;

  constructor(
    private readonly db: Db,
    private readonly retentionHours: number,
    private readonly logger: Logger,
    private readonly clock: () => Date,
  ) {}

  async runIfDue(): Promise<number> {
    const now = this.clock();
    if (now.getTime() - this.lastRun < RUN_EVERY_MS) return 0;
    this.lastRun = now.getTime();
    const cutoff = new Date(now.getTime() - this.retentionHours * 3_600_000);
    let total = 0;
    for (;;) {
      const deleted = await deletePublishedBefore(this.db, cutoff, DELETE_BATCH);
      total += deleted;
      if (deleted < DELETE_BATCH) break;
    }
    if (total > 0) this.logger.info({ deleted: total, cutoff: cutoff.toISOString() }, 'published outbox rows deleted');
    return total;
  }
}
