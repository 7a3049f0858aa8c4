import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

/**
 * Copies cooperate's standard input, to its end, into a private temporary file, so that every job
 * reads all of it from the start however large it is. Returns the file and a function that removes it.
 */
export async function saveStdin(): Promise<{ path: string; remove: () => void }> {
  const directory = mkdtempSync(join(tmpdir(), 'cooperate-stdin-'));
  const remove = (): void => rmSync(directory, { recursive: true, force: true });
  const path = join(directory, 'stdin');
  try {
    await pipeline(process.stdin, createWriteStream(path, { mode: 0o600 }));
  } catch (error) {
    remove();
    throw error;
  }
  return { path, remove };
}
