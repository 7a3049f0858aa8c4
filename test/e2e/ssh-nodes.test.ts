import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { useSshLab } from '../lab/lab-hooks.js';
import { runCli } from '../support/cli.js';

const { skip, lab } = useSshLab();

test('range expands to one node per host', { skip }, async () => {
  const result = await runCli(['--ssh', 'node[1-3]', '-c', 'hostname'], { env: lab().env });
  assert.equal(result.code, 0, result.stderr);
  const results = result.results().sort((a, b) => a.node.localeCompare(b.node));
  assert.deepEqual(
    results.map((job) => job.node),
    ['node1', 'node2', 'node3'],
  );
  if (lab().hasOwnHostnames) {
    for (const job of results) {
      assert.equal(job.stdout, `${job.node}\n`);
    }
  }
});

test('hosts file lists nodes, twice is twice', { skip }, async () => {
  const directory = mkdtempSync(join(tmpdir(), 'cooperate-hosts-'));
  const file = join(directory, 'hosts');
  writeFileSync(file, '# lab\n  node1  # first\n\nnode2\nnode1\n');
  const result = await runCli(['--hosts', file, '-c', 'echo hi'], { env: lab().env });
  rmSync(directory, { recursive: true, force: true });
  assert.equal(result.code, 0, result.stderr);
  const names = result
    .results()
    .map((job) => job.node)
    .sort();
  assert.deepEqual(names, ['node1#1', 'node1#2', 'node2']);
  for (const job of result.results()) {
    assert.equal(job.stdout, 'hi\n');
  }
});

test('distribute moves jobs off an unreachable node', { skip }, async () => {
  const commands = Array.from({ length: 6 }, (_, index) => ['-c', `echo job${index}; hostname`]).flat();
  const result = await runCli(
    ['-m', 'distribute', '--ssh', 'refused', '--ssh', 'node1', '--ssh', 'node2', ...commands],
    { env: lab().env },
  );
  assert.equal(result.code, 0, result.stderr);
  const jobs = result.results();
  assert.equal(jobs.length, 6);
  for (const job of jobs) {
    assert.notEqual(job.node, 'refused');
    assert.equal(job.error, null);
    if (lab().hasOwnHostnames) {
      assert.match(String(job.stdout), new RegExp(`\\n${job.node}\\n$`), 'node says where it ran');
    }
  }
  const reports = result.stderr.split('\n').filter((line) => line.includes('refused'));
  assert.equal(reports.length, 1, result.stderr);
  assert.match(reports[0] ?? '', /connection refused/);
});

test('distribute with no reachable node reports every job', { skip }, async () => {
  const result = await runCli(
    ['-m', 'distribute', '--ssh', 'refused', '--ssh', 'stranger', '-c', 'true', '-c', 'true', '-c', 'true'],
    { env: lab().env },
  );
  assert.equal(result.code, 3);
  const jobs = result.results();
  assert.equal(jobs.length, 3);
  for (const job of jobs) {
    assert.equal(job.code, null);
    assert.match(job.error ?? '', /connection refused|host key verification failed/);
  }
});

test('ssh options reach ssh', { skip }, async () => {
  const result = await runCli(['--ssh', 'node1', '-O', 'Port=1', '-c', 'true'], { env: lab().env });
  const [job] = result.results();
  assert.match(job?.error ?? '', /connection refused/);
  assert.match(job?.error ?? '', /port 1\b/);
});

test('many nodes behind one sshd all connect', { skip }, async () => {
  // The lab's sshd keeps OpenSSH's default MaxStartups 10:30:100, which drops handshakes past 10.
  const nodes = Array.from({ length: 40 }, () => ['--ssh', 'node1']).flat();
  const result = await runCli([...nodes, '-c', 'echo ok'], { env: lab().env, timeoutMs: 120_000 });
  assert.equal(result.code, 0, result.stderr);
  const jobs = result.results();
  assert.equal(jobs.length, 40);
  for (const job of jobs) {
    assert.equal(job.error, null);
    assert.equal(job.stdout, 'ok\n');
  }
});

test('IPv6 address with and without port', { skip }, async () => {
  const port = String(lab().ipv6Port);
  const result = await runCli(
    ['--ssh', `${lab().user}@[::1]:${port}`, '--ssh', '::1', '-O', `Port=${port}`, '-c', 'echo ok'],
    { env: lab().env },
  );
  assert.equal(result.code, 0, result.stderr);
  const names = result
    .results()
    .map((job) => job.node)
    .sort();
  assert.deepEqual(names, ['::1', `${lab().user}@[::1]:${port}`].sort());
  for (const job of result.results()) {
    assert.equal(job.stdout, 'ok\n');
  }
});
