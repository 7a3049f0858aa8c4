import type { RunSummary } from '../results/result.js';

/** Exit status of cooperate; when several apply, the first in this list wins. */
export const EXIT = {
  /** Interrupted by SIGINT (Ctrl-C): 128 + 2, as a shell reports it. */
  interruptedInt: 130,
  /** Interrupted by SIGTERM: 128 + 15. */
  interruptedTerm: 143,
  /** Standard output was closed by its reader, as by `| head -1`: 128 + 13, as for a SIGPIPE. */
  outputClosed: 141,
  /** The whole-run timeout (-t) expired, as timeout(1) reports it. */
  timeout: 124,
  /** Some node could not run its job: unreachable, not running, client missing. */
  nodeError: 3,
  /** Some command exited non-zero or was killed by a signal. */
  commandFailed: 1,
  /** The command line or an argument file is invalid; nothing ran. */
  usage: 2,
  success: 0,
} as const;

export const EXIT_CODE_TABLE = `Exit status:
  0    every job succeeded
  1    some command exited non-zero or was killed by a signal
  2    invalid command line or argument file; nothing ran
  3    some node could not run its job (unreachable, not running, client program missing)
  124  the whole-run timeout (-t) expired
  130  interrupted by SIGINT (Ctrl-C)
  141  standard output was closed by its reader, as by '| head -1'; the jobs were stopped
  143  interrupted by SIGTERM
Jobs that --fail-fast or --max-failures keep from starting do not change the status: the failures decide it.
When several apply, the first in this order wins: 130/141/143, 124, 3, 1.`;

/** Returns the exit status for a finished run. */
export function exitCodeFor(summary: RunSummary): number {
  if (summary.interruptedBy) {
    return summary.interruptedBy === 'SIGTERM'
      ? EXIT.interruptedTerm
      : summary.interruptedBy === 'SIGPIPE'
        ? EXIT.outputClosed
        : EXIT.interruptedInt;
  }
  if (summary.timedOut) {
    return EXIT.timeout;
  }
  if (summary.counts.error > 0) {
    return EXIT.nodeError;
  }
  if (summary.counts.failed > 0 || summary.counts['timed-out'] > 0 || summary.counts.interrupted > 0) {
    return EXIT.commandFailed;
  }
  return EXIT.success;
}
