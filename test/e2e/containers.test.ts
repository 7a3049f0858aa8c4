import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  execInContainer,
  listProcesses,
  nodeOption,
  removeContainer,
  runCommand,
  startEngineContainer,
  startLxcContainer,
  type LabContainer,
} from '../lab/containers.js';
import { runCli, type YamlResult } from '../support/cli.js';

// Real containers, one of each kind, for the whole file; each start reports loudly what is missing.
const lab: LabContainer[] = [
  await startEngineContainer('docker'),
  await startEngineContainer('podman'),
  await startLxcContainer(),
];
after(() => Promise.all(lab.map(removeContainer)));

const running = lab.filter((container) => container.name !== null);
const docker = lab[0] as LabContainer;
const skipAll = running.length === 0 ? 'no container engine is available' : false;

/** Node options for every running container of the lab, in the lab's order. */
function allNodes(): string[] {
  return running.flatMap(nodeOption);
}

/** Maps each running container to its result, checking that it has exactly one. */
function resultsByContainer(results: YamlResult[]): Map<LabContainer, YamlResult> {
  const byContainer = new Map<LabContainer, YamlResult>();
  for (const container of running) {
    const own = results.filter((result) => result.node === container.name);
    assert.equal(own.length, 1, `one result for ${container.kind} container ${container.name}`);
    byContainer.set(container, own[0] as YamlResult);
  }
  return byContainer;
}

async function assertNoProcess(pattern: string): Promise<void> {
  for (const container of running) {
    const processes = await listProcesses(container);
    const left = processes.filter((line) => line.includes(pattern));
    assert.deepEqual(left, [], `${container.kind} container still runs ${pattern}`);
  }
}

