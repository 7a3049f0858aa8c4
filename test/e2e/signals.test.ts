import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { runCli } from '../support/cli.js';
import { countLines, hasEnded, pidsIn } from '../support/processes.js';

const directory = mkdtempSync(join(tmpdir(), 'cooperate-signals-test-'));
after(() => rmSync(directory, { recursive: true, force: true }));

const started = join(directory, 'started');

/** A job that prints its shell's PID and a background child's, notes that it started, then waits. */
const waitingJob = `sleep 30 & echo $!; echo $$; echo >> '${started}'; wait`;

describe('signals', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} stops every job and prints every result`, async () => {
      rmSync(started, { force: true });
      const run = await runCli(
        ['--local', '-b', '2', '-c', waitingJob, '-c', waitingJob, '-c', 'echo never'],
        {
          signalWhen: { signal, ready: () => countLines(started) === 2 },
        },
      );
      assert.equal(run.code, code);
      const results = run.results();
      assert.equal(results.length, 3);
      const stopped = results.filter((result) => result.command === waitingJob);
      assert.deepEqual(
        stopped.map((result) => result.error),
        [`interrupted by ${signal}`, `interrupted by ${signal}`],
      );
      const pids = stopped.flatMap((result) => pidsIn(String(result.stdout)));
      assert.equal(pids.length, 4);
      for (const pid of pids) {
        assert.ok(await hasEnded(pid), `process ${pid} still runs`);
      }
      const never = results.find((result) => result.command === 'echo never');
      assert.equal(never?.error, `not started: the run was interrupted by ${signal}`);
    });
  }

  it('a second signal exits at once', async () => {
    const pidDirectory = join(directory, 'pids');
    mkdirSync(pidDirectory);
    const pidFile = (name: string): string => join(pidDirectory, name);
    const stubborn = (name: string): string =>
      `trap "" TERM INT; sleep 30 & echo $! > '${pidFile(`${name}.child`)}'; echo $$ > '${pidFile(name)}'; wait`;
    const run = await runCli(['--local', '-c', stubborn('a'), '-c', stubborn('b')], {
      signalWhen: { signal: 'SIGINT', ready: () => readdirSync(pidDirectory).length === 4, again: true },
    });
    assert.equal(run.code, 130);
    // After the first signal, jobs that ignore SIGTERM get SIGKILL 2 s later and then their results are
    // printed, so an empty output shows that the second signal ended cooperate before that.
    assert.equal(run.stdout.length, 0);
    const pids = readdirSync(pidDirectory).map((name) =>
      Number(readFileSync(join(pidDirectory, name), 'utf8')),
    );
    assert.equal(pids.length, 4);
    for (const pid of pids) {
      assert.ok(await hasEnded(pid), `process ${pid} still runs`);
    }
  });
});
