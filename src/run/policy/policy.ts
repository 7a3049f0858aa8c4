import type { JobResult } from '../../results/result.js';
import type { ActiveJob } from '../execute-job.js';
import type { StopReason } from '../stop-reason.js';

/** A policy's request to stop the run: new jobs never start, and with `stopRunning` the running ones stop too. */
export interface StopRequest {
  reason: StopReason;
  stopRunning: boolean;
}

/**
 * A rule of job control that the run consults as jobs start and end. Every hook is optional, so each
 * policy implements only the moments it cares about.
 */
export interface RunPolicy {
  /** Says whether one more job may start on a node that runs `running` jobs now. */
  admits?(nodeIndex: number, running: number): boolean;
  /** Called as an attempt of a job starts; returns a function that the run calls when it ends. */
  attemptStarted?(attempt: ActiveJob): () => void;
  /** Says whether a job whose attempt number `attempt` (from 1) ended with `result` runs again. */
  shouldRetry?(result: JobResult, attempt: number): boolean;
  /** Called with each job's final result; returns a request to stop the run, or null to go on. */
  jobFinished?(result: JobResult): StopRequest | null;
}

/** Every hook of a policy, as `combinePolicies` returns it. */
export type CombinedPolicy = Required<RunPolicy>;

/**
 * Combines policies into one: a job starts when every policy admits it, runs again when any policy
 * requests a retry, and the first stop request wins.
 */
export function combinePolicies(policies: readonly RunPolicy[]): CombinedPolicy {
  return {
    admits: (nodeIndex, running) => policies.every((policy) => policy.admits?.(nodeIndex, running) ?? true),
    attemptStarted(attempt) {
      const ends = policies.map((policy) => policy.attemptStarted?.(attempt));
      return () => ends.forEach((end) => end?.());
    },
    shouldRetry: (result, attempt) =>
      policies.some((policy) => policy.shouldRetry?.(result, attempt) ?? false),
    jobFinished(result) {
      let request: StopRequest | null = null;
      // Every policy gets every result, so that each keeps its own count.
      for (const policy of policies) {
        const own = policy.jobFinished?.(result) ?? null;
        request ??= own;
      }
      return request;
    },
  };
}

/** True for a final status that counts as a failure: the command failed, the node failed, or it timed out. */
export function isFailure(result: JobResult): boolean {
  return result.status === 'failed' || result.status === 'error' || result.status === 'timed-out';
}
