import type { Db } from '../db/create-db.js';
import type { Logger } from '../lib/logger.js';
import { Periodic } from '../lib/periodic.js';
import { outboxStats } from '../outbox/outbox-stats.js';
import type { Metrics } from './metrics.js';

/**
 * Refreshes the gauges that come from the database on a timer, so that a storm of scrapes
 * cannot turn into a storm of queries.
 */
export class OutboxGauges {
  private readonly timer: Periodic;

  constructor(
    private readonly db: Db,
    private readonly metrics: Metrics,
    intervalMs: number,
    private readonly logger: Logger,
  ) {
    this.timer = new Periodic(intervalMs, () => this.refresh());
  }

  start(): void {
    this.timer.start(true);
  }

  stop(): void {
    this.timer.stop();
  }

  async refresh(): Promise<void> {
    try {
      this.metrics.setOutboxStats(await outboxStats(this.db, new Date()));
    } catch (error) {
      // The database being down is reported by readiness; the gauges keep their last values.
      this.logger.debug({ err: error }, 'outbox gauges not refreshed');
    }
  }
}
