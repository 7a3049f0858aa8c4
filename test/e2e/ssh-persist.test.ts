import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { processesMatching, useSshLab } from '../lab/lab-hooks.js';
import { runCli } from '../support/cli.js';

const { skip, lab } = useSshLab();

/** PIDs of the master connections whose sockets are in `directory`. */
function mastersIn(directory: string): number[] {
  return processesMatching(`ControlPath=${directory}`)
    .filter((line) => line.includes('ControlMaster=yes'))
    .map((line) => Number(line.split(':')[0]))
    .sort((a, b) => a - b);
}

/** Creates a runtime directory of the test's own, so that the persistent sockets are found only here. */
function runtimeDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'cooperate-runtime-'));
}

function stopMasters(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // It has already exited.
    }
  }
}

test('with --persist a later run reuses the open connection', { skip }, async () => {
  const runtime = runtimeDirectory();
  const env = { ...lab().env, XDG_RUNTIME_DIR: runtime };
  const sockets = join(runtime, 'cooperate');
  // The client address and port of the ssh connection tell whether the second run opened a new one.
  const args = ['--ssh', 'node1', '--ssh', 'node2', '--persist', '30', '-c', 'echo "$SSH_CONNECTION"'];
  let masters: number[] = [];
  try {
    const first = await runCli(args, { env });
    assert.equal(first.code, 0, first.stderr);
    masters = mastersIn(sockets);
    assert.equal(masters.length, 2, 'one master per node outlives the first run');
    assert.equal(readdirSync(sockets).length, 2);

    const second = await runCli(args, { env });
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(mastersIn(sockets), masters, 'the second run started no new master');
    const connections = (run: typeof first): string[] =>
      run
        .results()
        .map((job) => `${job.node} ${job.stdout}`)
        .sort();
    assert.deepEqual(connections(second), connections(first));
  } finally {
    stopMasters(masters);
    rmSync(runtime, { recursive: true, force: true });
  }
});

test('with --persist a master that was killed is replaced', { skip }, async () => {
  const runtime = runtimeDirectory();
  const env = { ...lab().env, XDG_RUNTIME_DIR: runtime };
  const sockets = join(runtime, 'cooperate');
  const args = ['--ssh', 'node1', '--persist', '30', '-c', 'echo ok'];
  let masters: number[] = [];
  try {
    assert.equal((await runCli(args, { env })).code, 0);
    masters = mastersIn(sockets);
    assert.equal(masters.length, 1);
    // SIGKILL leaves the socket file behind, with no master listening on it.
    process.kill(masters[0] ?? 0, 'SIGKILL');
    const again = await runCli(args, { env });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.results()[0]?.stdout, 'ok\n');
    const replaced = mastersIn(sockets);
    assert.equal(replaced.length, 1);
    assert.notDeepEqual(replaced, masters);
    masters = replaced;
  } finally {
    stopMasters(masters);
    rmSync(runtime, { recursive: true, force: true });
  }
});

test('without --persist no ssh process outlives the run', { skip }, async () => {
  const runtime = runtimeDirectory();
  const before = processesMatching('ControlPath=');
  try {
    const run = await runCli(['--ssh', 'node1', '--ssh', 'node2', '-c', 'echo ok'], {
      env: { ...lab().env, XDG_RUNTIME_DIR: runtime },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      processesMatching('ControlPath=').filter((line) => !before.includes(line)),
      [],
    );
    assert.deepEqual(readdirSync(runtime), [], 'no persistent socket directory was created');
  } finally {
    rmSync(runtime, { recursive: true, force: true });
  }
});

test('--persist rejects a socket directory that others can open', { skip }, async () => {
  const runtime = runtimeDirectory();
  const sockets = join(runtime, 'cooperate');
  mkdirSync(sockets);
  chmodSync(sockets, 0o755);
  try {
    const run = await runCli(['--ssh', 'node1', '--persist', '30', '-c', 'echo ok'], {
      env: { ...lab().env, XDG_RUNTIME_DIR: runtime },
    });
    assert.notEqual(run.code, 0);
    assert.match(run.results()[0]?.error ?? '', /has mode 0755, not 0700/);
    assert.deepEqual(mastersIn(sockets), []);
  } finally {
    rmSync(runtime, { recursive: true, force: true });
  }
});
