import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { markdownTable, readRows } from './summary.js';

/**
 * Gives every scenario file the path of a fresh summary file, and prints the collected rows
 * once all files have run (also when some failed). The Markdown copy is kept for the docs.
 */
export default function setup(project: TestProject): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-api-reliability-'));
  const file = path.join(dir, 'summary.jsonl');
  project.provide('reliabilitySummaryFile', file);
  const started = Date.now();
  return () => {
    const rows = readRows(file);
    const seconds = Math.round((Date.now() - started) / 1000);
    process.stdout.write(`\n=== reliability summary (${rows.length} rows, suite wall time ${seconds} s) ===\n`);
    console.table(rows);
    const markdown = `${markdownTable(rows)}\n\nSuite wall time: ${seconds} s\n`;
    const copy = path.join(os.tmpdir(), 'people-api-reliability-summary.md');
    fs.writeFileSync(copy, markdown);
    process.stdout.write(`Markdown copy: ${copy}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
