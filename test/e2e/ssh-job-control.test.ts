import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { processesMatching, useSshLab } from '../lab/lab-hooks.js';
import { runCli } from '../support/cli.js';

// Job control on ssh nodes: the per-job timeout and retries go through the same engine as on local nodes.

const { skip, lab } = useSshLab();

function uniqueToken(): string {
  return `${Math.floor(Math.random() * 1e9)}`;
}

test('ssh job timeout stops the remote command', { skip }, async () => {
  const token = uniqueToken();
  const run = await runCli(
    ['--ssh', 'node1', '--job-timeout', '1', '-c', `echo started; sleep 30.${token}`],
    {
      env: lab().env,
    },
  );
  const [result] = run.results();
  assert.equal(result?.stdout, 'started\n', 'output before the timeout is kept');
  assert.match(result?.error ?? '', /timed out/);
  assert.ok(run.durationMs < 8000, `took ${run.durationMs} ms`);

  let left = processesMatching(`sleep 30.${token}`);
  for (let attempt = 0; attempt < 40 && left.length > 0; attempt++) {
    await sleep(100);
    left = processesMatching(`sleep 30.${token}`);
  }
  assert.deepEqual(left, [], 'the remote sleep is still running');
});

test('ssh retries run a failed job again', { skip }, async () => {
  // The lab's nodes share this machine's /tmp, so the second attempt finds the mark that the first one left.
  const marker = `/tmp/cooperate-retry-${uniqueToken()}`;
  const line = `if [ -e ${marker} ]; then echo second; else touch ${marker}; echo first; exit 1; fi`;
  const run = await runCli(['--ssh', 'node1', '--retries', '2', '-c', line], { env: lab().env });
  rmSync(marker, { force: true });

  assert.equal(run.code, 0);
  const [result] = run.results();
  assert.equal(result?.code, 0);
  assert.equal(result?.stdout, 'second\n');
  assert.equal((result as unknown as { attempts?: number })?.attempts, 2);
});

test('ssh retry in distribute mode avoids the failed node', { skip }, async () => {
  const run = await runCli(
    [
      '--ssh',
      'node1',
      '--ssh',
      'node2',
      '-m',
      'distribute',
      '--retries',
      '1',
      '-c',
      'hostname; [ "$(hostname)" != node1 ]',
    ],
    { env: lab().env },
  );
  const [result] = run.results();
  assert.equal(result?.code, 0, run.stderr);
  assert.equal(result?.node, 'node2');
});
