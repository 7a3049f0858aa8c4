import { createFailureLimitPolicy, type FailureLimit } from './failure-limit.js';
import { createJobTimeoutPolicy } from './job-timeout.js';
import { createPerNodeLimitPolicy } from './per-node-limit.js';
import { combinePolicies, type CombinedPolicy, type RunPolicy } from './policy.js';
import { createRetryPolicy } from './retries.js';

/** The job-control part of a run's options. */
export interface JobControlOptions {
  /** Bound on each attempt of each job, in seconds. Default: none. */
  jobTimeoutSeconds?: number | null;
  /** How many more times a failed job runs. Default: 0. */
  retries?: number;
  /** Keep every earlier attempt in the final result, output included, not only the count. Default: false. */
  keepAllAttempts?: boolean;
  /** Stop starting jobs once this many jobs failed. Default: none. */
  maxFailures?: MaxFailures | null;
  /** At most this many jobs at once on any one node. Default: no limit. */
  perNodeLimit?: number | null;
}

/** When too many jobs failed, and what then happens to the running ones. */
export interface MaxFailures {
  limit: FailureLimit;
  /** Stop the running jobs too, instead of letting them finish. */
  stopRunning: boolean;
  /** The setting as results name it, such as `--max-failures 10%`; by default derived from `limit`. */
  setting?: string;
}

/** Builds the policies that `options` ask for, as one. */
export function buildPolicy(options: JobControlOptions, totalJobs: number): CombinedPolicy {
  const policies: RunPolicy[] = [];
  if (options.jobTimeoutSeconds != null) {
    policies.push(createJobTimeoutPolicy(options.jobTimeoutSeconds));
  }
  if ((options.retries ?? 0) > 0) {
    policies.push(createRetryPolicy(options.retries ?? 0));
  }
  if (options.maxFailures != null) {
    const { limit, stopRunning } = options.maxFailures;
    const value = limit.kind === 'count' ? String(limit.count) : `${limit.percent}%`;
    const setting = options.maxFailures.setting ?? `--max-failures ${value}`;
    policies.push(createFailureLimitPolicy({ limit, stopRunning, totalJobs, setting }));
  }
  if (options.perNodeLimit != null) {
    policies.push(createPerNodeLimitPolicy(options.perNodeLimit));
  }
  return combinePolicies(policies);
}
