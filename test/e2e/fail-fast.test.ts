import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { runCli } from '../support/cli.js';

describe('--fail-fast and --max-failures', () => {
  it('keeps new jobs from starting after a failure', async () => {
    const run = await runCli(['--local', '-b', '1', '--fail-fast', '-c', 'exit 3', '-c', 'echo never']);
    assert.equal(run.code, 1);
    const [failed, never] = run.results();
    assert.equal(failed?.code, 3);
    assert.equal(never?.code, null);
    assert.equal(never?.stdout, null);
    assert.equal(never?.error, 'not started: 1 job failed, reaching the limit of --fail-fast');
  });

  it('lets running jobs finish', async () => {
    const run = await runCli([
      '--local',
      '-b',
      '2',
      '--fail-fast',
      '-c',
      'sleep 1; echo finished',
      '-c',
      'exit 3',
      '-c',
      'echo never',
    ]);
    const byCommand = new Map(run.results().map((result) => [result.command, result]));
    assert.equal(byCommand.get('sleep 1; echo finished')?.stdout, 'finished\n');
    assert.equal(byCommand.get('sleep 1; echo finished')?.code, 0);
    assert.match(String(byCommand.get('echo never')?.error), /^not started: /);
  });

  it('stops running jobs with --fail-fast=now', async () => {
    const run = await runCli(['--local', '--fail-fast=now', '-c', 'sleep 30', '-c', 'sleep 0.3; exit 3']);
    assert.equal(run.code, 1);
    assert.ok(run.durationMs < 15_000, `took ${run.durationMs} ms`);
    const stopped = run.results().find((result) => result.command === 'sleep 30');
    assert.equal(stopped?.error, 'stopped: 1 job failed, reaching the limit of --fail-fast=now');
    assert.equal(stopped?.signal, 'SIGTERM');
  });

  it('stops after N failures', async () => {
    const run = await runCli([
      '--local',
      '-b',
      '1',
      '--max-failures',
      '2',
      '-c',
      'exit 1',
      '-c',
      'echo ok',
      '-c',
      'exit 2',
      '-c',
      'echo never',
    ]);
    assert.equal(run.code, 1);
    assert.deepEqual(
      run.results().map((result) => result.error),
      [null, null, null, 'not started: 2 jobs failed, reaching the limit of --max-failures 2'],
    );
  });

  it('stops after a percentage of the jobs', async () => {
    const commands = ['exit 1', 'exit 1', 'echo never', 'echo never'].flatMap((line) => ['-c', line]);
    const run = await runCli(['--local', '-b', '1', '--max-failures', '50%', ...commands]);
    const notStarted = run.results().filter((result) => String(result.error).startsWith('not started'));
    assert.equal(notStarted.length, 2);
  });
});
