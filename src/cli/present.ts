import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

import type { RunEvent } from '../results/result.js';
import { shouldColor } from '../rendering/color.js';
import type { ViewContext } from '../rendering/context.js';
import { ProgressLine } from '../rendering/progress.js';
import { ResultsDirectory } from '../rendering/results-directory.js';
import { Sink } from '../rendering/sink.js';
import { recordStatus, renderSummary, type NodesByStatus } from '../rendering/summary.js';
import { createView } from '../rendering/views.js';
import { describeFileError } from './file-errors.js';
import type { OutputRequest } from './output-options.js';
import { UsageError } from './usage-error.js';

/** The terminal or files that cooperate writes to, and the environment that decides on colour. */
export interface Terminal {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** Everything a run shows and keeps: the chosen view, `--results`, the progress line and the summary. */
export interface Presenter {
  handle(event: RunEvent): Promise<void>;
  /** Stops the progress line, as when cooperate ends early. */
  stop(): void;
}

/**
 * Sets up the output that `request` selects. Throws UsageError, before anything runs, when the
 * `--results` directory cannot be created or written.
 */
export function createPresenter(request: OutputRequest, commandCount: number, terminal: Terminal): Presenter {
  const results =
    request.resultsDir === null ? null : new ResultsDirectory(prepareDirectory(request.resultsDir));
  const context: ViewContext = {
    stdout: new Sink(terminal.stdout, { copiesOnWrite: true }),
    stderr: new Sink(terminal.stderr, { copiesOnWrite: true }),
    color: {
      stdout: shouldColor(request.color, terminal.stdout, terminal.env),
      stderr: shouldColor(request.color, terminal.stderr, terminal.env),
    },
    prefix: request.prefix,
  };
  const view = createView(request.view, context);
  const stderrIsTerminal = terminal.stderr.isTTY === true;
  const progress = stderrIsTerminal && !request.quiet ? new ProgressLine(terminal.stderr) : null;
  if (progress) {
    context.stderr.beforeWrite = () => progress.clear();
    if (terminal.stdout.isTTY) {
      context.stdout.beforeWrite = () => progress.clear();
    }
  }
  const showSummary = !request.quiet && (request.summary || stderrIsTerminal);
  const failedNodes: NodesByStatus = {};

  return {
    async handle(event) {
      progress?.update(event);
      results?.handle(event, commandCount);
      await view.handle(event);
      if (event.kind === 'job-finished') {
        const { result } = event;
        recordStatus(failedNodes, result, result.node.label);
        if (!view.retainsResults) {
          result.stdout.dispose();
          result.stderr.dispose();
        }
      } else if (event.kind === 'run-finished') {
        progress?.stop();
        if (showSummary) {
          await context.stderr.write(renderSummary(event.summary, failedNodes, context.color.stderr));
        }
      }
    },
    stop() {
      progress?.stop();
    },
  };
}

function prepareDirectory(directory: string): string {
  try {
    makeDirectory(directory);
    if (!statSync(directory).isDirectory()) {
      throw new Error('it exists and is not a directory');
    }
    accessSync(directory, constants.W_OK);
  } catch (error) {
    const reason = describeFileError(error);
    throw new UsageError(
      `cannot use --results directory '${directory}' (${reason}); give a directory that can be created and written`,
    );
  }
  return directory;
}

/**
 * Creates `directory` and its missing parents. Node 20's `mkdirSync(path, { recursive: true })` loops for
 * ever on a path such as /proc/x, where mkdir fails with ENOENT although the parent exists.
 */
function makeDirectory(directory: string): void {
  try {
    mkdirSync(directory);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      return;
    }
    const parent = dirname(directory);
    if (code !== 'ENOENT' || parent === directory) {
      throw error;
    }
    makeDirectory(parent);
    mkdirSync(directory);
  }
}
