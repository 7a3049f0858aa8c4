import { displayCommand, shellQuote } from '../jobs/job.js';
import { foldNames } from '../nodes/fold.js';
import type { CapturedOutput } from '../results/output.js';
import type { JobResult, RunEvent } from '../results/result.js';
import { paintHeader } from './color.js';
import type { ViewContext } from './context.js';
import { describeCuts, describeJobEnd } from './job-end.js';
import type { Sink } from './sink.js';
import type { View } from './view.js';

/** Jobs whose output, exit code and error are identical, kept through the first one of them. */
interface Group {
  first: JobResult;
  labels: string[];
  /** The lowest job number in the group: groups print in job order, whichever job ended first. */
  order: number;
}

async function digest(output: CapturedOutput): Promise<string> {
  // Loaded on first use, because every run pays for a module loaded at start-up.
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256');
  for await (const chunk of output.stream()) {
    hash.update(chunk);
  }
  return hash.digest('hex');
}

/**
 * Output gathered at the end, as `dshbak -c` and `clush -b` print it: jobs whose stdout, stderr, exit
 * code and error are identical are printed once, under a header that folds their nodes into ranges and
 * counts them. Only the first result of each group is kept. The others are compared by digest and
 * dropped, so memory keeps one copy of each distinct output.
 */
export function createGatherView(context: ViewContext): View {
  const groups = new Map<string, Group>();

  const add = async (result: JobResult): Promise<void> => {
    const key = JSON.stringify([
      displayCommand(result.command),
      await digest(result.stdout),
      await digest(result.stderr),
      result.code,
      result.signal,
      describeJobEnd(result),
      describeCuts(result),
    ]);
    const label = result.node.label;
    const group = groups.get(key);
    if (group) {
      group.labels.push(label);
      group.order = Math.min(group.order, result.seq);
      result.stdout.dispose();
      result.stderr.dispose();
    } else {
      groups.set(key, { first: result, labels: [label], order: result.seq });
    }
  };

  const print = async (): Promise<void> => {
    const ordered = [...groups.values()].sort((a, b) => a.order - b.order);
    // With several commands, each header says which command its output came from.
    const commands = new Set(ordered.map((group) => commandText(group.first)));
    for (const { first, labels: groupLabels } of ordered) {
      const nodes = `${foldNames(groupLabels)} (${groupLabels.length})`;
      const title = commands.size > 1 ? `${nodes}: ${commandText(first)}` : nodes;
      const notes = [...describeCuts(first)];
      const end = describeJobEnd(first);
      if (end !== null) {
        notes.push(end);
      }
      await writeBlock(context.stdout, context.color.stdout, title, notes, first.stdout);
      if (first.stderr.byteLength > 0) {
        await writeBlock(context.stderr, context.color.stderr, `${title} stderr`, [], first.stderr);
      }
      first.stdout.dispose();
      first.stderr.dispose();
    }
  };

  return {
    retainsResults: true,
    async handle(event: RunEvent) {
      if (event.kind === 'job-finished') {
        await add(event.result);
      } else if (event.kind === 'run-finished') {
        await print();
      }
    },
  };
}

function commandText(result: JobResult): string {
  return result.command.kind === 'shell' ? result.command.line : shellQuote(result.command.argv);
}

/** Writes a header between rules, a line per note, then the output, ended by a line feed if it lacks one. */
async function writeBlock(
  sink: Sink,
  color: boolean,
  title: string,
  notes: readonly string[],
  output: CapturedOutput,
): Promise<void> {
  const rule = '-'.repeat(Math.min(Math.max(title.length, 15), 78));
  const header = [rule, title, ...notes.map((note) => `cooperate: ${note}`), rule].join('\n');
  await sink.write(`${paintHeader(header, color)}\n`);
  let last = 0x0a;
  for await (const chunk of output.stream()) {
    await sink.write(chunk);
    last = chunk[chunk.length - 1] ?? last;
  }
  if (last !== 0x0a) {
    await sink.write('\n');
  }
}
