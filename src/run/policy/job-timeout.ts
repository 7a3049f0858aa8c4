import type { RunPolicy } from './policy.js';

/** Stops each attempt of a job that runs longer than `seconds`; the job's result reports the timeout. */
export function createJobTimeoutPolicy(seconds: number): RunPolicy {
  return {
    attemptStarted(attempt) {
      const timer = setTimeout(() => attempt.stop({ kind: 'job-timeout', seconds }), seconds * 1000);
      return () => clearTimeout(timer);
    },
  };
}
