import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { test } from 'node:test';

import { CLI_PATH, parseYamlResults } from '../support/cli.js';

function savedInputDirectories(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('cooperate-stdin-'));
}

/** Runs cooperate with a standard input that stays open, optionally sending it a signal after `signalMs`. */
async function runWithOpenStdin(
  args: string[],
  signalMs: number | null,
): Promise<{ code: number | null; stdout: string; durationMs: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI_PATH, ...args], { stdio: ['pipe', 'pipe', 'ignore'] });
  child.stdin.write('some input\n');
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const timer = signalMs === null ? undefined : setTimeout(() => child.kill('SIGINT'), signalMs);
  const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  clearTimeout(guard);
  child.stdin.destroy();
  return { code, stdout, durationMs: Date.now() - started };
}

test('stdin time limit covers reading the input', async () => {
  const before = savedInputDirectories();
  const run = await runWithOpenStdin(['--local', '-t', '1', '--stdin', '-c', 'cat'], null);

  assert.equal(run.code, 124);
  assert.ok(run.durationMs < 8000, `took ${run.durationMs} ms`);
  const [result] = parseYamlResults(run.stdout);
  assert.match(result?.error ?? '', /not started: the run's time limit of 1 s \(-t\) expired/);
  assert.deepEqual(savedInputDirectories(), before, 'the partial input file is removed');
});

test('stdin reading stops on interrupt', async () => {
  const before = savedInputDirectories();
  const run = await runWithOpenStdin(['--local', '--stdin', '-c', 'cat'], 1000);

  assert.equal(run.code, 130);
  const [result] = parseYamlResults(run.stdout);
  assert.match(result?.error ?? '', /not started: the run was interrupted by SIGINT/);
  assert.deepEqual(savedInputDirectories(), before, 'the partial input file is removed');
});
