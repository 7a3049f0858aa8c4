import { closeSync, openSync } from 'node:fs';

import {
  startProcess,
  type ProcessOutcome,
  type RunningProcess,
  type StdinFeeder,
} from '../engine/process.js';
import type { Job } from '../jobs/job.js';
import { CapturedOutput, type CaptureLimits } from '../results/output.js';
import type { JobResult, RunEvent } from '../results/result.js';
import { isLaunchFailure, type Transport } from '../transports/transport.js';
import { describeStop, isTimeout, type StopReason } from './stop-reason.js';

export type { StopReason };

/** A job the run has started: the run stops it through `stop` on a timeout or an interrupt. */
export interface ActiveJob {
  job: Job;
  stop(reason: StopReason): void;
  kill(): void;
  /** Stops reading the job's output pipes, so that the command blocks once they are full. */
  pauseOutput(): void;
  resumeOutput(): void;
}

export interface JobEnvironment {
  transport: Transport;
  /** File that every job reads as its standard input, or null for an empty one. */
  stdinFile: string | null;
  /** Milliseconds between SIGTERM and SIGKILL when a job is stopped. */
  killGraceMs: number;
  /** How much output each stream keeps in memory and in all. */
  captureLimits: CaptureLimits;
  /** True while the reader of the events is behind, so new processes start with their output paused. */
  isOutputPaused(): boolean;
  emit(event: RunEvent): void;
  /** Called once the job can be stopped, and with null once it has ended. */
  track(seq: number, active: ActiveJob | null): void;
}

