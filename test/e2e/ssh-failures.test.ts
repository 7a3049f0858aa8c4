import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { useSshLab } from '../lab/lab-hooks.js';
import { CLI_PATH, parseYamlResults, runCli, type YamlResult } from '../support/cli.js';

const { skip, lab } = useSshLab();

function byCommand(results: YamlResult[]): Map<string, YamlResult> {
  return new Map(results.map((result) => [String(result.command), result]));
}

test('exit codes are the remote command own', { skip }, async () => {
  const commands = ['exit 3', 'false', 'no-such-cmd', 'kill -TERM $$', 'kill -KILL $$'];
  const result = await runCli(['--ssh', 'node1', ...commands.flatMap((line) => ['-c', line])], {
    env: lab().env,
  });
  assert.equal(result.code, 1, result.stderr);
  const jobs = byCommand(result.results());
  const expected = [3, 1, 127, 143, 137];
  commands.forEach((line, index) => {
    assert.equal(jobs.get(line)?.code, expected[index], line);
    assert.equal(jobs.get(line)?.error, null, line);
  });
  assert.equal(jobs.get('kill -TERM $$')?.stderr, null, 'no shell notice on stderr');
});

test('exit 255 is a status, not an error', { skip }, async () => {
  const result = await runCli(['--ssh', 'node1', '-c', 'echo hello; echo warn >&2; exit 255'], {
    env: lab().env,
  });
  const [job] = result.results();
  assert.equal(job?.code, 255);
  assert.equal(job?.error, null);
  assert.equal(job?.stdout, 'hello\n');
  assert.equal(job?.stderr, 'warn\n');
  assert.equal(result.code, 1);
});

test('a connection lost while the job runs is an error, not a status', { skip }, async () => {
  // The job ends the server's process for its connection, whose PID is its wrapper's parent.
  const lose = 'echo started; kill -KILL $(cut -d" " -f4 /proc/$PPID/stat); sleep 5';
  // One command per node connects through the job's own client; two go through a master connection.
  for (const commands of [[lose], [lose, 'true']]) {
    const result = await runCli(['--ssh', 'node1', ...commands.flatMap((line) => ['-c', line])], {
      env: lab().env,
    });
    const job = byCommand(result.results()).get(lose);
    assert.equal(job?.code, null, String(result.stdout));
    assert.match(job?.error ?? '', /connection to node1 lost while the job ran/, String(result.stdout));
    assert.equal(job?.stdout, 'started\n');
    // Through a master, ssh's messages stay out of the job's stderr. A job's own client writes the line
    // about the closed connection to its stderr, as plain ssh does.
    if (commands.length > 1) {
      assert.equal(job?.stderr, null);
    }
  }
});

test('option-like host never reaches ssh', { skip }, async () => {
  const directory = mkdtempSync(join(tmpdir(), 'cooperate-proxy-'));
  const marker = join(directory, 'x');
  const result = await runCli(['--ssh', `-oProxyCommand=touch ${marker}`, '--', 'true'], { env: lab().env });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /starts with '-'/);
  assert.equal(existsSync(marker), false);
  rmSync(directory, { recursive: true, force: true });

  const dashed = await runCli(['--ssh', 'node1', '--', '--version'], { env: lab().env });
  const [job] = dashed.results();
  assert.equal(job?.code, 127);
  assert.equal(job?.error, null);
  assert.doesNotMatch(String(job?.stdout ?? ''), /OpenSSH/);
});

test('unreachable nodes say why', { skip }, async () => {
  const result = await runCli(
    [
      '--connect-timeout',
      '2',
      ...['refused', 'root@127.0.0.1:1', 'stranger', 'passwordonly', 'silent'].flatMap((node) => [
        '--ssh',
        node,
      ]),
      '--',
      'true',
    ],
    { env: lab().env },
  );
  assert.equal(result.code, 3);
  const reasons: Record<string, RegExp> = {
    refused: /connection refused/,
    'root@127.0.0.1:1': /connection refused/,
    stranger: /host key verification failed/,
    passwordonly: /permission denied/,
    silent: /timed out/,
  };
  const results = result.results();
  assert.equal(results.length, 5);
  for (const job of results) {
    assert.equal(job.code, null, job.node);
    assert.match(job.error ?? '', reasons[job.node] ?? /never/, job.node);
    assert.ok(job.error?.includes(job.node), job.error ?? '');
  }
  assert.ok(result.durationMs < 9000, `took ${result.durationMs} ms`);
});

test('dead nodes cost one connect timeout', { skip }, async () => {
  const nodes = Array.from({ length: 12 }, () => ['--ssh', 'silent']).flat();
  const result = await runCli(['--connect-timeout', '2', ...nodes, '-c', 'true'], { env: lab().env });
  assert.equal(result.results().length, 12);
  // One after another, they would take 24 s.
  assert.ok(result.durationMs < 9000, `took ${result.durationMs} ms`);
});

test('unresolvable name says so', { skip }, () => {
  // A network namespace of its own keeps the name lookup off every real network.
  let output: string;
  try {
    output = execFileSync(
      'unshare',
      ['--net', '--', process.execPath, CLI_PATH, '--ssh', 'no-such-host.invalid', '--', 'true'],
      { env: lab().env, encoding: 'utf8' },
    );
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? '');
  }
  const [job] = parseYamlResults(output);
  assert.equal(job?.code, null);
  assert.match(job?.error ?? '', /name not resolved/);
});
