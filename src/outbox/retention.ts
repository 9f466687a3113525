import type { Db } from '../db/create-db.js';
import { deleteInBatches } from '../db/delete-in-batches.js';
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
    const total = await deleteInBatches(DELETE_BATCH, (limit) => deletePublishedBefore(this.db, cutoff, limit));
    if (total > 0) this.logger.info({ deleted: total, cutoff: cutoff.toISOString() }, 'published outbox rows deleted');
    return total;
  }
}
