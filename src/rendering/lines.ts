import type { Job } from '../jobs/job.js';
import type { RunEvent } from '../results/result.js';
import { paintFailure, paintNode } from './color.js';
import type { ViewContext } from './context.js';
import { describeCuts, describeJobEnd } from './job-end.js';
import { rewriteLines, type LineRewrite } from './line-rewrite.js';
import type { View } from './view.js';

/**
 * A line that grows past this many bytes without a line feed is written in pieces, each on a prefixed
 * line of its own, so that one endless line cannot hold every other node's output back. A piece is
 * this size plus at most one more chunk.
 */
export const LONG_LINE_BYTES = 4 * 1024 * 1024;

const NEWLINE = Buffer.from('\n');

type Stream = 'stdout' | 'stderr';

/** Puts `prefix` before every line, empty lines included. */
function prefixedLine(prefix: Buffer): LineRewrite {
  return { lineStart: prefix, startEmptyLines: true, lineFeed: NEWLINE };
}

/** The start of a line that a stream of a job has printed but not yet ended. */
class PartialLine {
  private pieces: Buffer[] = [];
  length = 0;

  add(bytes: Buffer): void {
    if (bytes.length > 0) {
      // The chunk may be a view of a larger pooled buffer, so it is copied before being kept.
      this.pieces.push(Buffer.from(bytes));
      this.length += bytes.length;
    }
  }

  take(): Buffer[] {
    const pieces = this.pieces;
    this.pieces = [];
    this.length = 0;
    return pieces;
  }
}

/**
 * Creates the live view: one whole line at a time, each line after its node's name, `node1: text` on
 * stdout and `node1! text` on stderr, padded so that the text lines up. A line is written only once its
 * line feed arrives, so lines of different nodes never mix. A last line without a line feed is written
 * when its job ends, with one added. A job that does not succeed gets one line on stderr with the reason.
 */
export function createLinesView(context: ViewContext): View {
  const prefixes = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  const endPrefixes: string[] = [];
  const partials = new Map<string, PartialLine>();

  const start = (event: Extract<RunEvent, { kind: 'run-started' }>): void => {
    const labels = event.nodes.map((node) => node.label);
    const width = Math.max(0, ...labels.map((label) => label.length));
    labels.forEach((label, index) => {
      const padding = ' '.repeat(width - label.length + 1);
      for (const [stream, mark] of [
        ['stdout', ':'],
        ['stderr', '!'],
      ] as const) {
        const text = context.prefix
          ? paintNode(`${label}${mark}`, index, context.color[stream]) + padding
          : '';
        prefixes[stream][index] = Buffer.from(text);
      }
      endPrefixes[index] = paintNode(`${label}!`, index, context.color.stderr) + padding;
    });
  };

  const partialOf = (job: Job, stream: Stream): PartialLine => {
    const key = `${job.seq}:${stream}`;
    let partial = partials.get(key);
    if (!partial) {
      partial = new PartialLine();
      partials.set(key, partial);
    }
    return partial;
  };

  const writeOutput = async (job: Job, stream: Stream, chunk: Buffer): Promise<void> => {
    const prefix = prefixes[stream][job.node.index] ?? Buffer.alloc(0);
    const partial = partialOf(job, stream);
    const lastNewline = chunk.lastIndexOf(0x0a);
    if (lastNewline === -1) {
      partial.add(chunk);
      if (partial.length >= LONG_LINE_BYTES) {
        await context[stream].write(Buffer.concat([prefix, ...partial.take(), NEWLINE]));
      }
      return;
    }
    const head = partial.take();
    const lines = chunk.subarray(0, lastNewline + 1);
    partial.add(chunk.subarray(lastNewline + 1));
    if (head.length > 0) {
      // The line that earlier chunks began ends in this chunk: its start goes first, after one prefix.
      await context[stream].write(Buffer.concat([prefix, ...head]));
    }
    await context[stream].write(
      prefix.length === 0 ? lines : rewriteLines(lines, prefixedLine(prefix), head.length === 0),
    );
  };

  const finishJob = async (event: Extract<RunEvent, { kind: 'job-finished' }>): Promise<void> => {
    const { result } = event;
    for (const stream of ['stdout', 'stderr'] as const) {
      const key = `${result.seq}:${stream}`;
      const partial = partials.get(key);
      partials.delete(key);
      if (partial && partial.length > 0) {
        const prefix = prefixes[stream][result.node.index] ?? Buffer.alloc(0);
        await context[stream].write(Buffer.concat([prefix, ...partial.take(), NEWLINE]));
      }
    }
    const notes = describeCuts(result);
    const end = describeJobEnd(result);
    if (end !== null) {
      notes.push(end);
    }
    const prefix = context.prefix ? (endPrefixes[result.node.index] ?? '') : '';
    for (const note of notes) {
      await context.stderr.write(`${prefix}${paintFailure(`cooperate: ${note}`, context.color.stderr)}\n`);
    }
  };

  return {
    async handle(event) {
      if (event.kind === 'run-started') {
        start(event);
      } else if (event.kind === 'output') {
        await writeOutput(event.job, event.stream, event.chunk);
      } else if (event.kind === 'job-finished') {
        await finishJob(event);
      }
    },
  };
}
