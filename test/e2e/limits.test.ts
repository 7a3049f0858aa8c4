import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { CLI_PATH, runCli } from '../support/cli.js';
import { hasEnded } from '../support/processes.js';

const directory = mkdtempSync(join(tmpdir(), 'cooperate-limits-test-'));
after(() => rmSync(directory, { recursive: true, force: true }));

describe('limits', () => {
  it('fits the window to ulimit -n', async () => {
    const commands = Array.from({ length: 300 }, (_, index) => ['-c', `sleep 0.2; echo ${index}`]).flat();
    const run = await runCli(['--local', '-b', '300', ...commands], {
      openFileLimit: 256,
      timeoutMs: 120_000,
    });
    assert.equal(run.code, 0, run.stderr);
    const results = run.results();
    assert.equal(results.length, 300);
    assert.equal(results.filter((result) => result.code === 0 && result.error === null).length, 300);
    const lines = run.stderr.split('\n').filter((line) => line !== '');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(
      lines[0] ?? '',
      /^cooperate: the open-file limit \(ulimit -n\) is 256, so at most \d+ jobs run at once instead of 300/,
    );
  });

  it('ends quietly when standard output closes', async () => {
    const pidFile = join(directory, 'slow.pid');
    const args = [
      '--local',
      '-c',
      `echo $$ > '${pidFile}'; sleep 30`,
      '-c',
      'echo first',
      '-c',
      'sleep 0.5; echo second',
    ];
    const quoted = [process.execPath, CLI_PATH, ...args]
      .map((word) => `'${word.replaceAll("'", `'\\''`)}'`)
      .join(' ');
    const started = Date.now();
    const shell = spawn('bash', ['-c', `${quoted} | head -n 1; echo "status=\${PIPESTATUS[0]}" >&2`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    shell.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    shell.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => shell.on('close', resolve));
    assert.equal(code, 0);
    assert.equal(stdout, '---\n');
    assert.equal(stderr, 'status=141\n');
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(await hasEnded(pid), `job process ${pid} still runs`);
  });

  it('ends help and dry runs quietly when standard output closes', async () => {
    const commands = Array.from({ length: 3000 }, (_, index) => `-c 'echo ${index}'`).join(' ');
    const cli = `'${process.execPath}' '${CLI_PATH}'`;
    for (const args of [`--local --local ${commands} --dry-run`, '--help']) {
      const shell = spawn(
        'bash',
        ['-c', `${cli} ${args} | head -n 1 >/dev/null; echo "status=\${PIPESTATUS[0]}" >&2`],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let stderr = '';
      shell.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await new Promise((resolve) => shell.on('close', resolve));
      assert.equal(stderr, 'status=141\n', args.slice(0, 40));
    }
  });
});
