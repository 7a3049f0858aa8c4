import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { runCli } from '../support/cli.js';
import { hasEnded, pidsIn } from '../support/processes.js';

describe('--job-timeout', () => {
  it('stops a long job and keeps its output', async () => {
    const run = await runCli([
      '--local',
      '--job-timeout',
      '1',
      '-c',
      'sleep 30 & echo $!; echo $$; echo before; wait; echo after',
      '-c',
      'echo quick',
    ]);
    assert.equal(run.code, 1);
    assert.ok(run.durationMs < 15_000, `took ${run.durationMs} ms`);
    const slow = run.results().find((result) => result.command !== 'echo quick');
    const quick = run.results().find((result) => result.command === 'echo quick');
    assert.equal(slow?.error, "timed out: the job's time limit of 1 s (--job-timeout) expired");
    assert.equal(slow?.signal, 'SIGTERM');
    assert.equal(slow?.code, 143);
    assert.match(String(slow?.stdout), /before\n$/);
    for (const pid of pidsIn(String(slow?.stdout))) {
      assert.ok(await hasEnded(pid), `process ${pid} of the timed-out job still runs`);
    }
    assert.equal(quick?.code, 0);
    assert.equal(quick?.error, null);
  });

  it('bounds each job, not the whole run', async () => {
    const run = await runCli([
      '--local',
      '-b',
      '1',
      '--job-timeout',
      '2.5',
      '-c',
      'sleep 1',
      '-c',
      'sleep 1',
      '-c',
      'sleep 1',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      run.results().map((result) => result.error),
      [null, null, null],
    );
  });

  it('kills a job that ignores SIGTERM', async () => {
    const run = await runCli(['--local', '--job-timeout', '1', '-c', 'trap "" TERM; sleep 30']);
    const [result] = run.results();
    assert.equal(result?.signal, 'SIGKILL');
    assert.match(String(result?.error), /^timed out: /);
    assert.ok(run.durationMs < 15_000, `took ${run.durationMs} ms`);
  });
});
