import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { runCli, type YamlResult } from '../support/cli.js';

/** A job that starts two sleeping processes in its group and prints their PIDs. */
const TREE = 'sleep 100 & echo $!; sleep 100 & echo $!; wait';

/** True while `pid` runs; a zombie has ended, even when its new parent is slow to reap it. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function pidsOf(results: YamlResult[]): number[] {
  return results.flatMap((result) =>
    String(result.stdout ?? '')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number),
  );
}

async function assertAllGone(pids: number[]): Promise<void> {
  assert.ok(pids.length > 0, 'the jobs printed no PIDs');
  // The kill is sent before cooperate exits; give the kernel a moment to reap.
  for (let attempt = 0; attempt < 20 && pids.some(isAlive); attempt++) {
    await sleep(50);
  }
  assert.deepEqual(pids.filter(isAlive), [], 'processes of the jobs are still running');
}

test('timeout stops the whole process tree', async () => {
  const run = await runCli(['--local', '--local', '-t', '1', '-c', TREE]);
  assert.equal(run.code, 124);
  assert.ok(run.durationMs < 5000, `took ${run.durationMs} ms`);
  const results = run.results();
  assert.equal(results.length, 2);
  for (const result of results) {
    assert.match(String(result.error), /^timed out/);
    assert.equal(result.code, 143);
  }
  await assertAllGone(pidsOf(results));
});

test('timeout reports jobs that never started', async () => {
  const run = await runCli([
    '--local',
    '-b',
    '1',
    '-t',
    '0.5',
    '-c',
    'echo started; sleep 30',
    '-c',
    'echo never',
  ]);
  assert.equal(run.code, 124);
  const results = run.results();
  const stopped = results.find((result) => result.command === 'echo started; sleep 30');
  const never = results.find((result) => result.command === 'echo never');
  assert.equal(stopped?.stdout, 'started\n', 'output captured before the timeout is kept');
  assert.equal(never?.code, null);
  assert.match(String(never?.error), /^not started/);
});

test('timeout does not wait for a background child holding the output', async () => {
  const run = await runCli(['--local', '-t', '10', '-c', 'sleep 30 & echo $!; echo done']);
  assert.equal(run.code, 0);
  assert.ok(run.durationMs < 5000, `took ${run.durationMs} ms`);
  await assertAllGone(pidsOf(run.results()).slice(0, 1));
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} stops every job and prints every result`, async () => {
    const run = await runCli(['--local', '--local', '-b', '3', '-c', TREE, '-c', TREE], {
      signalAfter: { signal, ms: 800 },
    });
    assert.equal(run.code, signal === 'SIGINT' ? 130 : 143);
    const results = run.results();
    assert.equal(results.length, 4);
    assert.equal(results.filter((result) => result.error === `interrupted by ${signal}`).length, 3);
    assert.equal(results.filter((result) => String(result.error).startsWith('not started')).length, 1);
    await assertAllGone(pidsOf(results));
  });
}

test('second SIGINT exits at once', async () => {
  // The job ignores SIGTERM, so only the second signal's SIGKILL ends it before the grace period.
  const job = "trap '' TERM; echo $$; while :; do sleep 0.1; done";
  const run = await runCli(['--local', '-c', job], {
    signalAfter: { signal: 'SIGINT', ms: 800, again: true },
  });
  assert.equal(run.code, 130);
  assert.ok(run.durationMs < 1800, `took ${run.durationMs} ms`);
});

test('exit status tells what happened', async () => {
  const cases: Array<[string[], number]> = [
    [['--local', '-c', 'true'], 0],
    [['--local', '-c', 'true', '-c', 'exit 5'], 1],
    [['--local', '--docker', 'no-such-container-cooperate', '-c', 'true'], 3],
    [['--local', '-t', '0.3', '-c', 'sleep 5'], 124],
    [['--local', '-b', '0', '-c', 'true'], 2],
  ];
  for (const [args, code] of cases) {
    const run = await runCli(args);
    assert.equal(run.code, code, args.join(' '));
  }
});

test('bad input exits 2, names the value and runs nothing', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'cooperate-bad-'));
  const marker = join(directory, 'ran');
  const job = `touch ${marker}`;
  const cases: Array<[string[], string]> = [
    [['-c', job], 'no node given'],
    [['--local'], 'no command given'],
    [['--local', '--nodes', '-c', job], "'--nodes'"],
    [['--local', '-m', 'round-robin', '-c', job], "'round-robin'"],
    [['--local', '-b', '150%', '-c', job], "'150%'"],
    [['--local', '-e', 'A B=1', '-c', job], "'A B=1'"],
    [['--local', '-t', '-3', '-c', job], "'-3'"],
    [['--local', `@${join(directory, 'missing')}`, '-c', job], 'missing'],
    [['--ssh', '', '-c', job], '--ssh'],
    [['--lxc', '--evil', '-c', job], "'--evil'"],
    [['--local', '-c', job, '--', 'echo'], 'use one or the other'],
  ];
  for (const [args, expected] of cases) {
    const run = await runCli(args);
    assert.equal(run.code, 2, args.join(' '));
    assert.equal(run.stdout.length, 0);
    assert.ok(run.stderr.startsWith('cooperate: '), run.stderr);
    assert.ok(run.stderr.includes(expected), `${run.stderr} should name ${expected}`);
    assert.equal(run.stderr.trim().split('\n').length, 1, 'one line');
  }
  assert.equal(existsSync(marker), false);
});
