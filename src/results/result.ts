import type { Command, Job } from '../jobs/job.js';
import type { NodeSpec } from '../nodes/node.js';
import type { CapturedOutput } from './output.js';

/**
 * Why a job ended, from the run's point of view. `failed` means the command itself exited non-zero or
 * was killed; `error` means the node could not run it. The others mean that the run stopped the job.
 */
export type JobStatus = 'succeeded' | 'failed' | 'error' | 'timed-out' | 'interrupted' | 'not-started';

/** The one result shape for every job, whether it succeeded, failed or never ran. */
export interface JobResult {
  seq: number;
  node: NodeSpec;
  command: Command;
  status: JobStatus;
  /** Exit status of the command, 128+N when signal N killed it, null when it never ran or never ended. */
  code: number | null;
  /** Name of the signal that killed the command, such as `SIGTERM`. */
  signal: NodeJS.Signals | null;
  /** Failure outside the command itself, such as a timeout or an unreachable node. */
  error: string | null;
  /** Output of the command. Large output is kept in a temporary file until `dispose()`. */
  stdout: CapturedOutput;
  stderr: CapturedOutput;
  /** When the job's process was started, null when it never was. */
  started: Date | null;
  /** Milliseconds from start to end, 0 when it never started. */
  durationMs: number;
  /** Set when the node could not be reached: the command never started, so it may run elsewhere. */
  unreachable?: boolean;
  /**
   * Set when the run's time limit (-t) stopped the job while it ran, unlike its own limit
   * (--job-timeout): the job did not finish, so a resumed run starts it again.
   */
  cutByRunTimeout?: boolean;
  /** Number of times the job ran, set when failed jobs may run again (`--retries`). */
  attempts?: number;
  /** The attempts before the last one, oldest first, kept when every attempt's output is requested. */
  previousAttempts?: AttemptResult[];
}

/** Outcome of one earlier attempt of a job that ran again, with the node it ran on. */
export type AttemptResult = Omit<JobResult, 'seq' | 'command' | 'attempts' | 'previousAttempts'>;

/** Events of a run, in the order they happen; every job gets exactly one `job-finished`. */
export type RunEvent =
  | { kind: 'run-started'; nodes: readonly NodeSpec[]; total: number }
  | { kind: 'job-started'; job: Job; time: Date }
  | { kind: 'output'; job: Job; stream: 'stdout' | 'stderr'; chunk: Buffer }
  | { kind: 'job-finished'; result: JobResult }
  /** A node could not be reached; in distribute mode its jobs run on the other nodes. Sent once a node. */
  | { kind: 'node-unreachable'; node: NodeSpec; error: string }
  /** Something the user should know about the run as a whole, such as a lowered window. */
  | { kind: 'warning'; message: string }
  | { kind: 'run-finished'; summary: RunSummary };

/** Outcome of a whole run. */
export interface RunSummary {
  total: number;
  counts: Record<JobStatus, number>;
  /** Set when the whole-run timeout expired. */
  timedOut: boolean;
  /** The signal that interrupted the run, if one did. */
  interruptedBy: NodeJS.Signals | null;
  durationMs: number;
}

export type { Command };
