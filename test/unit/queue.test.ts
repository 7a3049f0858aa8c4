import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { Command } from '../../src/jobs/job.js';
import type { NodeSpec } from '../../src/nodes/node.js';
import { createJobQueue, pickLeastLoaded } from '../../src/scheduling/queue.js';

const nodes: NodeSpec[] = ['a', 'b', 'c'].map((name, index) => ({ kind: 'local', name, index, label: name }));
const commands: Command[] = ['1', '2', '3', '4'].map((line) => ({ kind: 'shell', line }));

test('queue in all mode goes node by node', () => {
  const queue = createJobQueue('all', nodes.slice(0, 2), commands.slice(0, 2));
  assert.equal(queue.total, 4);
  const order = [];
  for (let job = queue.next([]); job; job = queue.next([])) {
    order.push(`${job.node.name}:${job.command.kind === 'shell' ? job.command.line : ''}:${job.seq}`);
  }
  assert.deepEqual(order, ['a:1:0', 'a:2:1', 'b:1:2', 'b:2:3']);
});

test('queue in distribute mode goes to the least loaded node', () => {
  const queue = createJobQueue('distribute', nodes, commands);
  assert.equal(queue.total, 4);
  assert.equal(queue.next([2, 0, 1])?.node.name, 'b');
  assert.equal(queue.next([1, 1, 1])?.node.name, 'a');
  assert.equal(queue.next([0, 3, 0])?.node.name, 'a');
  const left = queue.drain();
  assert.deepEqual(
    left.map((job) => [job.seq, job.node.name]),
    [[3, 'a']],
  );
  assert.equal(queue.next([0, 0, 0]), undefined);
});

test('queue in distribute mode with every job at once is i mod n', () => {
  const queue = createJobQueue('distribute', nodes, commands);
  const running = [0, 0, 0];
  const names = [];
  for (let job = queue.next(running); job; job = queue.next(running)) {
    running[job.node.index] = (running[job.node.index] ?? 0) + 1;
    names.push(job.node.name);
  }
  assert.deepEqual(names, ['a', 'b', 'c', 'a']);
});

test('least loaded node prefers the first on a tie', () => {
  assert.equal(pickLeastLoaded([1, 0, 0], 3), 1);
  assert.equal(pickLeastLoaded([0, 0, 0], 3), 0);
  assert.equal(pickLeastLoaded([], 3), 0);
});
