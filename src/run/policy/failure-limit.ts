import type { CountOrPercent } from '../../scheduling/window.js';
import { isFailure, type RunPolicy } from './policy.js';

/** The `--max-failures` setting: a number of failed jobs, or a percentage of all the run's jobs. */
export type FailureLimit = CountOrPercent;

export interface FailureLimitOptions {
  limit: FailureLimit;
  /** Stop the running jobs too, not only the ones that have not started (`--fail-fast=now`). */
  stopRunning: boolean;
  /** Number of jobs in the run, which a percentage applies to. */
  totalJobs: number;
  /** The option as the user gave it, such as `--max-failures 10%`, for the results of stopped jobs. */
  setting: string;
}

/** Stops the run once the number of failed jobs reaches the limit; retried jobs count once, by their last attempt. */
export function createFailureLimitPolicy(options: FailureLimitOptions): RunPolicy {
  const threshold = failureThreshold(options.limit, options.totalJobs);
  let failed = 0;
  return {
    jobFinished(result) {
      if (!isFailure(result)) {
        return null;
      }
      failed++;
      if (failed !== threshold) {
        return null;
      }
      return {
        reason: { kind: 'failure-limit', failed, setting: options.setting },
        stopRunning: options.stopRunning,
      };
    },
  };
}

/**
 * Number of failed jobs that stops the run: a percentage of the jobs is rounded up and is at least 1,
 * so that 10% of 15 jobs is 2 failures and 1% of 10 jobs is 1.
 */
export function failureThreshold(limit: FailureLimit, totalJobs: number): number {
  if (limit.kind === 'count') {
    return limit.count;
  }
  // Round the product first so that float error (such as 0.29 * 100) cannot push an exact value up by one.
  const exact = Math.round(limit.percent * totalJobs * 1e6) / 1e8;
  return Math.max(1, Math.ceil(exact));
}
