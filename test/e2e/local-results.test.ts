import assert from 'node:assert/strict';
import { test } from 'node:test';

import { runCli } from '../support/cli.js';

test('results keep output bytes exactly', async () => {
  const run = await runCli(['--local', '-c', "printf 'no newline'; printf '  err\\n\\n' >&2"]);
  assert.equal(run.code, 0);
  const [result] = run.results();
  assert.equal(result?.stdout, 'no newline');
  assert.equal(result?.stderr, '  err\n\n');
});

test('results show binary output as !!binary', async () => {
  const run = await runCli(['--local', '-c', "printf '\\377\\000\\376'"]);
  assert.match(run.stdout.toString(), /stdout: !!binary/);
  assert.deepEqual(Buffer.from(run.results()[0]?.stdout as Uint8Array), Buffer.from([0xff, 0x00, 0xfe]));
});

test('results keep a 1 MB line whole', async () => {
  const run = await runCli(['--local', '-c', 'head -c 1000000 /dev/zero | tr "\\000" x']);
  assert.equal(run.results()[0]?.stdout, 'x'.repeat(1_000_000));
});

test('results of -- reach the program without a shell', async () => {
  const words = ['two words', "don't", '$PATH', '*', 'x;y|z', '', 'naïve ✓', '$(touch /tmp/never)', 'a\nb'];
  const run = await runCli(['--local', '--', 'printf', '<%s>\\n', ...words]);
  assert.equal(run.code, 0);
  assert.equal(run.results()[0]?.stdout, words.map((word) => `<${word}>\n`).join(''));
  assert.deepEqual(run.results()[0]?.command, ['printf', '<%s>\\n', ...words]);
});

test('results give exit codes and signals as a shell does', async () => {
  const cases: Array<[string, number, string | undefined]> = [
    ['exit 3', 3, undefined],
    ['false', 1, undefined],
    ['no-such-cmd-cooperate', 127, undefined],
    ['kill -TERM $$', 143, 'SIGTERM'],
    ['kill -KILL $$', 137, 'SIGKILL'],
  ];
  for (const [line, code, signal] of cases) {
    const run = await runCli(['--local', '--', 'sh', '-c', line]);
    const [result] = run.results();
    assert.equal(result?.code, code, line);
    assert.equal(result?.signal, signal, line);
    assert.equal(result?.error, null, line);
    assert.equal(run.code, 1, line);
  }
});

test('results of a line starting with a dash', async () => {
  // sh must read the line as a command, not as its own option.
  const run = await runCli(['--local', '-c', '-n']);
  assert.equal(run.results()[0]?.code, 127);
});

test('results of a missing program are 127 without a shell', async () => {
  const run = await runCli(['--local', '--', 'no-such-program-cooperate', 'arg']);
  const [result] = run.results();
  assert.equal(result?.code, 127);
  assert.match(String(result?.stderr), /no-such-program-cooperate: command not found/);
});

test('env adds variables exactly and keeps PATH and HOME', async () => {
  const value = 'x;y #z $(touch /tmp/never) \'q\' "d" a=b=\nsecond line';
  const run = await runCli([
    '--local',
    '-e',
    `V1=${value}`,
    '-e',
    'EMPTY=',
    '--',
    'sh',
    '-c',
    'printf "<%s>" "$V1" "$EMPTY"; command -v ls >/dev/null && [ -n "$HOME" ] && echo ok',
  ]);
  assert.equal(run.results()[0]?.stdout, `<${value}><>ok\n`);
});

test('stdin is empty unless --stdin is given', async () => {
  const withoutStdin = await runCli(['--local', '-c', 'cat; echo end'], {
    input: 'ignored\n',
    timeoutMs: 10_000,
  });
  assert.equal(withoutStdin.results()[0]?.stdout, 'end\n');

  const input = Buffer.alloc(3 * 1024 * 1024, 'abc\n');
  const withStdin = await runCli(['--local', '--local', '--stdin', '-c', 'wc -c'], { input });
  assert.deepEqual(
    withStdin.results().map((result) => result.stdout),
    [`${input.length}\n`, `${input.length}\n`],
  );
});

test('dry run prints the jobs and runs nothing', async () => {
  const run = await runCli([
    '--local',
    '--local',
    '-m',
    'distribute',
    '--dry-run',
    '-c',
    'touch /tmp/cooperate-dry',
    '-c',
    'b',
    '-c',
    'c',
  ]);
  assert.equal(run.code, 0);
  assert.equal(run.stdout.toString(), 'local#1\ttouch /tmp/cooperate-dry\nlocal#2\tb\nlocal#1\tc\n');
  const multiLine = await runCli(['--local', '--dry-run', '-c', 'echo a\necho b']);
  assert.equal(multiLine.stdout.toString(), 'local\t"echo a\\necho b"\n');
  const quoted = await runCli(['--local', '--dry-run', '-c', '"quoted"']);
  assert.equal(quoted.stdout.toString(), 'local\t"\\"quoted\\""\n');
  const json = await runCli(['--local', '--local', '--dry-run', '-o', 'json', '--', 'echo', 'two words']);
  assert.deepEqual(
    json.stdout
      .toString()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown),
    [
      { seq: 1, kind: 'local', node: 'local#1', command: ['echo', 'two words'] },
      { seq: 2, kind: 'local', node: 'local#2', command: ['echo', 'two words'] },
    ],
  );
  const argv = await runCli(['--local', '--dry-run', '--', 'echo', 'two words']);
  assert.equal(argv.stdout.toString(), "local\techo 'two words'\n");
});

test('missing program shows in the live views', async () => {
  for (const view of ['lines', 'raw']) {
    const run = await runCli(['--local', '-o', view, '--', '/nonexistent/prog']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /cooperate: \/nonexistent\/prog: command not found/, view);
  }
});
