import type { RunEvent } from '../results/result.js';

/**
 * A formatter over a run's events. `handle` is awaited before the next event is read, so a view that
 * writes to a slow reader slows the run down instead of buffering without bound.
 */
export interface View {
  handle(event: RunEvent): Promise<void>;
  /** True when the view keeps results past their `job-finished` event and removes their output itself. */
  retainsResults?: boolean;
}

/** The views that `-o/--output` selects. */
export const VIEW_NAMES = ['yaml', 'lines', 'gather', 'json', 'raw'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/** True for views that show each job's output when it ends, so the run must keep all of it until then. */
export function reportsOutputAtEnd(name: ViewName): boolean {
  return name === 'yaml' || name === 'json' || name === 'gather';
}
