import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

/** cooperate's standard input, being copied into a private temporary file. */
export interface SavedStdin {
  path: string;
  /** Settles once the whole input is in the file; rejects when copying failed or was aborted. */
  done: Promise<void>;
  /** Removes the file, even while it is still being written. */
  remove(): void;
}

/**
 * Starts copying cooperate's standard input, to its end, into a private temporary file, so that every
 * job reads all of it from the start however large it is. Aborting `signal` stops the copy.
 */
export function saveStdin(signal: AbortSignal): SavedStdin {
  const directory = mkdtempSync(join(tmpdir(), 'cooperate-stdin-'));
  const path = join(directory, 'stdin');
  return {
    path,
    done: pipeline(process.stdin, createWriteStream(path, { mode: 0o600 }), { signal }),
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}
