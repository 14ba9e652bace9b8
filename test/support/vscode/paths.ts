// Where the end-to-end harness finds the repository and keeps its scratch folders and artifacts.
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
/** Scratch: code-server's install, the runs' folders, the packaging fallback's files. */
export const e2eDir = path.join(repoRoot, '.e2e');
/** Artifacts: screenshots, logs of each run, failure folders. */
export const resultsDir = path.join(repoRoot, 'test-results', 'e2e');