/** Runs one job to its end and returns its result; never throws for a failure of the job or its node. */
export async function executeJob(job: Job, environment: JobEnvironment): Promise<JobResult> {
  const { transport } = environment;
  const stdout = new CapturedOutput(environment.captureLimits);
  const stderr = new CapturedOutput(environment.captureLimits);
  const started = new Date();
  let stopReason: StopReason | null = null;
  let running: RunningProcess | null = null;
  let stopSignal: NodeJS.Signals = 'SIGTERM';
  let reportGraceMs: number | undefined;
  // Stopping inside the node, for transports that need it; the job ends only once this has settled.
  // It resolves with the reason when that stop failed, so that the result reports it.
  let remoteStop: Promise<string | null> | null = null;

  const finish = (fields: Pick<JobResult, 'status' | 'code' | 'signal' | 'error'>): JobResult => {
    environment.track(job.seq, null);
    stdout.close();
    stderr.close();
    return {
      seq: job.seq,
      node: job.node,
      command: job.command,
      ...fields,
      stdout,
      stderr,
      started,
      durationMs: Date.now() - started.getTime(),
    };
  };

  environment.track(job.seq, {
    job,
    stop(reason) {
      stopReason ??= reason;
      if (!running) {
        // Still connecting: the job will not start, and a transport may give up the connection now.
        void transport.cancelLaunch?.(job);
        return;
      }
      if (remoteStop) {
        return;
      }
      if (!transport.stopRemote) {
        running.terminate(stopSignal, environment.killGraceMs);
        return;
      }
      // The client is ended only after the stop inside the node, and after a grace period in which it
      // can still fetch and report the command's own exit status, such as 143 for SIGTERM.
      const client = running;
      remoteStop = stopOnNode(transport, job).then(async (failure) => {
        await endClient(
          client,
          reportGraceMs ?? environment.killGraceMs,
          stopSignal,
          environment.killGraceMs,
        );
        return failure;
      });
    },
    kill() {
      if (running) {
        // A client such as `docker exec` ends without its command, so the transport stops the command on the node too.
        transport.abandon?.(job);
        running.kill();
      }
    },
    pauseOutput() {
      running?.pauseOutput();
    },
    resumeOutput() {
      running?.resumeOutput();
    },
  });
  // Output is kept for the result and passed on at once to the views that show it live.
  const keepOutput = (stream: 'stdout' | 'stderr', chunk: Buffer): void => {
    const kept = (stream === 'stdout' ? stdout : stderr).append(chunk);
    if (kept.length > 0) {
      environment.emit({ kind: 'output', job, stream, chunk: kept });
    }
  };
  const writeStderr = (chunk: Buffer): void => keepOutput('stderr', chunk);
  environment.emit({ kind: 'job-started', job, time: started });

  let result: JobResult;
  try {
    result = await launchAndWait();
  } catch (error) {
    // Anything the engine did not expect, such as running out of file descriptors, ends this job only.
    (running as RunningProcess | null)?.kill();
    result = finish({
      status: 'error',
      code: null,
      signal: null,
      error: `could not run the job: ${messageOf(error)}`,
    });
  }
  const remoteError = remoteStop === null ? null : await (remoteStop as Promise<string | null>);
  return remoteError === null ? result : { ...result, error: joinErrors(result.error, remoteError) };

  async function launchAndWait(): Promise<JobResult> {
    let launch;
    try {
      launch = await transport.launch(job);
    } catch (error) {
      return finish({
        status: 'error',
        code: null,
        signal: null,
        error: `could not prepare the job: ${messageOf(error)}`,
      });
    }
    // A job stopped while its node was still connecting did not start, even when the connection failed.
    if (stopReason) {
      // A job whose own time limit expired while its transport prepared it did run out of time.
      const timedOut = (stopReason as StopReason).kind === 'job-timeout';
      return finish({
        status: timedOut ? 'timed-out' : 'not-started',
        code: null,
        signal: null,
        error: describeStop(stopReason, timedOut),
      });
    }
    if (isLaunchFailure(launch)) {
      const failed = finish({ status: 'error', code: null, signal: null, error: launch.error });
      return launch.unreachable ? { ...failed, unreachable: true } : failed;
    }

    const { feedStdin } = launch;
    const stdin: number | 'ignore' | StdinFeeder = feedStdin
      ? (pipe) => feedStdin(pipe, environment.stdinFile)
      : environment.stdinFile === null
        ? 'ignore'
        : openSync(environment.stdinFile, 'r');
    try {
      stopSignal = launch.stopSignal ?? 'SIGTERM';
      reportGraceMs = launch.reportGraceMs;
      running = startProcess(launch, stdin, { onOutput: keepOutput });
      if (environment.isOutputPaused()) {
        running.pauseOutput();
      }
    } finally {
      if (typeof stdin === 'number') {
        closeSync(stdin);
      }
    }
    const outcome = await running.outcome;
    if (remoteStop) {
      await remoteStop;
    }

    if (outcome.spawnError) {
      return finishSpawnFailure(launch.file, launch.isUserProgram, outcome.spawnError, writeStderr, finish);
    }
    // NOTE: this reads the whole of stderr into memory, so a huge stderr through a client transport costs memory.
    const settled = (await transport.settle?.(job, outcome, stderr.toBuffer())) ?? {
      code: outcome.code,
      error: null,
    };
    // Nothing ran yet, so the job starts over; the transport bounds the tries.
    if (settled.connectAgain === true && !stopReason && stdout.byteLength + stderr.byteLength === 0) {
      running = null;
      return launchAndWait();
    }
    if (stopReason) {
      // A stopped client's own status is not the command's, so the code is the one the transport settled on.
      // A cast, because the compiler cannot see that the callbacks above set stopReason.
      const reason = stopReason as StopReason;
      const cutByRunTimeout = reason.kind === 'timeout';
      const stopped = finish({
        status: isTimeout(reason) ? 'timed-out' : 'interrupted',
        code: settled.code,
        signal: signalOf(outcome, settled.code),
        error: describeStop(reason, true),
      });
      return cutByRunTimeout ? { ...stopped, cutByRunTimeout } : stopped;
    }
    if (settled.error !== null) {
      const failed = finish({
        status: 'error',
        code: settled.code,
        signal: outcome.signal,
        error: settled.error,
      });
      return settled.unreachable === true ? { ...failed, unreachable: true } : failed;
    }
    return finish({
      status: settled.code === 0 ? 'succeeded' : 'failed',
      code: settled.code,
      signal: signalOf(outcome, settled.code),
      error: null,
    });
  }
}

/** Asks the transport to stop the job on its node; returns the failure as a message, null when it worked. */
async function stopOnNode(transport: Transport, job: Job): Promise<string | null> {
  try {
    await transport.stopRemote?.(job);
    return null;
  } catch (error) {
    return `could not stop the job on ${job.node.name}: ${messageOf(error)}`;
  }
}

function joinErrors(first: string | null, second: string): string {
  return first === null ? second : `${first}; ${second}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Waits up to `waitMs` for a client to exit by itself, then sends it `signal` and SIGKILL `graceMs`
 * later. The signal is the one its transport chose, such as SIGKILL for an ssh client.
 */
async function endClient(
  client: RunningProcess,
  waitMs: number,
  signal: NodeJS.Signals,
  graceMs: number,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, waitMs);
  });
  await Promise.race([client.outcome, graceOver]);
  clearTimeout(timer);
  client.terminate(signal, graceMs);
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
  writeStderr: (chunk: Buffer) => void,
  finish: (fields: Pick<JobResult, 'status' | 'code' | 'signal' | 'error'>) => JobResult,
): JobResult {
  if (isUserProgram && (error.code === 'ENOENT' || error.code === 'EACCES')) {
    const notFound = error.code === 'ENOENT';
    writeStderr(Buffer.from(`cooperate: ${file}: ${notFound ? 'command not found' : 'permission denied'}\n`));
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
