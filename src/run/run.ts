import { fitWindowToFileLimit } from '../engine/file-limit.js';
import type { Command, Job } from '../jobs/job.js';
import { nodeLabels } from '../nodes/labels.js';
import type { NodeKind, NodeSpec } from '../nodes/node.js';
import { CapturedOutput, DEFAULT_CAPTURE_LIMITS, type CaptureLimits } from '../results/output.js';
import type { JobResult, JobStatus, RunEvent, RunSummary } from '../results/result.js';
import { createJobQueue, type Mode } from '../scheduling/queue.js';
import { resolveWindow, type WindowSpec } from '../scheduling/window.js';
import { createTransport } from '../transports/registry.js';
import type { SshSettings } from '../transports/ssh/settings.js';
import type { Transport, TransportContext } from '../transports/transport.js';
import { AttemptHistory } from './attempts.js';
import { EventStream } from './event-stream.js';
import { executeJob, type ActiveJob } from './execute-job.js';
import { buildPolicy, type JobControlOptions } from './policy/from-options.js';
import { describeStop, type StopReason } from './stop-reason.js';

/** Input of a run: the nodes, the commands and how to schedule them. */
export interface RunOptions extends JobControlOptions {
  nodes: ReadonlyArray<{ kind: NodeKind; name?: string }>;
  commands: readonly Command[];
  /** Default: `all`. */
  mode?: Mode;
  /** How many jobs run at once. Default: every job at once. */
  window?: WindowSpec | null;
  /** Variables added to every job's environment. */
  env?: Readonly<Record<string, string>>;
  /** Bound on the whole run, in seconds. Default: none. */
  timeoutSeconds?: number | null;
  /**
   * Time, in milliseconds since the epoch, from which the time limit and the run's duration count, so
   * that work done before the run, such as reading the jobs' input, counts too. Default: now.
   */
  startedAt?: number;
  /** File that every job reads as its standard input. Default: an empty standard input. */
  stdinFile?: string | null;
  /** Aborting stops every job; a signal name given as the reason, such as 'SIGINT', is reported. */
  signal?: AbortSignal;
  /** Milliseconds between SIGTERM and SIGKILL when a job is stopped. Default: 2000. */
  killGraceMs?: number;
  /** How much of each stream of each job is kept in memory and in all. Default: 64 KiB, no cap. */
  captureLimits?: CaptureLimits;
  /** Settings for ssh nodes. Default: ssh's own configuration with cooperate's safe defaults. */
  ssh?: SshSettings;
  /** Sequence numbers of jobs not to run, such as those a job log shows as finished. Default: none. */
  skip?: ReadonlySet<number>;
}

/** Unread output above which jobs stop being read until the caller catches up. */
const UNREAD_OUTPUT_LIMIT_BYTES = 8 * 1024 * 1024;

/** A started run: read its events with `for await`; `kill` ends every job at once with SIGKILL. */
export interface RunHandle extends AsyncIterable<RunEvent> {
  kill(): void;
}

/** Starts a run and streams its events; the last event is always `run-finished`. */
export function run(options: RunOptions): RunHandle {
  const flow = { paused: false };
  // A reader that falls behind pauses every job's output pipes, so memory stays bounded.
  const events = new EventStream<RunEvent>({
    sizeOf: (event) => (event.kind === 'output' ? event.chunk.length : 0),
    highWaterBytes: UNREAD_OUTPUT_LIMIT_BYTES,
    onFull() {
      flow.paused = true;
      active.forEach((job) => job.pauseOutput());
    },
    onDrained() {
      flow.paused = false;
      active.forEach((job) => job.resumeOutput());
    },
  });
  const active = new Map<number, ActiveJob>();
  drive(options, events, active, flow).then(
    () => events.end(),
    (error: unknown) => events.fail(error),
  );
  return {
    [Symbol.asyncIterator]: () => events[Symbol.asyncIterator](),
    kill() {
      for (const job of active.values()) {
        job.kill();
      }
    },
  };
}

