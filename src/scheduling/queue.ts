import type { Command, Job } from '../jobs/job.js';
import type { NodeSpec } from '../nodes/node.js';

/** How commands map to nodes: `all` runs every command on every node, `distribute` runs each once. */
export type Mode = 'all' | 'distribute';

/**
 * The jobs still to start. `next` picks the job to start now, given how many jobs run on each node;
 * `drain` takes every job that will not start, as when the run is stopped.
 */
export interface JobQueue {
  readonly total: number;
  next(runningPerNode: readonly number[]): Job | undefined;
  drain(): Job[];
  /**
   * Puts back a job that could not start on node `avoid`, which gets no more jobs. Returns false, and
   * keeps nothing, when the job cannot run elsewhere: in mode `all`, or when every node is avoided.
   */
  putBack(job: Job, avoid: number): boolean;
}

export function createJobQueue(
  mode: Mode,
  nodes: readonly NodeSpec[],
  commands: readonly Command[],
): JobQueue {
  return mode === 'all' ? createAllQueue(nodes, commands) : createDistributeQueue(nodes, commands);
}

/** Every command on every node, node by node in the order the nodes were given. */
function createAllQueue(nodes: readonly NodeSpec[], commands: readonly Command[]): JobQueue {
  const jobs: Job[] = [];
  for (const node of nodes) {
    for (const command of commands) {
      jobs.push({ seq: jobs.length, node, command });
    }
  }
  let position = 0;
  return {
    total: jobs.length,
    next: () => jobs[position++],
    drain: () => jobs.splice(position),
    putBack: () => false,
  };
}

/**
 * Each command once, on the node with the fewest running jobs when it starts (ties go to the node given
 * first), so that a slow node does not hold the others back. With every job started at once this is
 * command i on node i mod n.
 */
function createDistributeQueue(nodes: readonly NodeSpec[], commands: readonly Command[]): JobQueue {
  let position = 0;
  const returned: Job[] = [];
  const avoided = new Set<number>();
  // Avoided nodes look fully busy, so they get a job only when every node is avoided.
  const load = (runningPerNode: readonly number[]): number[] =>
    nodes.map((_, index) => (avoided.has(index) ? Infinity : (runningPerNode[index] ?? 0)));
  return {
    total: commands.length,
    next(runningPerNode) {
      const node = nodes[pickLeastLoaded(load(runningPerNode), nodes.length)];
      if (node === undefined) {
        return undefined;
      }
      const again = returned.shift();
      if (again) {
        return { ...again, node };
      }
      const command = commands[position];
      if (command === undefined) {
        return undefined;
      }
      return { seq: position++, node, command };
    },
    putBack(job, avoid) {
      avoided.add(avoid);
      if (avoided.size >= nodes.length) {
        return false;
      }
      returned.push(job);
      return true;
    },
    drain() {
      const left: Job[] = returned.splice(0);
      for (; position < commands.length; position++) {
        const command = commands[position];
        const node = nodes[position % nodes.length];
        if (command !== undefined && node !== undefined) {
          left.push({ seq: position, node, command });
        }
      }
      return left;
    },
  };
}

/** Index of the node with the fewest running jobs; the first such node on a tie. */
export function pickLeastLoaded(runningPerNode: readonly number[], nodeCount: number): number {
  let best = 0;
  for (let index = 1; index < nodeCount; index++) {
    if ((runningPerNode[index] ?? 0) < (runningPerNode[best] ?? 0)) {
      best = index;
    }
  }
  return best;
}