describe('container nodes', { skip: skipAll }, () => {
  test('environment values kept as data', async () => {
    const marker = `/tmp/cooperate-marker-${randomBytes(4).toString('hex')}`;
    const run = await runCli([
      ...allNodes(),
      '-e',
      'V1=x;y #z',
      '-e',
      `V2=$(touch ${marker})`,
      '-e',
      'V3=a=b=',
      '--',
      'sh',
      '-c',
      'printf "<%s>\\n" "$V1" "$V2" "$V3"',
    ]);

    assert.equal(run.code, 0, run.stderr);
    for (const [container, result] of resultsByContainer(run.results())) {
      assert.equal(result.stdout, `<x;y #z>\n<$(touch ${marker})>\n<a=b=>\n`, container.kind);
      const exists = await execInContainer(container, ['test', '-e', marker]);
      assert.equal(exists.code, 1, `${marker} in ${container.kind}`);
    }
    assert.equal(existsSync(marker), false);
  });

  test('argument vector bytes kept', async () => {
    const words = ['two words', "don't", '$PATH', '*', 'x;y|z', '', 'naïve ✓'];
    const run = await runCli([...allNodes(), '--', 'printf', '<%s>\\n', ...words]);

    assert.equal(run.code, 0, run.stderr);
    const expected = words.map((word) => `<${word}>\n`).join('');
    for (const [container, result] of resultsByContainer(run.results())) {
      assert.equal(result.stdout, expected, container.kind);
    }
  });

  test('exit codes of the command', async () => {
    const cases: Array<{ argv: string[]; code: number }> = [
      { argv: ['sh', '-c', 'exit 3'], code: 3 },
      { argv: ['false'], code: 1 },
      { argv: ['no-such-cmd'], code: 127 },
      { argv: ['sh', '-c', 'kill -TERM $$'], code: 143 },
      { argv: ['sh', '-c', 'kill -KILL $$'], code: 137 },
    ];
    for (const { argv, code } of cases) {
      const run = await runCli([...allNodes(), '--', ...argv]);
      assert.equal(run.code, 1, `cooperate's status for ${argv.join(' ')}`);
      for (const [container, result] of resultsByContainer(run.results())) {
        assert.equal(result.code, code, `${argv.join(' ')} on ${container.kind}`);
        assert.equal(result.error, null, `${argv.join(' ')} on ${container.kind}`);
      }
    }
  });

  test('shell command line through sh -c', async () => {
    const run = await runCli([...allNodes(), '-c', 'echo "$((6 * 7))" >&2; echo out']);

    assert.equal(run.code, 0, run.stderr);
    for (const [container, result] of resultsByContainer(run.results())) {
      assert.equal(result.stdout, 'out\n', container.kind);
      assert.equal(result.stderr, '42\n', container.kind);
    }
  });

  test('timeout stops the command inside', async () => {
    const run = await runCli([...allNodes(), '-t', '2', '--', 'sleep', '600']);

    assert.equal(run.code, 124, run.stderr);
    assert.ok(run.durationMs < 7000, `back after ${run.durationMs} ms`);
    for (const [container, result] of resultsByContainer(run.results())) {
      assert.match(result.error ?? '', /timed out/, container.kind);
      assert.equal(result.code, 143, `SIGTERM inside the ${container.kind} container`);
    }
    await assertNoProcess('sleep 600');
  });

  test('timeout stops background children too', async () => {
    const run = await runCli([...allNodes(), '-t', '2', '-c', 'sleep 603 & sleep 604']);

    assert.equal(run.code, 124, run.stderr);
    assert.ok(run.durationMs < 7000, `back after ${run.durationMs} ms`);
    await assertNoProcess('sleep 603');
    await assertNoProcess('sleep 604');
  });

  test('interrupt stops the command inside', async () => {
    const run = await runCli([...allNodes(), '--', 'sleep', '600'], {
      signalAfter: { signal: 'SIGINT', ms: 1000 },
    });

    assert.equal(run.code, 130, run.stderr);
    assert.ok(run.durationMs < 7000, `back after ${run.durationMs} ms`);
    for (const [container, result] of resultsByContainer(run.results())) {
      assert.match(result.error ?? '', /interrupted by SIGINT/, container.kind);
      assert.equal(result.code, 143, `SIGTERM inside the ${container.kind} container`);
    }
    await assertNoProcess('sleep 600');
  });

  test('second interrupt still stops the command inside', async () => {
    const run = await runCli([...allNodes(), '--', 'sleep', '605'], {
      signalAfter: { signal: 'SIGINT', ms: 1000, again: true, toGroup: true },
    });

    assert.equal(run.code, 130, run.stderr);
    // cooperate exits at once; the stop inside each container takes up to about 3 s.
    await sleep(4000);
    await assertNoProcess('sleep 605');
  });

  test('background child does not hold the job', async () => {
    const run = await runCli([...allNodes(), '-c', 'sleep 601 & echo started']);

    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.durationMs < 10_000, `back after ${run.durationMs} ms`);
    for (const [container, result] of resultsByContainer(run.results())) {
      assert.equal(result.stdout, 'started\n', container.kind);
    }
    await assertNoProcess('sleep 601');
  });

  test('stdin empty unless given', async () => {
    const empty = await runCli([...allNodes(), '--', 'cat']);
    assert.equal(empty.code, 0, empty.stderr);
    assert.ok(empty.durationMs < 10_000, `cat with empty stdin ended after ${empty.durationMs} ms`);
    for (const [container, result] of resultsByContainer(empty.results())) {
      assert.equal(result.stdout, null, container.kind);
    }

    const withStdin = await runCli([...allNodes(), '--stdin', '--', 'cat'], {
      input: 'line one\nline two\n',
    });
    assert.equal(withStdin.code, 0, withStdin.stderr);
    for (const [container, result] of resultsByContainer(withStdin.results())) {
      assert.equal(result.stdout, 'line one\nline two\n', container.kind);
    }
  });

  test('large output byte for byte', async () => {
    const zs = await runCli([...allNodes(), '-c', 'head -c 300001 /dev/zero | tr "\\000" z']);
    assert.equal(zs.code, 0, zs.stderr);
    for (const [container, result] of resultsByContainer(zs.results())) {
      assert.equal(result.stdout, 'z'.repeat(300001), container.kind);
    }

    const seq = ['-c', 'seq 1 1500000; echo DONE'];
    const local = await runCli(['--local', ...seq]);
    const remote = await runCli([...allNodes(), ...seq]);
    assert.equal(remote.code, 0, remote.stderr);
    const expected = local.results()[0]?.stdout;
    assert.equal(typeof expected, 'string');
    for (const [container, result] of resultsByContainer(remote.results())) {
      assert.ok(result.stdout === expected, `${container.kind} output differs from the local one`);
    }
  });

  test('missing containers are node errors', async () => {
    const run = await runCli([
      '--docker',
      'no-such-container',
      '--podman',
      'no-such-container',
      '--lxc',
      'no-such-container',
      '--local',
      '--',
      'true',
    ]);

    assert.equal(run.code, 3, run.stderr);
    const results = run.results();
    assert.equal(results.length, 4);
    const local = results.filter((result) => result.node === 'local');
    assert.equal(local.length, 1);
    assert.equal(local[0]?.code, 0);
    for (const kind of running.map((container) => container.kind)) {
      const errors = results.filter(
        (result) => result.node.startsWith('no-such-container#') && result.error?.includes(kind),
      );
      assert.equal(errors.length, 1, `one error naming the ${kind} container: ${JSON.stringify(results)}`);
      assert.equal(errors[0]?.code, null);
      assert.match(errors[0]?.error ?? '', /'no-such-container' does not exist/);
    }
  });

  test('stopped docker container is a node error', { skip: docker.missing ?? false }, async () => {
    const stopped = await startEngineContainer('docker');
    try {
      await execInContainer(stopped, ['true']);
      await runCommand('docker', ['stop', '-t', '0', stopped.name ?? '']);
      const run = await runCli([...nodeOption(stopped), '--local', '--', 'true']);

      assert.equal(run.code, 3, run.stderr);
      const error = run.results().find((result) => result.node === stopped.name);
      assert.equal(error?.code, null);
      assert.match(error?.error ?? '', /is not running/);
    } finally {
      await removeContainer(stopped);
    }
  });

  test('many short jobs over one container', { skip: docker.missing ?? false }, async () => {
    const commands = Array.from({ length: 200 }, () => ['-c', 'echo hi']).flat();
    const run = await runCli([...nodeOption(docker), '-m', 'distribute', '-b', '20', ...commands], {
      timeoutMs: 180_000,
    });

    assert.equal(run.code, 0, run.stderr);
    const results = run.results();
    assert.equal(results.length, 200);
    for (const result of results) {
      assert.equal(result.stdout, 'hi\n');
      assert.equal(result.code, 0);
    }
  });
});

