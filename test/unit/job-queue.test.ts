import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import type { Command, Job } from '../../src/jobs/job.js';
import type { NodeSpec } from '../../src/nodes/node.js';
import { createJobQueue, type Mode } from '../../src/scheduling/queue.js';

const localNodes = (count: number): NodeSpec[] =>
  Array.from({ length: count }, (_, index) => ({
    kind: 'local',
    name: `n${index}`,
    index,
    label: `n${index}`,
  }));
const shellCommands = (count: number): Command[] =>
  Array.from({ length: count }, (_, index) => ({ kind: 'shell', line: `echo ${index}` }));

describe('job queue', () => {
  it('all mode skips a node without room', () => {
    const queue = createJobQueue('all', localNodes(2), shellCommands(2));
    const running = [1, 0];
    const job = queue.next(running, (index) => index !== 0);
    assert.equal(job?.node.index, 1);
    assert.equal(job?.seq, 2);
  });

  it('all mode returns nothing when no node has room', () => {
    const queue = createJobQueue('all', localNodes(2), shellCommands(2));
    assert.equal(
      queue.next([1, 1], () => false),
      undefined,
    );
    assert.equal(queue.drain().length, 4);
  });

  it('all mode puts a job back on its own node, first', () => {
    const queue = createJobQueue('all', localNodes(2), shellCommands(2));
    const first = queue.next([0, 0]) as Job;
    queue.next([1, 0]);
    queue.putBack(first, first.node);
    assert.deepEqual(queue.next([0, 0]), first);
  });

  it('distribute mode sends a job put back to another node', () => {
    const nodes = localNodes(3);
    const queue = createJobQueue('distribute', nodes, shellCommands(3));
    const first = queue.next([0, 0, 0]) as Job;
    assert.equal(first.node.index, 0);
    queue.putBack(first, first.node);
    const again = queue.next([0, 0, 0]) as Job;
    assert.equal(again.seq, first.seq);
    assert.equal(again.node.index, 1);
  });

  it('distribute mode keeps the node it avoids as a last resort', () => {
    const nodes = localNodes(2);
    const queue = createJobQueue('distribute', nodes, shellCommands(1));
    const first = queue.next([0, 0]) as Job;
    queue.putBack(first, first.node);
    const again = queue.next([0, 1], (index) => index === 0);
    assert.equal(again?.node.index, 0);
  });

  it('distribute mode picks the least loaded node with room', () => {
    const queue = createJobQueue('distribute', localNodes(3), shellCommands(1));
    const job = queue.next([0, 2, 1], (index) => index !== 0);
    assert.equal(job?.node.index, 2);
  });

  it('skips the jobs it is told to skip', () => {
    for (const mode of ['all', 'distribute'] as const) {
      const queue = createJobQueue(mode, localNodes(2), shellCommands(2), new Set([0, 1]));
      const seqs = queue.drain().map((job) => job.seq);
      assert.deepEqual(seqs, mode === 'all' ? [2, 3] : [], mode);
      const fresh = createJobQueue(mode, localNodes(2), shellCommands(2), new Set([0, 1]));
      assert.equal(fresh.total, mode === 'all' ? 2 : 0, mode);
    }
  });

  it('yields every job once whatever room and retries', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Mode>('all', 'distribute'),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.tuple(fc.boolean(), fc.nat(3), fc.boolean()), { maxLength: 60 }),
        (mode, nodeCount, commandCount, steps) => {
          const nodes = localNodes(nodeCount);
          const queue = createJobQueue(mode, nodes, shellCommands(commandCount));
          const running = nodes.map(() => 0);
          const outstanding = new Map<number, Job>();
          const finished = new Set<number>();
          for (const [take, blockedNode, retry] of steps) {
            if (take) {
              const job = queue.next(running, (index) => index !== blockedNode);
              if (job) {
                assert.notEqual(job.node.index, blockedNode);
                assert.ok(!outstanding.has(job.seq), `job ${job.seq} started while it runs`);
                assert.ok(!finished.has(job.seq), `job ${job.seq} started after it finished`);
                outstanding.set(job.seq, job);
                running[job.node.index] = (running[job.node.index] ?? 0) + 1;
              }
              continue;
            }
            const [seq, job] = outstanding.entries().next().value ?? [];
            if (seq === undefined || job === undefined) {
              continue;
            }
            outstanding.delete(seq);
            running[job.node.index] = (running[job.node.index] ?? 1) - 1;
            if (retry) {
              queue.putBack(job, job.node);
            } else {
              finished.add(seq);
            }
          }
          const left = queue.drain().map((job) => job.seq);
          const all = [...finished, ...outstanding.keys(), ...left].sort((a, b) => a - b);
          const total = mode === 'all' ? nodeCount * commandCount : commandCount;
          assert.deepEqual(
            all,
            Array.from({ length: total }, (_, index) => index),
          );
        },
      ),
    );
  });
});
