/**
 * How to start a job's process on this machine: the transport's whole answer for one job.
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
}
