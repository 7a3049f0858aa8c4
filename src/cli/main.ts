#!/usr/bin/env node
import { renderDryRunLine } from '../rendering/dry-run.js';
import { renderYamlResult } from '../rendering/yaml.js';
import { buildNodes, run } from '../run/run.js';
import { createJobQueue } from '../scheduling/queue.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { parseCommandLine, type RunRequest } from './parse.js';
import { saveStdin } from './stdin-file.js';
import { UsageError } from './usage-error.js';

async function main(argv: readonly string[]): Promise<number> {
  let request;
  try {
    request = parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`cooperate: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  if (request.action === 'printed') {
    return EXIT.success;
  }
  if (request.dryRun) {
    printDryRun(request);
    return EXIT.success;
  }
  return execute(request);
}

function printDryRun(request: RunRequest): void {
  const queue = createJobQueue(request.mode, buildNodes(request.nodes), request.commands);
  for (const job of queue.drain()) {
    process.stdout.write(renderDryRunLine(job));
  }
}

async function execute(request: RunRequest): Promise<number> {
  const stdin = request.stdin ? await saveStdin() : null;
  const controller = new AbortController();
  const handle = run({
    nodes: request.nodes,
    commands: request.commands,
    mode: request.mode,
    window: request.window,
    env: request.env,
    timeoutSeconds: request.timeoutSeconds,
    stdinFile: stdin?.path ?? null,
    signal: controller.signal,
    ssh: request.ssh,
  });

  // The first signal stops every job and still prints every result; a second one ends cooperate at once.
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!controller.signal.aborted) {
      controller.abort(signal);
      return;
    }
    handle.kill();
    stdin?.remove();
    process.exit(signal === 'SIGTERM' ? EXIT.interruptedTerm : EXIT.interruptedInt);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  // A reader that goes away, as `cooperate ... | head -1` does, ends the run quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      handle.kill();
      stdin?.remove();
      process.exit(EXIT.commandFailed);
    }
    throw error;
  });

  let exitCode: number = EXIT.success;
  try {
    for await (const event of handle) {
      if (event.kind === 'job-finished') {
        process.stdout.write(renderYamlResult(event.result));
      } else if (event.kind === 'node-unreachable') {
        process.stderr.write(`cooperate: ${event.error}\n`);
      } else if (event.kind === 'run-finished') {
        exitCode = exitCodeFor(event.summary);
      }
    }
  } finally {
    stdin?.remove();
  }
  return exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.stdout.write('', () => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(
      `cooperate: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(70);
  },
);
