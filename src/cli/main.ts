#!/usr/bin/env node
import { statSync } from 'node:fs';

import { renderDryRunJson, renderDryRunLine } from '../rendering/dry-run.js';
import { reportsOutputAtEnd } from '../rendering/view.js';
import { DEFAULT_CAPTURE_LIMITS } from '../results/output.js';
import { buildNodes, run, type RunHandle } from '../run/run.js';
import { createJobQueue } from '../scheduling/queue.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { jobsSkippedByResume, openRunJobLog } from './job-log-setup.js';
import { parseCommandLine, type RunRequest } from './parse.js';
import { createPresenter, type Presenter } from './present.js';
import { saveStdin, type SavedStdin } from './stdin-file.js';
import { UsageError } from './usage-error.js';

/** Set once standard output fails, as when its reader goes away; results written after that are lost. */
let outputClosed = false;
/** Stops the jobs of a run in progress once standard output has failed. */
let onOutputClosed: (() => void) | null = null;

// Registered before anything is written, so that help, a dry run and results all end quietly with
// status 141 when the reader goes away, rather than with an unhandled error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (outputClosed) {
    return;
  }
  outputClosed = true;
  if (error.code !== 'EPIPE') {
    process.stderr.write(`cooperate: cannot write to standard output: ${error.message}\n`);
  }
  onOutputClosed?.();
});

async function main(argv: readonly string[]): Promise<number> {
  let request;
  let skip;
  try {
    request = parseCommandLine(argv);
    if (request.action === 'printed') {
      return EXIT.success;
    }
    skip = jobsSkippedByResume(request);
    if (request.dryRun) {
      printDryRun(request, skip);
      return EXIT.success;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`cooperate: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  return execute(request, skip);
}

function printDryRun(request: RunRequest, skip: ReadonlySet<number>): void {
  const queue = createJobQueue(request.mode, buildNodes(request.nodes), request.commands, skip);
  const render = request.output.view === 'json' ? renderDryRunJson : renderDryRunLine;
  for (const job of queue.drain()) {
    process.stdout.write(render(job));
  }
}

async function execute(request: RunRequest, skip: ReadonlySet<number>): Promise<number> {
  let jobLog;
  let presenter: Presenter;
  try {
    presenter = createPresenter(request.output, request.commands.length, {
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
    });
    jobLog = openRunJobLog(request, (text) => process.stderr.write(text));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`cooperate: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  if (skip.size > 0) {
    process.stderr.write(
      `cooperate: skipping ${skip.size === 1 ? '1 job' : `${skip.size} jobs`} that job log ${request.jobControl.resume?.file} shows as ` +
        `${request.jobControl.resume?.rerunFailed === true ? 'succeeded' : 'finished'}\n`,
    );
  }

  const controller = new AbortController();
  let handle: RunHandle | null = null;
  let stdin: SavedStdin | null = null;

  // The first signal stops every job and still prints every result; a second one ends cooperate at once.
  // While standard input is being saved, the first one stops that, and every job is reported not started.
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!controller.signal.aborted) {
      controller.abort(signal);
      return;
    }
    handle?.kill();
    presenter.stop();
    stdin?.remove();
    process.exit(signal === 'SIGTERM' ? EXIT.interruptedTerm : EXIT.interruptedInt);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  // A reader that goes away, as `cooperate ... | head -1` does, stops the jobs and ends the run quietly.
  onOutputClosed = () => controller.abort('SIGPIPE');

  const startedAt = Date.now();
  if (request.stdin) {
    stdin = saveStdin(withinTimeLimit(request.timeoutSeconds, controller.signal));
    if (!(await isSaved(stdin))) {
      stdin.remove();
      stdin = null;
    }
  }
  const stdinBytes = stdin === null ? 0 : statSync(stdin.path).size;
  handle = run({
    nodes: request.nodes,
    commands: request.commands,
    mode: request.mode,
    window: request.window,
    env: request.env,
    timeoutSeconds: request.timeoutSeconds,
    startedAt,
    stdinFile: stdin?.path ?? null,
    signal: controller.signal,
    skip,
    ...request.jobControl,
    ssh: request.ssh,
    captureLimits: {
      ...DEFAULT_CAPTURE_LIMITS,
      maxBytes: request.output.maxOutputBytes,
      retain: reportsOutputAtEnd(request.output.view),
    },
  });

  let exitCode: number = EXIT.success;
  try {
    for await (const event of handle) {
      if (event.kind === 'job-finished') {
        jobLog?.append(event.result, stdinBytes);
      } else if (event.kind === 'warning') {
        process.stderr.write(`cooperate: ${event.message}\n`);
      } else if (event.kind === 'node-unreachable') {
        process.stderr.write(`cooperate: ${event.error}\n`);
      } else if (event.kind === 'run-finished') {
        exitCode = exitCodeFor(event.summary);
      }
      if (!outputClosed) {
        await presenter.handle(event);
      }
    }
  } finally {
    presenter.stop();
    stdin?.remove();
    jobLog?.close();
  }
  return exitCode;
}

/** Returns a signal that aborts with `interrupt` or once the run's time limit, if any, has passed. */
function withinTimeLimit(timeoutSeconds: number | null, interrupt: AbortSignal): AbortSignal {
  return timeoutSeconds === null
    ? interrupt
    : AbortSignal.any([interrupt, AbortSignal.timeout(timeoutSeconds * 1000)]);
}

/**
 * Waits until standard input is saved for --stdin. Returns false when an interrupt or the run's time
 * limit stopped the saving: the run then reports every job as not started.
 */
async function isSaved(stdin: SavedStdin): Promise<boolean> {
  try {
    await stdin.done;
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ABORT_ERR') {
      return false;
    }
    stdin.remove();
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // A reader that went away before the last result was written lost results, as with SIGPIPE, unless a
    // signal already decides the status. A closed standard output may never call back, so cooperate
    // exits without waiting on it.
    const lost = code === EXIT.interruptedInt || code === EXIT.interruptedTerm ? code : EXIT.outputClosed;
    if (outputClosed || process.stdout.destroyed || process.stdout.errored) {
      process.exit(lost);
    }
    process.stdout.write('', (error) => process.exit(error ? lost : code));
  },
  (error: unknown) => {
    process.stderr.write(
      `cooperate: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(70);
  },
);