/** Builds the run's nodes from what the caller gave, numbering them in order. */
export function buildNodes(nodes: RunOptions['nodes']): NodeSpec[] {
  const named = nodes.map((node) => ({ kind: node.kind, name: node.name ?? 'local' }));
  const labels = nodeLabels(named);
  return named.map((node, index) => ({ ...node, index, label: labels[index] ?? node.name }));
}

async function drive(
  options: RunOptions,
  events: EventStream<RunEvent>,
  active: Map<number, ActiveJob>,
  flow: { paused: boolean },
) {
  const startedAt = options.startedAt ?? Date.now();
  const nodes = buildNodes(options.nodes);
  const queue = createJobQueue(options.mode ?? 'all', nodes, options.commands, options.skip);
  events.push({ kind: 'run-started', nodes, total: queue.total });
  const policy = buildPolicy(options, queue.total);
  const history = new AttemptHistory((options.retries ?? 0) > 0, options.keepAllAttempts === true);
  const fitted = fitWindowToFileLimit(resolveWindow(options.window ?? null, queue.total));
  if (fitted.warning !== null) {
    events.push({ kind: 'warning', message: fitted.warning });
  }
  const window = fitted.window;
  const counts = emptyCounts();
  const transports = createTransports(nodes, {
    env: options.env ?? {},
    baseEnv: process.env,
    ...(options.ssh ? { ssh: options.ssh } : {}),
    ...((options.mode ?? 'all') === 'all' ? { jobsPerNode: options.commands.length } : {}),
  });
  // Nodes that could not be reached get no more jobs, unless no node can be reached: then every job
  // goes on to its node and reports the error.
  const unreachableNodes = new Set<number>();
  const runningPerNode = nodes.map(() => 0);
  // Set once the run stops starting jobs; the running ones are stopped too unless a policy lets them finish.
  let stopReason: StopReason | null = null;
  let runningStopped = false;
  let timedOut = false;
  let interruptedBy: NodeJS.Signals | null = null;
  let timer: NodeJS.Timeout | undefined;

  const report = (result: JobResult): void => {
    counts[result.status]++;
    events.push({ kind: 'job-finished', result });
  };

  let running = 0;
  let resolveAll: () => void = () => {};
  const allDone = new Promise<void>((resolve) => (resolveAll = resolve));
  const hasRoom = (nodeIndex: number): boolean =>
    (!unreachableNodes.has(nodeIndex) || unreachableNodes.size === nodes.length) &&
    policy.admits(nodeIndex, runningPerNode[nodeIndex] ?? 0);

  // The window: start jobs while there is room, and again each time a job ends.
  const fill = (): void => {
    while (!stopReason && running < window) {
      const job = queue.next(runningPerNode, hasRoom);
      if (!job) {
        break;
      }
      start(job);
    }
    if (stopReason) {
      for (const job of queue.drain()) {
        report(history.finalResultOfWaiting(job.seq, notStarted(job, stopReason)));
      }
    }
    if (running === 0) {
      resolveAll();
    }
  };

  const start = (job: Job): void => {
    const transport = transports.get(job.node.kind);
    if (!transport) {
      throw new Error(`no transport for ${job.node.kind} nodes`);
    }
    running++;
    runningPerNode[job.node.index] = (runningPerNode[job.node.index] ?? 0) + 1;
    let endAttempt = (): void => {};
    void executeJob(job, {
      transport,
      stdinFile: options.stdinFile ?? null,
      killGraceMs: options.killGraceMs ?? 2000,
      captureLimits: options.captureLimits ?? DEFAULT_CAPTURE_LIMITS,
      isOutputPaused: () => flow.paused,
      emit: (event) => events.push(event),
      track: (seq, entry) => {
        if (entry) {
          active.set(seq, entry);
          endAttempt = policy.attemptStarted(entry);
        } else {
          active.delete(seq);
          endAttempt();
        }
      },
    }).then((result) => {
      running--;
      runningPerNode[job.node.index] = (runningPerNode[job.node.index] ?? 1) - 1;
      finishAttempt(job, result);
      fill();
    });
  };

  // A failed attempt goes back to the queue while the run goes on and a policy requests a retry.
  const finishAttempt = (job: Job, result: JobResult): void => {
    if (result.unreachable === true && !unreachableNodes.has(job.node.index)) {
      unreachableNodes.add(job.node.index);
      if (options.mode === 'distribute' && unreachableNodes.size < nodes.length) {
        events.push({ kind: 'node-unreachable', node: job.node, error: result.error ?? 'unreachable' });
      }
    }
    // In distribute mode a job that never reached its node runs on another one instead.
    if (
      !stopReason &&
      result.unreachable === true &&
      options.mode === 'distribute' &&
      unreachableNodes.size < nodes.length
    ) {
      queue.putBack(job, job.node);
      return;
    }
    if (!stopReason && policy.shouldRetry(result, history.attemptOf(result))) {
      history.recordRetry(result);
      queue.putBack(job, job.node);
      return;
    }
    const final = history.finalResult(result);
    report(final);
    const request = policy.jobFinished(final);
    if (request) {
      stop(request.reason, request.stopRunning);
    }
  };

  // Stopping reports the jobs that will never start at once, not when the last running job ends.
  const stop = (reason: StopReason, stopRunning: boolean): void => {
    timedOut ||= reason.kind === 'timeout';
    if (reason.kind === 'interrupt') {
      interruptedBy ??= reason.signal;
    }
    stopReason ??= reason;
    if (stopRunning && !runningStopped) {
      runningStopped = true;
      for (const job of active.values()) {
        job.stop(reason);
      }
    }
    fill();
  };

  const onAbort = (): void => {
    const reason: unknown = options.signal?.reason;
    const signal =
      typeof reason === 'string' && reason.startsWith('SIG') ? (reason as NodeJS.Signals) : 'SIGINT';
    stop({ kind: 'interrupt', signal }, true);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const timeoutSeconds = options.timeoutSeconds ?? null;
  const remainingMs = timeoutSeconds === null ? null : timeoutSeconds * 1000 - (Date.now() - startedAt);
  if (timeoutSeconds !== null && remainingMs !== null && remainingMs > 0) {
    timer = setTimeout(() => stop({ kind: 'timeout', seconds: timeoutSeconds }, true), remainingMs);
  }

  if (options.signal?.aborted) {
    onAbort();
  } else if (timeoutSeconds !== null && remainingMs !== null && remainingMs <= 0) {
    stop({ kind: 'timeout', seconds: timeoutSeconds }, true);
  } else {
    fill();
  }
  await allDone;

  clearTimeout(timer);
  options.signal?.removeEventListener('abort', onAbort);
  await closeTransports(transports, events);

  const summary: RunSummary = {
    total: queue.total,
    counts,
    timedOut,
    interruptedBy,
    durationMs: Date.now() - startedAt,
  };
  events.push({ kind: 'run-finished', summary });
}

function emptyCounts(): Record<JobStatus, number> {
  return { succeeded: 0, failed: 0, error: 0, 'timed-out': 0, interrupted: 0, 'not-started': 0 };
}

/** Releases what each transport holds; a failure becomes a warning, because every result is already out. */
async function closeTransports(
  transports: Map<NodeKind, Transport>,
  events: EventStream<RunEvent>,
): Promise<void> {
  const closed = await Promise.allSettled([...transports.values()].map((transport) => transport.close?.()));
  for (const outcome of closed) {
    if (outcome.status === 'rejected') {
      const reason: unknown = outcome.reason;
      const message = reason instanceof Error ? reason.message : String(reason);
      events.push({ kind: 'warning', message: `could not release a transport's connections: ${message}` });
    }
  }
}

function createTransports(nodes: readonly NodeSpec[], context: TransportContext): Map<NodeKind, Transport> {
  const transports = new Map<NodeKind, Transport>();
  for (const node of nodes) {
    if (!transports.has(node.kind)) {
      transports.set(node.kind, createTransport(node.kind, context));
    }
  }
  return transports;
}

function notStarted(job: Job, reason: StopReason): JobResult {
  return {
    seq: job.seq,
    node: job.node,
    command: job.command,
    status: 'not-started',
    code: null,
    signal: null,
    error: describeStop(reason, false),
    stdout: new CapturedOutput(),
    stderr: new CapturedOutput(),
    started: null,
    durationMs: 0,
  };
}
