import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { CLI_PATH, runCli } from '../support/cli.js';
import { countLines } from '../support/processes.js';

const directory = mkdtempSync(join(tmpdir(), 'cooperate-joblog-e2e-'));
after(() => rmSync(directory, { recursive: true, force: true }));

const HEADER = 'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tError\tCommand';
const commands = ['-c', 'echo a', '-c', 'exit 2', '-c', 'echo "tab\there"'];

function logLines(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .slice(1, -1)
    .map((line) => line.split('\t'));
}

describe('--joblog', () => {
  it('writes one line per finished job', async () => {
    const path = join(directory, 'plain.log');
    const run = await runCli(['--local', '--joblog', path, '-b', '1', ...commands]);
    assert.equal(run.code, 1);
    assert.equal(readFileSync(path, 'utf8').split('\n')[0], HEADER);
    const lines = logLines(path);
    assert.deepEqual(
      lines.map((fields) => [fields[0], fields[1], fields[6], fields[7], fields[8], fields[9]]),
      [
        ['1', 'local', '0', '0', '', 'echo a'],
        ['2', 'local', '2', '0', '', 'exit 2'],
        ['3', 'local', '0', '0', '', 'echo "tab\\there"'],
      ],
    );
    for (const fields of lines) {
      assert.match(fields[2] ?? '', /^\d{10}\.\d{3}$/);
      assert.match(fields[3] ?? '', /^\d+\.\d{3}$/);
    }
  });

  it('keeps finished jobs when cooperate is killed', async () => {
    const path = join(directory, 'killed.log');
    const child = spawn(
      process.execPath,
      [CLI_PATH, '--local', '--joblog', path, '-c', 'echo quick', '-c', 'sleep 30'],
      {
        stdio: 'ignore',
      },
    );
    const closed = new Promise((resolve) => child.on('close', resolve));
    // Bounded wait for the quick job's line: at most 100 polls of 100 ms.
    for (let poll = 0; poll < 100 && !(existsSync(path) && logLines(path).length > 0); poll++) {
      await sleep(100);
    }
    child.kill('SIGKILL');
    await closed;
    assert.deepEqual(
      logLines(path).map((fields) => fields[9]),
      ['echo quick'],
    );
  });

  it('leaves interrupted jobs out', async () => {
    const path = join(directory, 'interrupted.log');
    const run = await runCli(['--local', '--joblog', path, '-c', 'echo quick', '-c', 'sleep 30'], {
      signalWhen: { signal: 'SIGINT', ready: () => countLines(path) === 2 },
    });
    assert.equal(run.code, 130);
    assert.deepEqual(
      logLines(path).map((fields) => fields[9]),
      ['echo quick'],
    );
  });

  it('rejects a file that is not a job log', async () => {
    const run = await runCli(['--local', '--joblog', CLI_PATH, '-c', 'true']);
    assert.equal(run.code, 2);
    assert.ok(
      run.stderr.startsWith(`cooperate: ${CLI_PATH} exists and is not a cooperate job log`),
      run.stderr,
    );
    assert.equal(run.stdout.length, 0);
  });
});

describe('--resume and --resume-failed', () => {
  it('skip what the log shows as done', async () => {
    const path = join(directory, 'resumed.log');
    await runCli(['--local', '--joblog', path, ...commands]);

    const resumed = await runCli(['--local', '--resume', path, ...commands]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(resumed.results(), []);
    assert.match(resumed.stderr, /skipping 3 jobs that job log .* shows as finished/);

    const failedAgain = await runCli(['--local', '--resume-failed', path, ...commands]);
    assert.equal(failedAgain.code, 1);
    assert.deepEqual(
      failedAgain.results().map((result) => result.command),
      ['exit 2'],
    );
    assert.equal(logLines(path).length, 4);
  });

  it('runs the jobs an interrupt stopped', async () => {
    const path = join(directory, 'stopped.log');
    const marker = join(directory, 'slow.started');
    const slow = `echo >> '${marker}'; sleep 30; echo slow`;
    await runCli(['--local', '--joblog', path, '-c', 'echo quick', '-c', slow], {
      signalWhen: { signal: 'SIGTERM', ready: () => countLines(path) === 2 && countLines(marker) === 1 },
    });
    const other = await runCli(['--local', '--resume', path, '-c', 'echo other', '-c', slow]);
    assert.equal(other.code, 2);
    assert.match(
      other.stderr,
      /does not match this run: its job 1 is "echo quick" on local, this run's is "echo other"/,
    );
    assert.equal(other.stdout.length, 0);

    const same = await runCli(['--local', '--resume', path, '-c', 'echo quick', '-c', slow], {
      signalWhen: { signal: 'SIGINT', ready: () => countLines(marker) === 2 },
    });
    assert.deepEqual(
      same.results().map((result) => result.command),
      [slow],
    );
  });

  it('runs the jobs the run time limit cut', async () => {
    const path = join(directory, 'cut.log');
    const slow = 'sleep 3; echo slow';
    const cut = await runCli(['--local', '--joblog', path, '-t', '1', '-c', 'echo quick', '-c', slow]);
    assert.equal(cut.code, 124);
    assert.deepEqual(
      logLines(path).map((fields) => fields[9]),
      ['echo quick'],
    );
    const resumed = await runCli(['--local', '--resume', path, '-c', 'echo quick', '-c', slow]);
    assert.deepEqual(
      resumed.results().map((result) => result.command),
      [slow],
    );

    const own = join(directory, 'own-limit.log');
    await runCli(['--local', '--joblog', own, '--job-timeout', '1', '-c', slow]);
    assert.deepEqual(
      logLines(own).map((fields) => fields[9]),
      [slow],
    );
  });

  it('limit a dry run to the jobs left', async () => {
    const path = join(directory, 'dry.log');
    await runCli(['--local', '--joblog', path, ...commands]);
    const dry = await runCli(['--local', '--dry-run', '--resume-failed', path, ...commands]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(dry.stdout.toString(), 'local\texit 2\n');
  });

  it('starts from scratch without a log', async () => {
    const path = join(directory, 'fresh.log');
    const run = await runCli(['--local', '--resume', path, '-c', 'echo first']);
    assert.equal(run.code, 0);
    assert.deepEqual(
      logLines(path).map((fields) => fields[9]),
      ['echo first'],
    );
  });
});
