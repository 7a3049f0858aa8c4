import { closeSync, openSync } from 'node:fs';

import {
  startProcess,
  type ProcessOutcome,
  type RunningProcess,
  type StdinFeeder,
} from '../engine/process.js';
import type { Job } from '../jobs/job.js';
import { CapturedOutput } from '../results/output.js';
import type { JobResult, JobStatus, RunEvent } from '../results/result.js';
import { isLaunchFailure, type Transport } from '../transports/transport.js';

/** Why the run stopped a job before it ended by itself. */
export type StopReason = { kind: 'timeout'; seconds: number } | { kind: 'interrupt'; signal: NodeJS.Signals };

/** A job the run has started: the run stops it through `stop` on a timeout or an interrupt. */
export interface ActiveJob {
  job: Job;
  stop(reason: StopReason): void;
  kill(): void;
}

export interface JobEnvironment {
  transport: Transport;
  /** File that every job reads as its standard input, or null for an empty one. */
  stdinFile: string | null;
  /** Milliseconds between SIGTERM and SIGKILL when a job is stopped. */
  killGraceMs: number;
  emit(event: RunEvent): void;
  /** Called once the job can be stopped, and with null once it has ended. */
  track(seq: number, active: ActiveJob | null): void;
}

/** Runs one job to its end and returns its result; never throws for a failure of the job or its node. */
export async function executeJob(job: Job, environment: JobEnvironment): Promise<JobResult> {
  const { transport } = environment;
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const started = new Date();
  let stopReason: StopReason | null = null;
  let running: RunningProcess | null = null;
  let stopSignal: NodeJS.Signals = 'SIGTERM';

  const finish = (fields: Pick<JobResult, 'status' | 'code' | 'signal' | 'error'>): JobResult => {
    environment.track(job.seq, null);
    return {
      seq: job.seq,
      node: job.node,
      command: job.command,
      ...fields,
      stdout: stdout.toBuffer(),
      stderr: stderr.toBuffer(),
      started,
      durationMs: Date.now() - started.getTime(),
    };
  };

  environment.track(job.seq, {
    job,
    stop(reason) {
      stopReason ??= reason;
      running?.terminate(stopSignal, environment.killGraceMs);
      void transport.stopRemote?.(job);
    },
    kill() {
      running?.kill();
    },
  });
  environment.emit({ kind: 'job-started', job, time: started });

  let launch;
  try {
    launch = await transport.launch(job);
  } catch (error) {
    return finish({
      status: 'error',
      code: null,
      signal: null,
      error: `could not prepare the job: ${String(error)}`,
    });
  }
  // A job stopped while its node was still connecting did not start, even when the connection failed.
  if (stopReason) {
    return finish({
      status: 'not-started',
      code: null,
      signal: null,
      error: describeStop(stopReason, false),
    });
  }
  if (isLaunchFailure(launch)) {
    const result = finish({ status: 'error', code: null, signal: null, error: launch.error });
    return launch.unreachable ? { ...result, unreachable: true } : result;
  }

  const { feedStdin } = launch;
  const stdin: number | 'ignore' | StdinFeeder = feedStdin
    ? (pipe) => feedStdin(pipe, environment.stdinFile)
    : environment.stdinFile === null
      ? 'ignore'
      : openSync(environment.stdinFile, 'r');
  try {
    stopSignal = launch.stopSignal ?? 'SIGTERM';
    running = startProcess(launch, stdin, {
      onOutput(stream, chunk) {
        (stream === 'stdout' ? stdout : stderr).append(chunk);
        environment.emit({ kind: 'output', job, stream, chunk });
      },
    });
  } finally {
    if (typeof stdin === 'number') {
      closeSync(stdin);
    }
  }
  const outcome = await running.outcome;

  if (outcome.spawnError) {
    return finishSpawnFailure(launch.file, launch.isUserProgram, outcome.spawnError, stderr, finish);
  }
  const settled = (await transport.settle?.(job, outcome, stderr.toBuffer())) ?? {
    code: outcome.code,
    error: null,
  };
  if (stopReason) {
    const status: JobStatus = (stopReason as StopReason).kind === 'timeout' ? 'timed-out' : 'interrupted';
    return finish({
      status,
      code: settled.code,
      signal: signalOf(outcome, settled.code),
      error: describeStop(stopReason, true),
    });
  }
  if (settled.error !== null) {
    return finish({ status: 'error', code: settled.code, signal: outcome.signal, error: settled.error });
  }
  return finish({
    status: settled.code === 0 ? 'succeeded' : 'failed',
    code: settled.code,
    signal: signalOf(outcome, settled.code),
    error: null,
  });
}

function signalOf(outcome: ProcessOutcome, code: number | null): NodeJS.Signals | null {
  return code === outcome.code ? outcome.signal : null;
}

/**
 * A program that cannot be found or executed gets the exit status a POSIX shell gives it (127 or 126)
 * and the shell's kind of message on stderr, so a local argument vector reads like one run by a shell.
 * A client program of a transport that is missing is a node error instead.
 */
function finishSpawnFailure(
  file: string,
  isUserProgram: boolean,
  error: NodeJS.ErrnoException,
  stderr: CapturedOutput,
  finish: (fields: Pick<JobResult, 'status' | 'code' | 'signal' | 'error'>) => JobResult,
): JobResult {
  if (isUserProgram && (error.code === 'ENOENT' || error.code === 'EACCES')) {
    const notFound = error.code === 'ENOENT';
    stderr.append(
      Buffer.from(`cooperate: ${file}: ${notFound ? 'command not found' : 'permission denied'}\n`),
    );
    return finish({ status: 'failed', code: notFound ? 127 : 126, signal: null, error: null });
  }
  const hint = error.code === 'ENOENT' ? `; install ${file} or put it on PATH` : '';
  return finish({
    status: 'error',
    code: null,
    signal: null,
    error: `could not start ${file}: ${error.message}${hint}`,
  });
}

export function describeStop(reason: StopReason, wasRunning: boolean): string {
  if (reason.kind === 'timeout') {
    const limit = `the run's time limit of ${reason.seconds} s (-t) expired`;
    return wasRunning ? `timed out: ${limit}` : `not started: ${limit}`;
  }
  return wasRunning
    ? `interrupted by ${reason.signal}`
    : `not started: the run was interrupted by ${reason.signal}`;
}
