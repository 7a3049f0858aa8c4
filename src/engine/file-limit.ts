import { readdirSync, readFileSync } from 'node:fs';

/**
 * File descriptors that a running job keeps open in cooperate: the pipes of its stdout and stderr, plus one
 * for what a transport may open beside them.
 */
// NOTE: a transport that opens descriptors in cooperate itself, rather than in the client it spawns,
// needs a larger figure; past the limit a spawn fails with EMFILE and that job gets an error result.
export const FILES_PER_JOB = 3;

/**
 * File descriptors kept free for everything else: the pipes that a spawn opens for a moment, the job
 * log, the saved standard input and node's own.
 */
export const RESERVED_FILES = 32;

/** Reads the soft limit on open files of this process, as `ulimit -n` shows it; null where it cannot be read. */
export function readOpenFileLimit(
  limitsText: string | null = readProcFile('/proc/self/limits'),
): number | null {
  const line = limitsText?.split('\n').find((entry) => entry.startsWith('Max open files'));
  const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
  if (soft === undefined || soft === 'unlimited' || !/^\d+$/.test(soft)) {
    return null;
  }
  return Number(soft);
}

/** Number of file descriptors this process has open now; null where it cannot be counted. */
export function countOpenFiles(): number | null {
  try {
    // The listing itself uses one descriptor while it reads the directory.
    return readdirSync('/proc/self/fd').length - 1;
  } catch {
    return null;
  }
}

/**
 * Number of jobs that can run at once under the open-file limit, at least 1, or null when the limit
 * or the count is unknown, as on systems without /proc.
 */
export function jobsWithinFileLimit(limit: number | null, open: number | null): number | null {
  if (limit === null || open === null) {
    return null;
  }
  return Math.max(1, Math.floor((limit - open - RESERVED_FILES) / FILES_PER_JOB));
}

function readProcFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Lowers a window that the open-file limit cannot hold to the number of jobs it can, with a warning
 * that states the new window. Returns the window unchanged, and no warning, when it fits or the limit
 * is unknown.
 */
export function fitWindowToFileLimit(
  window: number,
  limit: number | null = readOpenFileLimit(),
  open: number | null = countOpenFiles(),
): { window: number; warning: string | null } {
  const allowed = jobsWithinFileLimit(limit, open);
  if (allowed === null || allowed >= window) {
    return { window, warning: null };
  }
  return {
    window: allowed,
    warning:
      `the open-file limit (ulimit -n) is ${limit}, so at most ${allowed} jobs run at once instead of ${window}; ` +
      `raise it with 'ulimit -n' to run more at once`,
  };
}
