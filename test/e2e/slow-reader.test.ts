import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';

import { CLI_PATH } from '../support/cli.js';

/** Runs cooperate, reads nothing for `stallMs`, then reads everything; returns stdout and the exit code. */
function runWithSlowReader(
  args: readonly string[],
  stallMs: number,
): Promise<{ code: number | null; stdout: Buffer }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), stallMs);
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    const limit = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cooperate ${args.join(' ')} did not end within 60 s`));
    }, 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(limit);
      resolve({ code, stdout: Buffer.concat(chunks) });
    });
  });
}

const BYTES = 24 * 1024 * 1024;

test('slow reader gets every raw byte', async () => {
  // The second command prints while cooperate has paused its pipes for the slow reader; every byte
  // of both must still arrive.
  const run = await runWithSlowReader(
    [
      '--local',
      '-o',
      'raw',
      '-c',
      `head -c ${BYTES} /dev/zero`,
      '-c',
      "sleep 0.5; head -c 30000 /dev/zero | tr '\\0' b",
    ],
    2000,
  );
  assert.equal(run.code, 0);
  assert.equal(run.stdout.length, BYTES + 30000);
  assert.equal(run.stdout.filter((byte) => byte === 0x62).length, 30000);
});

test('slow reader gets every line', async () => {
  const lines = 500_000;
  const run = await runWithSlowReader(
    ['--local', '-o', 'lines', '--no-prefix', '-c', `seq 1 ${lines}`],
    1500,
  );
  assert.equal(run.code, 0);
  const text = run.stdout.toString();
  assert.equal(text.endsWith(`\n${lines}\n`), true);
  assert.equal(text.split('\n').length, lines + 1);
});
