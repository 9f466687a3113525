/**
 * Calls `deleteBatch(batchSize)` until it deletes fewer rows than that; returns the total.
 * Small batches keep each statement's locks (and SQLite's event-loop time) short.
 */
export async function deleteInBatches(batchSize: number, deleteBatch: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch(batchSize);
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
