import type { Command, Job } from '../jobs/job.js';
import type { NodeSpec } from '../nodes/node.js';

/** Mapping of commands to nodes: `all` runs every command on every node, `distribute` runs each once. */
export type Mode = 'all' | 'distribute';

/** Says whether one more job may start on the node at this index now. */
export type HasRoom = (nodeIndex: number) => boolean;

const everyNodeHasRoom: HasRoom = () => true;

/**
 * The jobs still to start. `next` picks the job to start now, given how many jobs run on each node and
 * which nodes have room. `putBack` returns a job to the front, to start again on another node than
 * `avoid` when one has room. `drain` takes every job that will not start, as when the run is stopped.
 */
export interface JobQueue {
  /** Number of jobs that the run starts, jobs skipped at creation left out. */
  readonly total: number;
  next(runningPerNode: readonly number[], hasRoom?: HasRoom): Job | undefined;
  putBack(job: Job, avoid: NodeSpec | null): void;
  drain(): Job[];
}

/** `skip` contains the sequence numbers of jobs that must not run, as when resuming from a job log. */
export function createJobQueue(
  mode: Mode,
  nodes: readonly NodeSpec[],
  commands: readonly Command[],
  skip: ReadonlySet<number> = new Set(),
): JobQueue {
  return mode === 'all'
    ? createAllQueue(nodes, commands, skip)
    : createDistributeQueue(nodes, commands, skip);
}

/**
 * Every command on every node, node by node in the order the nodes were given. Each node keeps its own
 * list, so that a node without room does not hold back the jobs of the others.
 */
function createAllQueue(
  nodes: readonly NodeSpec[],
  commands: readonly Command[],
  skip: ReadonlySet<number>,
): JobQueue {
  const perNode = nodes.map(
    (node) =>
      new JobList(
        commands
          .map((command, index) => ({ seq: node.index * commands.length + index, node, command }))
          .filter((job) => !skip.has(job.seq)),
      ),
  );
  const total = perNode.reduce((sum, jobs) => sum + jobs.length, 0);
  // Index of the first node that may still have jobs, so that a long run does not rescan empty nodes.
  let firstPending = 0;

  return {
    total,
    next(_runningPerNode, hasRoom = everyNodeHasRoom) {
      while (firstPending < perNode.length && perNode[firstPending]?.length === 0) {
        firstPending++;
      }
      for (let index = firstPending; index < perNode.length; index++) {
        const jobs = perNode[index];
        if (jobs !== undefined && jobs.length > 0 && hasRoom(index)) {
          return jobs.shift();
        }
      }
      return undefined;
    },
    putBack(job) {
      // A job of this mode belongs to its node, so it goes back to the front of that node's list.
      perNode[job.node.index]?.unshift(job);
      firstPending = Math.min(firstPending, job.node.index);
    },
    drain() {
      const left = perNode.flatMap((jobs) => jobs.takeAll());
      return left.sort((a, b) => a.seq - b.seq);
    },
  };
}

/**
 * A list of jobs taken from the front. It keeps an index because `Array.prototype.shift` moves the rest
 * of a large array on each call: taking 200,000 jobs one by one that way took over two minutes on Node 20.
 */
class JobList {
  private head = 0;

  constructor(private readonly jobs: Job[]) {}

  get length(): number {
    return this.jobs.length - this.head;
  }

  shift(): Job | undefined {
    const job = this.jobs[this.head];
    if (job !== undefined) {
      this.head++;
    }
    return job;
  }

  unshift(job: Job): void {
    if (this.head > 0) {
      this.head--;
      this.jobs[this.head] = job;
    } else {
      this.jobs.unshift(job);
    }
  }

  takeAll(): Job[] {
    const left = this.jobs.slice(this.head);
    this.head = this.jobs.length;
    return left;
  }
}

/**
 * Each command once, on the node with the fewest running jobs when it starts (ties go to the node given
 * first), so that a slow node does not hold the others back. With every job started at once this is
 * command i on node i mod n. Jobs put back start before new ones.
 */
function createDistributeQueue(
  nodes: readonly NodeSpec[],
  commands: readonly Command[],
  skip: ReadonlySet<number>,
): JobQueue {
  const pending = commands.map((command, seq) => ({ seq, command })).filter((entry) => !skip.has(entry.seq));
  const returned: Array<{ job: Job; avoid: NodeSpec | null }> = [];
  let position = 0;

  return {
    total: pending.length,
    next(runningPerNode, hasRoom = everyNodeHasRoom) {
      const first = returned[0];
      if (first !== undefined) {
        const node = pickNode(nodes, runningPerNode, hasRoom, first.avoid);
        if (node === undefined) {
          return undefined;
        }
        returned.shift();
        return { ...first.job, node };
      }
      const entry = pending[position];
      if (entry === undefined) {
        return undefined;
      }
      const node = pickNode(nodes, runningPerNode, hasRoom, null);
      if (node === undefined) {
        return undefined;
      }
      position++;
      return { seq: entry.seq, node, command: entry.command };
    },
    putBack(job, avoid) {
      returned.push({ job, avoid });
    },
    drain() {
      const left = returned.splice(0).map((entry) => entry.job);
      for (; position < pending.length; position++) {
        const entry = pending[position];
        const node = entry === undefined ? undefined : nodes[entry.seq % nodes.length];
        if (entry !== undefined && node !== undefined) {
          left.push({ seq: entry.seq, node, command: entry.command });
        }
      }
      return left.sort((a, b) => a.seq - b.seq);
    },
  };
}

/**
 * Picks the least loaded node with room, leaving out `avoid` while another node has room. It picks
 * `avoid` itself when no other node has room, so that a job put back never waits for a busy node.
 */
function pickNode(
  nodes: readonly NodeSpec[],
  runningPerNode: readonly number[],
  hasRoom: HasRoom,
  avoid: NodeSpec | null,
): NodeSpec | undefined {
  const open = (index: number): boolean => hasRoom(index) && index !== avoid?.index;
  const index = pickLeastLoaded(runningPerNode, nodes.length, open);
  if (index !== -1) {
    return nodes[index];
  }
  return avoid !== null && hasRoom(avoid.index) ? nodes[avoid.index] : undefined;
}

/**
 * Index of the node with the fewest running jobs among those that `eligible` accepts, the first such
 * node on a tie; -1 when it accepts none.
 */
export function pickLeastLoaded(
  runningPerNode: readonly number[],
  nodeCount: number,
  eligible: (index: number) => boolean = () => true,
): number {
  let best = -1;
  for (let index = 0; index < nodeCount; index++) {
    if (!eligible(index)) {
      continue;
    }
    if (best === -1 || (runningPerNode[index] ?? 0) < (runningPerNode[best] ?? 0)) {
      best = index;
    }
  }
  return best;
}
