import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { JobResult, JobStatus } from '../../src/results/result.js';
import { AttemptHistory } from '../../src/run/attempts.js';
import type { ActiveJob } from '../../src/run/execute-job.js';
import { createFailureLimitPolicy, failureThreshold } from '../../src/run/policy/failure-limit.js';
import { buildPolicy } from '../../src/run/policy/from-options.js';
import { createJobTimeoutPolicy } from '../../src/run/policy/job-timeout.js';
import { createPerNodeLimitPolicy } from '../../src/run/policy/per-node-limit.js';
import { combinePolicies } from '../../src/run/policy/policy.js';
import { createRetryPolicy } from '../../src/run/policy/retries.js';
import type { StopReason } from '../../src/run/stop-reason.js';
import { capturedFrom } from '../../src/results/output.js';

function resultOf(status: JobStatus, seq = 0, stdout = ''): JobResult {
  return {
    seq,
    node: { kind: 'local', name: 'local', index: 0, label: 'local' },
    command: { kind: 'shell', line: 'true' },
    status,
    code: status === 'succeeded' ? 0 : 1,
    signal: null,
    error: null,
    stdout: capturedFrom(Buffer.from(stdout)),
    stderr: capturedFrom(Buffer.alloc(0)),
    started: new Date(0),
    durationMs: 1,
  };
}

/** Creates an attempt that records the reasons it is stopped for. */
function recordingAttempt(reasons: StopReason[]): ActiveJob {
  return {
    job: {
      seq: 0,
      node: { kind: 'local', name: 'local', index: 0, label: 'local' },
      command: { kind: 'shell', line: 'true' },
    },
    stop: (reason) => reasons.push(reason),
    kill: () => {},
    pauseOutput: () => {},
    resumeOutput: () => {},
  };
}

describe('retry policy', () => {
  it('retries failures up to the limit', () => {
    const policy = createRetryPolicy(2);
    assert.equal(policy.shouldRetry?.(resultOf('failed'), 1), true);
    assert.equal(policy.shouldRetry?.(resultOf('error'), 2), true);
    assert.equal(policy.shouldRetry?.(resultOf('failed'), 3), false);
  });

  it('retries timeouts but not successes or interrupts', () => {
    const policy = createRetryPolicy(1);
    assert.equal(policy.shouldRetry?.(resultOf('timed-out'), 1), true);
    assert.equal(policy.shouldRetry?.(resultOf('succeeded'), 1), false);
    assert.equal(policy.shouldRetry?.(resultOf('interrupted'), 1), false);
  });
});

describe('failure limit policy', () => {
  it('stops once at the threshold', () => {
    const policy = createFailureLimitPolicy({
      limit: { kind: 'count', count: 2 },
      stopRunning: true,
      totalJobs: 10,
      setting: '--max-failures 2',
    });
    assert.equal(policy.jobFinished?.(resultOf('failed')), null);
    assert.equal(policy.jobFinished?.(resultOf('succeeded')), null);
    const request = policy.jobFinished?.(resultOf('error'));
    assert.deepEqual(request, {
      reason: { kind: 'failure-limit', failed: 2, setting: '--max-failures 2' },
      stopRunning: true,
    });
    assert.equal(policy.jobFinished?.(resultOf('failed')), null);
  });

  it('rounds a percentage up, to at least one', () => {
    assert.equal(failureThreshold({ kind: 'percent', percent: 10 }, 15), 2);
    assert.equal(failureThreshold({ kind: 'percent', percent: 1 }, 10), 1);
    assert.equal(failureThreshold({ kind: 'percent', percent: 29 }, 100), 29);
    assert.equal(failureThreshold({ kind: 'percent', percent: 100 }, 7), 7);
  });
});

describe('per-node limit policy', () => {
  it('admits below the limit only', () => {
    const policy = createPerNodeLimitPolicy(2);
    assert.equal(policy.admits?.(0, 1), true);
    assert.equal(policy.admits?.(0, 2), false);
  });
});

describe('job timeout policy', () => {
  it('stops an attempt that runs too long', async () => {
    const reasons: StopReason[] = [];
    const attempt = recordingAttempt(reasons);
    const end = createJobTimeoutPolicy(0.05).attemptStarted?.(attempt);
    await new Promise((resolve) => setTimeout(resolve, 150));
    end?.();
    assert.deepEqual(reasons, [{ kind: 'job-timeout', seconds: 0.05 }]);
  });

  it('leaves an attempt that ended in time alone', async () => {
    const reasons: StopReason[] = [];
    const attempt = recordingAttempt(reasons);
    const end = createJobTimeoutPolicy(0.05).attemptStarted?.(attempt);
    end?.();
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.deepEqual(reasons, []);
  });
});

describe('combined policies', () => {
  it('admits only what every policy admits', () => {
    const policy = combinePolicies([createPerNodeLimitPolicy(3), { admits: (nodeIndex) => nodeIndex !== 1 }]);
    assert.equal(policy.admits(0, 2), true);
    assert.equal(policy.admits(0, 3), false);
    assert.equal(policy.admits(1, 0), false);
  });

  it('lets every policy count every result', () => {
    let seen = 0;
    const counter = { jobFinished: () => (seen++, null) };
    const limit = createFailureLimitPolicy({
      limit: { kind: 'count', count: 1 },
      stopRunning: false,
      totalJobs: 1,
      setting: '--fail-fast',
    });
    const policy = combinePolicies([limit, counter]);
    assert.notEqual(policy.jobFinished(resultOf('failed')), null);
    assert.equal(seen, 1);
  });

  it('is empty for no options', () => {
    const policy = buildPolicy({}, 5);
    assert.equal(policy.admits(0, 1000), true);
    assert.equal(policy.shouldRetry(resultOf('failed'), 1), false);
    assert.equal(policy.jobFinished(resultOf('failed')), null);
  });
});

describe('attempt history', () => {
  it('counts attempts and keeps earlier output when asked', () => {
    const history = new AttemptHistory(true, true);
    const first = resultOf('failed', 4, 'one');
    assert.equal(history.attemptOf(first), 1);
    history.recordRetry(first);
    const last = resultOf('succeeded', 4, 'two');
    assert.equal(history.attemptOf(last), 2);
    const final = history.finalResult(last);
    assert.equal(final.attempts, 2);
    assert.equal(final.stdout.toBuffer().toString(), 'two');
    assert.equal(final.previousAttempts?.length, 1);
    assert.equal(final.previousAttempts?.[0]?.stdout.toBuffer().toString(), 'one');
  });

  it('reports the last attempt of a job left waiting', () => {
    const history = new AttemptHistory(true, false);
    history.recordRetry(resultOf('failed', 2, 'ran'));
    const final = history.finalResultOfWaiting(2, resultOf('not-started', 2));
    assert.equal(final.status, 'failed');
    assert.equal(final.attempts, 1);
    assert.equal(final.previousAttempts, undefined);
  });

  it('counts no attempt for a job that never ran', () => {
    const history = new AttemptHistory(true, false);
    assert.equal(history.finalResultOfWaiting(3, resultOf('not-started', 3)).attempts, 0);
  });

  it('leaves results alone without retries', () => {
    const history = new AttemptHistory(false, false);
    assert.equal(history.finalResult(resultOf('failed')).attempts, undefined);
  });
});
