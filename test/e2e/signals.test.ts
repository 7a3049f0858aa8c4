import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { runCli } from '../support/cli.js';
import { isRunning, pidsIn } from '../support/processes.js';

const directory = mkdtempSync(join(tmpdir(), 'cooperate-signals-test-'));
after(() => rmSync(directory, { recursive: true, force: true }));

/** A job that prints its shell's PID and a background child's, then waits. */
const waitingJob = 'sleep 30 & echo $!; echo $$; wait';

describe('signals', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} stops every job and prints every result`, async () => {
      const run = await runCli(
        ['--local', '-b', '2', '-c', waitingJob, '-c', waitingJob, '-c', 'echo never'],
        {
          signalAfter: { signal, ms: 1500 },
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
        assert.equal(isRunning(pid), false, `process ${pid} still runs`);
      }
      const never = results.find((result) => result.command === 'echo never');
      assert.equal(never?.error, `not started: the run was interrupted by ${signal}`);
    });
  }

  it('a second signal exits at once', async () => {
    const pidFile = (name: string): string => join(directory, name);
    const stubborn = (name: string): string =>
      `trap "" TERM INT; sleep 30 & echo $! > '${pidFile(`${name}.child`)}'; echo $$ > '${pidFile(name)}'; wait`;
    const run = await runCli(['--local', '-c', stubborn('a'), '-c', stubborn('b')], {
      signalAfter: { signal: 'SIGINT', ms: 1500, again: true },
    });
    assert.equal(run.code, 130);
    // After the first signal, jobs that ignore SIGTERM get SIGKILL 2 s later and their results are printed;
    // the second signal must end cooperate before either happens.
    assert.equal(run.stdout.length, 0);
    assert.ok(run.durationMs < 3400, `took ${run.durationMs} ms`);
    const pids = readdirSync(directory).map((name) => Number(readFileSync(join(directory, name), 'utf8')));
    assert.equal(pids.length, 4);
    for (const pid of pids) {
      assert.equal(isRunning(pid), false, `process ${pid} still runs`);
    }
  });
});
