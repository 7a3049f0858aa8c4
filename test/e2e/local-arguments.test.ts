import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { CLI_PATH, parseYamlResults, runCli } from '../support/cli.js';

const directory = mkdtempSync(join(tmpdir(), 'cooperate-args-'));
const argsFile = join(directory, 'args.txt');
writeFileSync(argsFile, '# jobs for the test\n--local\n\n--command echo $FOO\n--env FOO=from file\n');

test('arguments come from @FILE', async () => {
  const run = await runCli([`@${argsFile}`]);
  assert.equal(run.code, 0);
  assert.deepEqual(run.results()[0]?.command, 'echo $FOO');
  assert.equal(run.results()[0]?.stdout, 'from file\n');
});

test('arguments come from a redirected standard input', () => {
  const run = spawnSync(
    `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_PATH)} < ${JSON.stringify(argsFile)}`,
    {
      shell: '/bin/sh',
      timeout: 20_000,
    },
  );
  assert.equal(run.status, 0, run.stderr.toString());
  assert.equal(parseYamlResults(run.stdout.toString())[0]?.stdout, 'from file\n');
});

test('arguments come from a pipe', async () => {
  const run = await runCli([], { input: '--local\n--command echo piped\n' });
  assert.equal(run.code, 0);
  assert.equal(run.results()[0]?.stdout, 'piped\n');
});

test('arguments on the command line never wait on stdin', async () => {
  // A pipe that stays open: cooperate must not read it, so it ends by itself.
  const run = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI_PATH, '--local', '-c', 'echo hi'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout }));
  });
  assert.equal(run.code, 0);
  assert.equal(parseYamlResults(run.stdout)[0]?.stdout, 'hi\n');
});

test('bad argument file line names FILE:LINE and runs nothing', async () => {
  const marker = join(directory, 'ran');
  const bad = join(directory, 'bad.txt');
  writeFileSync(bad, `--local\n--command touch ${marker}\nnot an option\n`);
  const run = await runCli([`@${bad}`]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, new RegExp(`${bad.replaceAll('.', '\\.')}:3`));
  assert.equal(spawnSync('test', ['-e', marker]).status, 1);
});
