import type { Launch } from '../engine/launch.js';
import type { ProcessOutcome } from '../engine/process.js';
import type { Job } from '../jobs/job.js';
import type { SshSettings } from './ssh/settings.js';

/** Settings of the run that every transport receives. */
export interface TransportContext {
  /** Variables from `-e KEY=VALUE`, added to the node's environment. */
  env: Readonly<Record<string, string>>;
  /** Environment of cooperate itself, the base for processes started on this machine. */
  baseEnv: NodeJS.ProcessEnv;
  /** Settings for ssh nodes; without them, the defaults and the COOPERATE_SSH_CONFIG variable apply. */
  ssh?: SshSettings;
  /**
   * Jobs that each node gets, when that is fixed from the start (mode `all`), so that a transport can
   * connect more cheaply for a single job. Retries may run a job again.
   */
  jobsPerNode?: number;
}

/** The command's own exit status, and an error message when the node failed rather than the command. */
export interface Settled {
  code: number | null;
  error: string | null;
  /** Set when the node could not be reached, so the command never started. */
  unreachable?: boolean;
  /**
   * Set when the connection failed in a way worth another try before the command started, as when a
   * busy server drops a handshake: the engine then launches the job again.
   */
  connectAgain?: boolean;
}

/** A node that cannot run the job, with a message that gives the reason. */
export interface LaunchFailure {
  error: string;
  /** Set when the node could not be reached, so the job never started and may run on another node. */
  unreachable?: boolean;
}

/**
 * How jobs start and stop on one kind of node. The shared engine spawns, streams, times out and reaps;
 * a transport only tells it what to spawn and, where needed, how to read or stop what it spawned.
 */
export interface Transport {
  /** Says how to start `job` on this machine, or why its node cannot run it. */
  launch(job: Job): Promise<Launch | LaunchFailure>;
  /**
   * Turns the client's outcome into the command's own, for clients that report their own failures
   * through the exit status (ssh's 255, for one). Returns an error message when the node failed.
   */
  settle?(job: Job, outcome: ProcessOutcome, stderr: Buffer): Settled | Promise<Settled>;
  /**
   * Stops the job's processes on the node when ending the local client does not. The run ends the
   * local client only once this has settled, so that the client can still report the command's status.
   */
  stopRemote?(job: Job): Promise<void>;
  /**
   * Starts stopping the job on its node without waiting, for when cooperate exits at once, as on a
   * second Ctrl-C. What it starts outlives cooperate.
   */
  abandon?(job: Job): void;
  /** Gives up what a job's `launch` still waits for, such as a connection, when the run stops the job. */
  cancelLaunch?(job: Job): Promise<void>;
  /** Releases what the transport holds for the run, such as shared connections. */
  close?(): Promise<void>;
}

export function isLaunchFailure(value: Launch | LaunchFailure): value is LaunchFailure {
  return 'error' in value;
}
