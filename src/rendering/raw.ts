import type { RunEvent } from '../results/result.js';
import type { ViewContext } from './context.js';
import type { View } from './view.js';

/**
 * The commands' own bytes, unchanged, as they arrive: stdout to stdout and stderr to stderr. With
 * several jobs at once, their chunks interleave wherever the pipes split them.
 */
export function createRawView(context: ViewContext): View {
  return {
    async handle(event: RunEvent) {
      if (event.kind === 'output') {
        await context[event.stream].write(event.chunk);
      }
    },
  };
}
