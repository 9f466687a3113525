import path from 'node:path';

/** The repository root: children run with it as their working directory. */
export const ROOT = path.resolve(import.meta.dirname, '..');
export const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'latest.json');
