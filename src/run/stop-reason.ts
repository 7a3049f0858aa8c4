/**
 * Why the run stopped a job, or kept it from starting: the whole-run timeout (-t), the job's own time
 * limit (--job-timeout), a signal, or too many failed jobs (--fail-fast, --max-failures).
 */
export type StopReason =
  | { kind: 'timeout'; seconds: number }
  | { kind: 'job-timeout'; seconds: number }
  | { kind: 'interrupt'; signal: NodeJS.Signals }
  | { kind: 'failure-limit'; failed: number; setting: string };

/** True for the reasons that make a stopped job's status `timed-out` rather than `interrupted`. */
export function isTimeout(reason: StopReason): boolean {
  return reason.kind === 'timeout' || reason.kind === 'job-timeout';
}

/** Describes, as the result's error, why a job was stopped while it ran (`wasRunning`) or kept from starting. */
export function describeStop(reason: StopReason, wasRunning: boolean): string {
  switch (reason.kind) {
    case 'timeout': {
      const limit = `the run's time limit of ${reason.seconds} s (-t) expired`;
      return wasRunning ? `timed out: ${limit}` : `not started: ${limit}`;
    }
    case 'job-timeout': {
      const limit = `the job's time limit of ${reason.seconds} s (--job-timeout) expired`;
      return wasRunning ? `timed out: ${limit}` : `not started: ${limit}`;
    }
    case 'interrupt':
      return wasRunning
        ? `interrupted by ${reason.signal}`
        : `not started: the run was interrupted by ${reason.signal}`;
    case 'failure-limit': {
      const jobs = reason.failed === 1 ? '1 job' : `${reason.failed} jobs`;
      const limit = `${jobs} failed, reaching the limit of ${reason.setting}`;
      return wasRunning ? `stopped: ${limit}` : `not started: ${limit}`;
    }
  }
}
