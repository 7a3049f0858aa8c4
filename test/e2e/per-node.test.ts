import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { runCli } from '../support/cli.js';

/** Most jobs that ran at once, from the start and end times in nanoseconds that each job printed. */
function maxOverlap(stdouts: string[]): number {
  const edges = stdouts.flatMap((stdout) => {
    const [start, end] = stdout.trim().split('\n').map(BigInt);
    return [
      { time: start ?? 0n, change: 1 },
      { time: end ?? 0n, change: -1 },
    ];
  });
  edges.sort((a, b) => (a.time === b.time ? a.change - b.change : a.time < b.time ? -1 : 1));
  let running = 0;
  let most = 0;
  for (const edge of edges) {
    running += edge.change;
    most = Math.max(most, running);
  }
  return most;
}

const timedJob = ['-c', 'date +%s%N; sleep 0.3; date +%s%N'];

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
