import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let directory: string | null = null;
let fileCount = 0;

/**
 * Returns a new path for a spill file in cooperate's temporary directory, which is made on first use
 * and removed, with every file in it, when the process exits.
 */
export function newSpillPath(): string {
  if (directory === null) {
    directory = mkdtempSync(join(tmpdir(), 'cooperate-'));
    process.once('exit', removeSpillDirectory);
  }
  fileCount++;
  return join(directory, `output-${fileCount}`);
}

/** Removes the temporary directory now; exiting on a signal through `process.exit` also removes it. */
export function removeSpillDirectory(): void {
  if (directory !== null) {
    rmSync(directory, { recursive: true, force: true });
    directory = null;
  }
}
