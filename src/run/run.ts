import type { Command, Job } from '../jobs/job.js';
import type { NodeKind, NodeSpec } from '../nodes/node.js';
import type { JobResult, JobStatus, RunEvent, RunSummary } from '../results/result.js';
import { createJobQueue, type Mode } from '../scheduling/queue.js';
import { resolveWindow, type WindowSpec } from '../scheduling/window.js';
import { createTransport } from '../transports/registry.js';
import type { SshSettings } from '../transports/ssh/settings.js';
import type { Transport, TransportContext } from '../transports/transport.js';
import { EventStream } from './event-stream.js';
import { describeStop, executeJob, type ActiveJob, type StopReason } from './execute-job.js';

/** What to run, where and how: the library's whole input. */
export interface RunOptions {
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
  /** File that every job reads as its standard input. Default: an empty standard input. */
  stdinFile?: string | null;
  /** Aborting stops every job; a signal name given as the reason, such as 'SIGINT', is reported. */
  signal?: AbortSignal;
  /** Milliseconds between SIGTERM and SIGKILL when a job is stopped. Default: 2000. */
  killGraceMs?: number;
  /** Settings for ssh nodes. Default: ssh's own configuration with cooperate's safe defaults. */
  ssh?: SshSettings;
}

/** A started run: read its events with `for await`; `kill` ends every job at once with SIGKILL. */
export interface RunHandle extends AsyncIterable<RunEvent> {
  kill(): void;
}

/** Starts a run and streams its events; the last event is always `run-finished`. */
export function run(options: RunOptions): RunHandle {
  const events = new EventStream<RunEvent>();
  const active = new Map<number, ActiveJob>();
  drive(options, events, active).then(
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
  return nodes.map((node, index) => ({ kind: node.kind, name: node.name ?? 'local', index }));
}

async function drive(options: RunOptions, events: EventStream<RunEvent>, active: Map<number, ActiveJob>) {
  const startedAt = Date.now();
  const nodes = buildNodes(options.nodes);
  const queue = createJobQueue(options.mode ?? 'all', nodes, options.commands);
  const window = resolveWindow(options.window ?? null, queue.total);
  const counts: Record<JobStatus, number> = {
    succeeded: 0,
    failed: 0,
    error: 0,
    'timed-out': 0,
    interrupted: 0,
    'not-started': 0,
  };
  const transports = createTransports(nodes, {
    env: options.env ?? {},
    baseEnv: process.env,
    ...(options.ssh ? { ssh: options.ssh } : {}),
  });
  const unreachableNodes = new Set<number>();
  const runningPerNode = nodes.map(() => 0);
  let stopReason: StopReason | null = null;
  let timer: NodeJS.Timeout | undefined;

  const report = (result: JobResult): void => {
    counts[result.status]++;
    events.push({ kind: 'job-finished', result });
  };

  let running = 0;
  let resolveAll: () => void = () => {};
  const allDone = new Promise<void>((resolve) => (resolveAll = resolve));

  // The window: start jobs while there is room, and again each time a job ends.
  const fill = (): void => {
    while (!stopReason && running < window) {
      const job = queue.next(runningPerNode);
      if (!job) {
        break;
      }
      start(job);
    }
    if (stopReason) {
      for (const job of queue.drain()) {
        report(notStarted(job, stopReason));
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
    void executeJob(job, {
      transport,
      stdinFile: options.stdinFile ?? null,
      killGraceMs: options.killGraceMs ?? 2000,
      emit: (event) => events.push(event),
      track: (seq, entry) => (entry ? active.set(seq, entry) : active.delete(seq)),
    }).then((result) => {
      running--;
      runningPerNode[job.node.index] = (runningPerNode[job.node.index] ?? 1) - 1;
      // In distribute mode a job that never reached its node runs on another one instead.
      const isPutBack = result.unreachable === true && !stopReason && queue.putBack(job, job.node.index);
      if (!isPutBack) {
        report(result);
      } else if (!unreachableNodes.has(job.node.index)) {
        unreachableNodes.add(job.node.index);
        events.push({ kind: 'node-unreachable', node: job.node, error: result.error ?? 'unreachable' });
      }
      fill();
    });
  };

  // Stopping reports the jobs that will never start at once, not when the last running job ends.
  const stopAll = (reason: StopReason): void => {
    if (stopReason) {
      return;
    }
    stopReason = reason;
    for (const job of active.values()) {
      job.stop(reason);
    }
    fill();
  };

  const onAbort = (): void => {
    const reason: unknown = options.signal?.reason;
    const signal =
      typeof reason === 'string' && reason.startsWith('SIG') ? (reason as NodeJS.Signals) : 'SIGINT';
    stopAll({ kind: 'interrupt', signal });
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const timeoutSeconds = options.timeoutSeconds ?? null;
  if (timeoutSeconds !== null) {
    timer = setTimeout(() => stopAll({ kind: 'timeout', seconds: timeoutSeconds }), timeoutSeconds * 1000);
  }

  if (options.signal?.aborted) {
    onAbort();
  } else {
    fill();
  }
  await allDone;

  clearTimeout(timer);
  options.signal?.removeEventListener('abort', onAbort);
  await Promise.all([...transports.values()].map((transport) => transport.close?.()));

  const finalReason = stopReason as StopReason | null;
  const summary: RunSummary = {
    total: queue.total,
    counts,
    timedOut: finalReason?.kind === 'timeout',
    interruptedBy: finalReason?.kind === 'interrupt' ? finalReason.signal : null,
    durationMs: Date.now() - startedAt,
  };
  events.push({ kind: 'run-finished', summary });
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
    stdout: Buffer.alloc(0),
    stderr: Buffer.alloc(0),
    started: null,
    durationMs: 0,
  };
}
