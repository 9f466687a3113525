import fs from 'node:fs';
import { inject } from 'vitest';
import type { Delivery } from './delivery.js';

/** One scenario's figures: a row of the table printed at the end of `npm run test:reliability`. */
export interface SummaryRow {
  readonly scenario: string;
  /** HTTP requests sent. */
  readonly requests: number;
  /** Requests answered 2xx. */
  readonly accepted: number;
  /** Messages that must reach SNS (one per acknowledged write). */
  readonly expected: number;
  /** Of those, how many arrived (each counted once). */
  readonly delivered: number;
  /** Messages that arrived more than once (at-least-once delivery allows them). */
  readonly duplicates: number;
  readonly deadLetters: number;
  readonly lost: number;
  readonly seconds: number;
  readonly notes: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** JSON-lines file the scenarios append their rows to; the global teardown prints it. */
    reliabilitySummaryFile: string;
  }
}

/** Appends a row for the final table (test files run in separate workers, so a file collects them). */
export function recordRow(row: SummaryRow): void {
  fs.appendFileSync(inject('reliabilitySummaryFile'), `${JSON.stringify(row)}\n`);
  process.stdout.write(`[reliability] ${JSON.stringify(row)}\n`);
}

export function readRows(file: string): SummaryRow[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SummaryRow);
}

const COLUMNS: readonly (keyof SummaryRow)[] = [
  'scenario',
  'requests',
  'accepted',
  'expected',
  'delivered',
  'duplicates',
  'deadLetters',
  'lost',
  'seconds',
  'notes',
];

/** The same rows as a Markdown table, for docs/reliability.md. */
export function markdownTable(rows: readonly SummaryRow[]): string {
  const header = `| ${COLUMNS.join(' | ')} |`;
  const rule = `| ${COLUMNS.map(() => '---').join(' | ')} |`;
  const lines = rows.map((row) => `| ${COLUMNS.map((column) => String(row[column]).replaceAll('|', '/')).join(' | ')} |`);
  return [header, rule, ...lines].join('\n');
}

/** The figures a load scenario reports the same way: what was sent, accepted and delivered. */
export function deliveryFigures(
  report: { readonly records: readonly unknown[]; readonly accepted: readonly unknown[] },
  delivery: Delivery,
  deadLetters: number,
): Pick<SummaryRow, 'requests' | 'accepted' | 'expected' | 'delivered' | 'duplicates' | 'deadLetters' | 'lost'> {
  return {
    requests: report.records.length,
    accepted: report.accepted.length,
    expected: delivery.expected,
    delivered: delivery.delivered,
    duplicates: delivery.duplicates,
    deadLetters,
    lost: delivery.lost.length,
  };
}