describe('job control on container nodes', { skip: skipAll }, () => {
  test('job timeout stops the command inside', async () => {
    const run = await runCli([...allNodes(), '--job-timeout', '2', '--', 'sleep', '605']);

    assert.equal(run.code, 1, run.stderr);
    assert.ok(run.durationMs < 10_000, `back after ${run.durationMs} ms`);
    for (const [container, result] of resultsByContainer(run.results())) {
      assert.equal(
        result.error,
        "timed out: the job's time limit of 2 s (--job-timeout) expired",
        container.kind,
      );
      assert.equal(result.code, 143, `SIGTERM inside the ${container.kind} container`);
    }
    await assertNoProcess('sleep 605');
  });

  test('retries run inside again', async () => {
    const counter = `/tmp/cooperate-attempts-${randomBytes(4).toString('hex')}`;
    const flaky = `n=$(cat ${counter} 2>/dev/null || echo 0); n=$((n + 1)); echo $n > ${counter}; echo $n; [ $n -ge 2 ]`;
    const run = await runCli([...allNodes(), '--retries', '2', '-c', flaky]);

    assert.equal(run.code, 0, run.stderr);
    for (const [container, result] of resultsByContainer(run.results())) {
      assert.equal((result as { attempts?: number }).attempts, 2, container.kind);
      assert.equal(result.stdout, '2\n', container.kind);
    }
  });

  test('timed-out retries leave nothing inside', async () => {
    const run = await runCli([...allNodes(), '--retries', '1', '--job-timeout', '1', '--', 'sleep', '606']);

    assert.equal(run.code, 1, run.stderr);
    for (const [container, result] of resultsByContainer(run.results())) {
      assert.equal((result as { attempts?: number }).attempts, 2, container.kind);
      assert.match(result.error ?? '', /^timed out: /, container.kind);
    }
    await assertNoProcess('sleep 606');
  });

  test('fail-fast now stops the command inside', async () => {
    const run = await runCli([...allNodes(), '--fail-fast=now', '-c', 'sleep 607', '-c', 'sleep 1; exit 3']);

    assert.equal(run.code, 1, run.stderr);
    assert.ok(run.durationMs < 10_000, `back after ${run.durationMs} ms`);
    const stopped = run.results().filter((result) => result.command === 'sleep 607');
    assert.equal(stopped.length, running.length);
    for (const result of stopped) {
      assert.match(result.error ?? '', /^(stopped|not started): 1 job failed/, result.node);
    }
    await assertNoProcess('sleep 607');
  });
});

test('container name starting with dash', async () => {
  for (const option of ['--docker', '--podman', '--lxc']) {
    const run = await runCli([option, '-it', '--', 'true']);

    assert.equal(run.code, 2, option);
    assert.match(run.stderr, /'-it' starts with '-'/, option);
    assert.equal(run.stdout.length, 0, option);
  }
});
