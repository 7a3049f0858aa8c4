import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { processesMatching, useSshLab } from '../lab/lab-hooks.js';
import { runCli } from '../support/cli.js';

const { skip, lab } = useSshLab();

/** Builds a command that marks the node if it runs to its end, and a unique string to find its processes. */
function slowJob(): { line: string; marker: string; token: string } {
  const token = `${Math.floor(Math.random() * 1e9)}`;
  const marker = join('/tmp', `cooperate-stop-${token}`);
  return { line: `sleep 4.${token}; touch ${marker}`, marker, token };
}

function controlDirectories(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('cooperate-ssh-'));
}

/** Waits up to `ms` for processes that contain `token` to end; returns those still running. */
async function waitForNoProcess(token: string, ms: number): Promise<string[]> {
  const deadline = Date.now() + ms;
  let left = processesMatching(token);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(100);
    left = processesMatching(token);
  }
  return left;
}

test('timeout and Ctrl-C stop the remote job', { skip }, async () => {
  const directoriesBefore = controlDirectories();
  const sshBefore = processesMatching('ControlPath=');
  const timed = slowJob();
  const interrupted = slowJob();
  const twice = slowJob();
  const control = slowJob();
  const controlLine = control.line.replace(/sleep [\d.]+/, 'sleep 0.1');
  const started = Date.now();

  const [timedRun, interruptedRun, twiceRun, controlRun] = await Promise.all([
    runCli(['--ssh', 'node1', '-t', '2', '-c', timed.line], { env: lab().env }),
    runCli(['--ssh', 'node2', '-c', interrupted.line], {
      env: lab().env,
      signalAfter: { signal: 'SIGINT', ms: 1500 },
    }),
    runCli(['--ssh', 'node3', '-c', twice.line], {
      env: lab().env,
      signalAfter: { signal: 'SIGINT', ms: 1500, again: true },
    }),
    runCli(['--ssh', 'node1', '-c', controlLine], { env: lab().env }),
  ]);

  assert.equal(timedRun.code, 124);
  assert.ok(timedRun.durationMs < 5000, `timeout took ${timedRun.durationMs} ms`);
  assert.match(timedRun.results()[0]?.error ?? '', /timed out/);
  assert.equal(interruptedRun.code, 130);
  assert.ok(interruptedRun.durationMs < 4500, `Ctrl-C took ${interruptedRun.durationMs} ms`);
  assert.match(interruptedRun.results()[0]?.error ?? '', /interrupted by SIGINT/);
  assert.equal(twiceRun.code, 130);
  assert.equal(controlRun.code, 0);

  // The remote group gets SIGTERM at once and SIGKILL 2 s later at most.
  for (const job of [timed, interrupted, twice]) {
    assert.deepEqual(await waitForNoProcess(job.token, 3000), [], 'remote job still running');
  }
  await sleep(Math.max(0, started + 5500 - Date.now()));
  assert.equal(existsSync(control.marker), true, 'the job that was not stopped ran to its end');
  rmSync(control.marker, { force: true });
  for (const job of [timed, interrupted, twice]) {
    assert.equal(existsSync(job.marker), false, `${job.marker} was created`);
  }
  assert.deepEqual(
    processesMatching('ControlPath=').filter((line) => !sshBefore.includes(line)),
    [],
    'no ssh client outlives cooperate',
  );
  assert.deepEqual(
    controlDirectories().filter((name) => !directoriesBefore.includes(name)),
    [],
    'control directories removed',
  );
});

test('leftover background job does not hold the node', { skip }, async () => {
  const job = slowJob();
  const result = await runCli(['--ssh', 'node1', '-c', `(sleep 4.${job.token}) & echo started`], {
    env: lab().env,
  });
  assert.equal(result.results()[0]?.stdout, 'started\n');
  assert.ok(result.durationMs < 3500, `took ${result.durationMs} ms`);
  assert.deepEqual(await waitForNoProcess(job.token, 3000), []);
});

test('stopped remote job reports its status', { skip }, async () => {
  const cases: Array<[string, number]> = [
    ['sleep 8', 143],
    ['trap "" TERM; sleep 7', 137],
  ];
  // A single command runs through its own client, two through a master: both report alike.
  for (const [line, code] of cases) {
    for (const lines of [[line], [line, 'true']]) {
      const run = await runCli(['--ssh', 'node1', '-t', '1', ...lines.flatMap((each) => ['-c', each])], {
        env: lab().env,
      });
      assert.equal(run.code, 124, run.stderr);
      const result = run.results().find((each) => each.command === line);
      assert.equal(
        result?.code,
        code,
        `${line} through ${lines.length === 1 ? 'its own client' : 'a master'}`,
      );
    }
  }
});
