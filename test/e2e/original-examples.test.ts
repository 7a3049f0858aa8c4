import assert from 'node:assert/strict';
import { test } from 'node:test';

import { runCli } from '../support/cli.js';

// The examples of the original tool's README, run on local nodes.

test('original: --local -- echo FOO', async () => {
  const run = await runCli(['--local', '--', 'echo', 'FOO']);
  assert.equal(run.code, 0);
  assert.deepEqual(run.results(), [
    { code: 0, command: ['echo', 'FOO'], error: null, node: 'local', stderr: null, stdout: 'FOO\n' },
  ]);
});

test('original: several nodes run the command each', async () => {
  const run = await runCli(['--local', '--local', '--local', '--', 'echo', 'FOO']);
  assert.equal(run.code, 0);
  const results = run.results();
  assert.equal(results.length, 3);
  for (const result of results) {
    assert.equal(result.stdout, 'FOO\n');
  }
  // The same node given several times gets a number after its name.
  assert.deepEqual(results.map((result) => result.node).sort(), ['local#1', 'local#2', 'local#3']);
});

test('original: several jobs with --command', async () => {
  const run = await runCli(['--local', '--command', 'echo FOO', '--command', 'echo BAR']);
  assert.equal(run.code, 0);
  const outputs = run.results().map((result) => `${String(result.command)}=${String(result.stdout)}`);
  assert.deepEqual(outputs.sort(), ['echo BAR=BAR\n', 'echo FOO=FOO\n']);
});

test('original: mode all runs every command on every node', async () => {
  const run = await runCli(['--local', '--local', '--local', '--command=echo FOO', '--command=echo BAR']);
  assert.equal(run.code, 0);
  const outputs = run.results().map((result) => result.stdout);
  assert.equal(outputs.length, 6);
  assert.equal(outputs.filter((output) => output === 'FOO\n').length, 3);
  assert.equal(outputs.filter((output) => output === 'BAR\n').length, 3);
});

test('original: mode distribute runs each command once', async () => {
  const run = await runCli([
    '--local',
    '--local',
    '--local',
    '--command=echo FOO',
    '--command=echo BAR',
    '--mode=distribute',
  ]);
  assert.equal(run.code, 0);
  assert.deepEqual(
    run
      .results()
      .map((result) => result.stdout)
      .sort(),
    ['BAR\n', 'FOO\n'],
  );
});

for (const window of ['1', '33%']) {
  test(`original: --concurrence ${window} runs one job at a time`, async () => {
    // Each job writes its start and end time; with a window of one no two jobs overlap.
    const job = 'start=$(date +%s%N); sleep 0.2; echo "$start $(date +%s%N)"';
    const run = await runCli([
      '--local',
      '--concurrence',
      window,
      '--command',
      job,
      '--command',
      job,
      '--command',
      job,
    ]);
    assert.equal(run.code, 0);
    const spans = run
      .results()
      .map((result) => String(result.stdout).trim().split(' ').map(BigInt) as [bigint, bigint])
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
    assert.equal(spans.length, 3);
    for (let index = 1; index < spans.length; index++) {
      assert.ok(
        (spans[index] as [bigint, bigint])[0] >= (spans[index - 1] as [bigint, bigint])[1],
        'jobs overlapped',
      );
    }
  });
}
