import type { Writable } from 'node:stream';

/**
 * How to start a job's process on this machine: everything a transport returns for one job.
 */
export interface Launch {
  /** Program to run here: the user's own program for a local argument vector, else a client such as ssh. */
  file: string;
  args: string[];
  /** The process's whole environment. */
  env: NodeJS.ProcessEnv;
  /**
   * True when `file` is the user's program itself, so that a missing program is reported as a shell
   * would (exit status 127) rather than as a node error.
   */
  isUserProgram: boolean;
  /**
   * Writer of the process's standard input, set when it must be a pipe: the function gets the pipe and
   * the file that contains the run's standard input (null for an empty one). A client may send a header
   * before the data and keep the pipe open while the job runs.
   */
  feedStdin?: (pipe: Writable, stdinFile: string | null) => void;
  /**
   * Signal that stops the process when the run stops the job (default SIGTERM, then SIGKILL after a
   * grace period). A client whose remote side gives the job its own grace period can take SIGKILL.
   */
  stopSignal?: NodeJS.Signals;
  /**
   * Milliseconds that the client gets, after the transport's `stopRemote`, to report the command's
   * own status before it is terminated. The default is the run's kill grace period. A node that gives
   * the command a grace period of its own needs at least that long.
   */
  reportGraceMs?: number;
}
