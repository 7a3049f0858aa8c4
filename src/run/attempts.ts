import type { AttemptResult, JobResult } from '../results/result.js';

/**
 * The attempts of jobs that run again after a failure: counts them and, when asked, keeps every earlier
 * attempt so that the final result can show their output too.
 */
export class AttemptHistory {
  private readonly earlier = new Map<number, JobResult[]>();

  /**
   * @param counting set when jobs may run again, so that each final result carries its count of attempts
   * @param keepAll keep every earlier attempt in the final result, not only the count
   */
  constructor(
    private readonly counting: boolean,
    private readonly keepAll: boolean,
  ) {}

  /** Number of the attempt that ended with `result`, from 1. */
  attemptOf(result: JobResult): number {
    return (this.earlier.get(result.seq)?.length ?? 0) + 1;
  }

  /** Records an attempt that will be followed by another one. */
  recordRetry(result: JobResult): void {
    const list = this.earlier.get(result.seq) ?? [];
    list.push(result);
    this.earlier.set(result.seq, list);
  }

  /** Builds the result to report for a job whose last attempt ended with `result`. */
  finalResult(result: JobResult): JobResult {
    const earlier = this.earlier.get(result.seq) ?? [];
    this.earlier.delete(result.seq);
    if (!this.counting) {
      return result;
    }
    const ran = result.status === 'not-started' ? 0 : 1;
    const final: JobResult = { ...result, attempts: earlier.length + ran };
    if (this.keepAll) {
      final.previousAttempts = earlier.map(toAttemptResult);
    }
    return final;
  }

  /**
   * Builds the result to report for a job that was waiting to run again when the run stopped. That is its
   * last attempt, because "not started" would hide that it ran, or `fallback` when the job never ran.
   */
  finalResultOfWaiting(seq: number, fallback: JobResult): JobResult {
    const earlier = this.earlier.get(seq);
    const last = earlier?.pop();
    return last === undefined ? this.finalResult(fallback) : this.finalResult(last);
  }
}

function toAttemptResult(result: JobResult): AttemptResult {
  return {
    node: result.node,
    status: result.status,
    code: result.code,
    signal: result.signal,
    error: result.error,
    stdout: result.stdout,
    stderr: result.stderr,
    started: result.started,
    durationMs: result.durationMs,
  };
}
