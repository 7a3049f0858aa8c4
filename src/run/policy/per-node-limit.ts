import type { RunPolicy } from './policy.js';

/** Lets at most `limit` jobs run at once on any one node, beside the run's window. */
export function createPerNodeLimitPolicy(limit: number): RunPolicy {
  return {
    admits: (_nodeIndex, running) => running < limit,
  };
}
