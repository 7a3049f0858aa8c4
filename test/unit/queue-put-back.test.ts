import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { Command, Job } from '../../src/jobs/job.js';
import type { NodeSpec } from '../../src/nodes/node.js';
import { createJobQueue } from '../../src/scheduling/queue.js';

const nodes: NodeSpec[] = ['a', 'b', 'c'].map((name, index) => ({ kind: 'ssh', name, index }));
const commands: Command[] = ['1', '2', '3', '4'].map((line) => ({ kind: 'shell', line }));

test('put-back job moves to another node', () => {
  const queue = createJobQueue('distribute', nodes, commands);
  const first = queue.next([0, 0, 0]) as Job;
  assert.equal(first.node.name, 'a');
  assert.equal(queue.putBack(first, 0), true);
  const again = queue.next([0, 0, 0]) as Job;
  assert.equal(again.seq, first.seq);
  assert.equal(again.node.name, 'b');
});

test('avoided node gets no more jobs', () => {
  const queue = createJobQueue('distribute', nodes, commands);
  const first = queue.next([0, 0, 0]) as Job;
  queue.putBack(first, 0);
  const names: string[] = [];
  for (let job = queue.next([0, 0, 0]); job; job = queue.next([0, 0, 0])) {
    names.push(job.node.name);
  }
  assert.equal(names.length, 4);
  assert.ok(!names.includes('a'), names.join(' '));
});

test('put-back fails once every node is avoided', () => {
  const queue = createJobQueue('distribute', nodes.slice(0, 2), commands);
  const first = queue.next([0, 0]) as Job;
  assert.equal(queue.putBack(first, 0), true);
  const second = queue.next([0, 0]) as Job;
  assert.equal(second.node.name, 'b');
  assert.equal(queue.putBack(second, 1), false);
  // With every node avoided, the remaining jobs still go out, to report the nodes' errors.
  assert.equal(queue.next([0, 0])?.seq, 1);
});

test('put-back jobs are drained too', () => {
  const queue = createJobQueue('distribute', nodes, commands);
  const first = queue.next([0, 0, 0]) as Job;
  queue.putBack(first, 2);
  assert.deepEqual(
    queue.drain().map((job) => job.seq),
    [0, 1, 2, 3],
  );
});

test('put-back is refused in all mode', () => {
  const queue = createJobQueue('all', nodes, commands);
  const first = queue.next([]) as Job;
  assert.equal(queue.putBack(first, 0), false);
  assert.equal(queue.next([])?.seq, 1);
});
