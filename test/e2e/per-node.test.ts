import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { runCli } from '../support/cli.js';

/** Computes the maximum number of jobs that ran at once, from the start and end times in nanoseconds that each job printed. */
function maxOverlap(stdouts: string[]): number {
  const edges = stdouts.flatMap((stdout) => {
    const [start, end] = stdout.trim().split('\n').map(BigInt);
    return [
      { time: start ?? 0n, change: 1 },
      { time: end ?? 0n, change: -1 },
    ];
  });
  // At equal times an end sorts before a start, so that back-to-back jobs do not count as overlapping.
  edges.sort((a, b) => {
    if (a.time === b.time) {
      return a.change - b.change;
    }
    return a.time < b.time ? -1 : 1;
  });
  let running = 0;
  let maximum = 0;
  for (const edge of edges) {
    running += edge.change;
    maximum = Math.max(maximum, running);
  }
  return maximum;
}

const timedJob = ['-c', 'date +%s%N; sleep 0.6; date +%s%N'];

describe('--per-node', () => {
  it('bounds the jobs on one node', async () => {
    const run = await runCli([
      '--local',
      '--per-node',
      '2',
      ...Array.from({ length: 6 }, () => timedJob).flat(),
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(maxOverlap(run.results().map((result) => String(result.stdout))), 2);
  });

  it('bounds each node apart', async () => {
    const run = await runCli([
      '--local',
      '--local',
      '--per-node',
      '1',
      ...timedJob,
      ...timedJob,
      ...timedJob,
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.results().length, 6);
    assert.equal(maxOverlap(run.results().map((result) => String(result.stdout))), 2);
  });

  it('works beside the window', async () => {
    const run = await runCli(['--local', '--local', '-b', '1', '--per-node', '2', ...timedJob, ...timedJob]);
    assert.equal(maxOverlap(run.results().map((result) => String(result.stdout))), 1);
  });
});
