import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { runCli } from '../support/cli.js';
import { countLines } from '../support/processes.js';

const directory = mkdtempSync(join(tmpdir(), 'cooperate-retries-test-'));
after(() => rmSync(directory, { recursive: true, force: true }));

/** Builds a command that fails until its attempt number, kept in file `counter`, reaches `succeedAt`. */
function flaky(counter: string, succeedAt: number): string {
  const file = join(directory, counter);
  return `n=$(cat '${file}' 2>/dev/null || echo 0); n=$((n + 1)); echo $n > '${file}'; echo attempt $n; [ $n -ge ${succeedAt} ]`;
}

describe('--retries', () => {
  it('runs a failed job again until it succeeds', async () => {
    const run = await runCli(['--local', '--retries', '2', '-c', flaky('a', 3)]);
    assert.equal(run.code, 0, run.stderr);
    const [result] = run.results();
    assert.equal(result?.code, 0);
    assert.equal((result as { attempts?: number }).attempts, 3);
    assert.equal(result?.stdout, 'attempt 3\n');
  });

  it('reports the last failure when retries run out', async () => {
    const run = await runCli(['--local', '--retries', '1', '-c', flaky('b', 5)]);
    assert.equal(run.code, 1);
    const [result] = run.results();
    assert.equal(result?.code, 1);
    assert.equal((result as { attempts?: number }).attempts, 2);
    assert.equal(result?.stdout, 'attempt 2\n');
  });

  it('reports every attempt with --all-attempts', async () => {
    const run = await runCli([
      '--local',
      '--local',
      '-m',
      'distribute',
      '--retries',
      '3',
      '--all-attempts',
      '-c',
      flaky('c', 3),
    ]);
    assert.equal(run.code, 0, run.stderr);
    const [result] = run.results() as Array<{
      attempts?: number;
      previous_attempts?: Array<{ code: number; stdout: string }>;
    }>;
    assert.equal(result?.attempts, 3);
    assert.deepEqual(
      result?.previous_attempts?.map((attempt) => [attempt.code, attempt.stdout]),
      [
        [1, 'attempt 1\n'],
        [1, 'attempt 2\n'],
      ],
    );
  });

  it('retries a timed-out job', async () => {
    const run = await runCli(['--local', '--retries', '1', '--job-timeout', '0.3', '-c', 'sleep 30']);
    assert.equal(run.code, 1);
    const [result] = run.results();
    assert.equal((result as { attempts?: number }).attempts, 2);
    assert.match(String(result?.error), /^timed out: the job's time limit/);
    assert.ok(run.durationMs < 15_000, `took ${run.durationMs} ms`);
  });

  it('does not retry after an interrupt', async () => {
    const marker = join(directory, 'interrupted.started');
    const run = await runCli(['--local', '--retries', '5', '-c', `echo >> '${marker}'; sleep 30`], {
      signalWhen: { signal: 'SIGINT', ready: () => countLines(marker) === 1 },
    });
    assert.equal(run.code, 130);
    const [result] = run.results();
    assert.equal(result?.error, 'interrupted by SIGINT');
    assert.equal((result as { attempts?: number }).attempts, 1);
  });
});
