import { isFailure, type RunPolicy } from './policy.js';

/**
 * Runs a failed job again, up to `retries` more times. The run consults it only while it goes on, so a job
 * stopped by a signal or by the whole-run timeout never runs again.
 */
export function createRetryPolicy(retries: number): RunPolicy {
  return {
    shouldRetry: (result, attempt) => attempt <= retries && isFailure(result),
  };
}
