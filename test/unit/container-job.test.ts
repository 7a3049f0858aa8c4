import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import fc from 'fast-check';

import {
  createRunToken,
  jobKey,
  stopContainerCommand,
  wrapContainerCommand,
} from '../../src/transports/container-job.js';

// The job script runs here under this machine's /bin/sh (dash on Debian), which checks that it is
// portable beyond the busybox sh of the test containers.
function runJobScript(argv: string[]): { status: number | null; stdout: Buffer; stderr: string } {
  const [file = 'sh', ...args] = wrapContainerCommand(jobKey(createRunToken(), 0), { kind: 'argv', argv });
  const result = spawnSync(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
}

/** Tells whether a process exists and has not ended; an unreaped zombie counts as ended. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

test('job script keeps argument bytes', () => {
  const word = fc.string({ unit: 'binary', maxLength: 12 }).filter((value) => !value.includes('\0'));
  fc.assert(
    fc.property(fc.array(word, { maxLength: 6 }), (words) => {
      const result = runJobScript(['printf', '%s\\0', ...words]);
      assert.equal(result.status, 0, result.stderr);
      const expected = words.length === 0 ? '\0' : words.map((value) => `${value}\0`).join('');
      assert.equal(result.stdout.toString('utf8'), expected);
    }),
    { numRuns: 40 },
  );
});

test('job script passes exit statuses on', () => {
  const cases: Array<{ argv: string[]; status: number }> = [
    { argv: ['sh', '-c', 'exit 3'], status: 3 },
    { argv: ['false'], status: 1 },
    { argv: ['no-such-cmd-for-cooperate'], status: 127 },
    { argv: ['sh', '-c', 'kill -TERM $$'], status: 143 },
    { argv: ['sh', '-c', 'kill -KILL $$'], status: 137 },
  ];
  for (const { argv, status } of cases) {
    assert.equal(runJobScript(argv).status, status, argv.join(' '));
  }
});

test('job script prints nothing of its own', () => {
  const result = runJobScript(['sh', '-c', 'echo out; echo err >&2; kill -TERM $$']);

  assert.equal(result.stdout.toString('utf8'), 'out\n');
  assert.equal(result.stderr, 'err\n');
});

test('job script ends with its command', () => {
  const started = Date.now();
  const result = runJobScript(['sh', '-c', 'sleep 30 & echo started']);

  assert.equal(result.status, 0);
  assert.equal(result.stdout.toString('utf8'), 'started\n');
  assert.ok(Date.now() - started < 10_000, 'a background child kept the job open');
});

test('shell command line wrapped for sh -c', () => {
  const argv = wrapContainerCommand('k', { kind: 'shell', line: 'echo "$HOME"; exit 4' });

  assert.deepEqual(argv.slice(-4), ['sh', '-c', '--', 'echo "$HOME"; exit 4']);
  assert.equal(argv[0], 'sh');
  assert.equal(argv[5], 'k');
});

test('stop script ends the whole job', async () => {
  const key = jobKey(createRunToken(), 7);
  const [file = 'sh', ...args] = wrapContainerCommand(key, {
    kind: 'shell',
    line: 'trap "" TERM; sleep 30 & echo "$!"; sleep 30',
  });
  const job = spawn(file, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const [firstLine] = (await once(job.stdout, 'data')) as [Buffer];
  const backgroundPid = Number(firstLine.toString('utf8').trim());
  const started = Date.now();

  const [stopFile = 'sh', ...stopArgs] = stopContainerCommand(key);
  const stop = spawnSync(stopFile, stopArgs, { stdio: 'ignore' });
  const [, signal] = (await once(job, 'exit')) as [number | null, NodeJS.Signals | null];

  assert.equal(stop.status, 0);
  // The shell ignores SIGTERM, so the stop script needs its SIGKILL, after up to 2 s.
  assert.equal(signal, 'SIGKILL');
  assert.ok(Date.now() - started < 10_000, `stopped after ${Date.now() - started} ms`);
  assert.equal(isRunning(backgroundPid), false, 'the background child still runs');
});

test('stop script passes SIGTERM status on', async () => {
  const key = jobKey(createRunToken(), 8);
  const [file = 'sh', ...args] = wrapContainerCommand(key, {
    kind: 'argv',
    argv: ['sh', '-c', 'echo up; exec sleep 30'],
  });
  const job = spawn(file, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(job.stdout, 'data');

  const [stopFile = 'sh', ...stopArgs] = stopContainerCommand(key);
  spawnSync(stopFile, stopArgs, { stdio: 'ignore' });
  const [code] = (await once(job, 'exit')) as [number | null];

  assert.equal(code, 143);
});
