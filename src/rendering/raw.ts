import type { RunEvent } from '../results/result.js';
import type { ViewContext } from './context.js';
import { describeCuts } from './job-end.js';
import type { View } from './view.js';

/**
 * Creates the raw view: the commands' own bytes, unchanged, as they arrive: stdout to stdout and stderr to stderr. With
 * several jobs at once, their chunks interleave wherever the pipes split them. A stream that
 * `--max-output` cut gets one line on stderr, so that a short output is never taken for the whole.
 */
export function createRawView(context: ViewContext): View {
  return {
    async handle(event: RunEvent) {
      if (event.kind === 'output') {
        await context[event.stream].write(event.chunk);
      } else if (event.kind === 'job-finished') {
        for (const note of describeCuts(event.result)) {
          await context.stderr.write(`cooperate: ${event.result.node.label}: ${note}\n`);
        }
      }
    },
  };
}
