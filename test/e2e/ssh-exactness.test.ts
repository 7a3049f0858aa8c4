import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';

import fc from 'fast-check';

import type { Command } from '../../src/jobs/job.js';
import type { JobResult } from '../../src/results/result.js';
import { run } from '../../src/run/run.js';
import { useSshLab } from '../lab/lab-hooks.js';
import { CLI_PATH, parseYamlResults, runCli, type YamlResult } from '../support/cli.js';

const { skip, lab } = useSshLab();

function byNode(results: YamlResult[]): Map<string, YamlResult> {
  return new Map(results.map((result) => [result.node, result]));
}

test('argv reaches ssh and local nodes alike', { skip }, async () => {
  const words = ['two words', "don't", '$PATH', '*', 'x;y|z', '', 'naïve ✓'];
  const result = await runCli(['--ssh', 'node1', '--local', '--', 'printf', '<%s>\\n', ...words], {
    env: lab().env,
  });
  assert.equal(result.code, 0, result.stderr);
  const nodes = byNode(result.results());
  const expected = words.map((word) => `<${word}>\n`).join('');
  assert.equal(nodes.get('node1')?.stdout, expected);
  assert.equal(nodes.get('local')?.stdout, expected);
  assert.equal(nodes.get('node1')?.error, null);
});

test('env value and quoted words arrive', { skip }, async () => {
  const result = await runCli(
    ['--ssh', 'node1', '-e', 'X=1', '--', 'sh', '-c', `echo 'one' 'two three' "$X"`],
    {
      env: lab().env,
    },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.results()[0]?.stdout, 'one two three 1\n');
});

test('env values arrive exactly and never run', { skip }, async () => {
  const values: Record<string, string> = {
    LINK: 'http://h/p?x=1&y=2',
    EQ: 'k=v=w',
    Q: `don't "x" $PATH \`uname\``,
    NL: 'first line\nsecond; echo injected',
  };
  const args = ['--ssh', 'node1', '--local'];
  for (const [key, value] of Object.entries(values)) {
    args.push('-e', `${key}=${value}`);
  }
  args.push('--', 'sh', '-c', 'printf "<%s>" "$LINK" "$EQ" "$Q" "$NL"');
  const result = await runCli(args, { env: lab().env });
  assert.equal(result.code, 0, result.stderr);
  const expected = Object.values(values)
    .map((value) => `<${value}>`)
    .join('');
  for (const node of ['node1', 'local']) {
    assert.equal(byNode(result.results()).get(node)?.stdout, expected, node);
  }
});

test('shell lines run as given', { skip }, async () => {
  const line = [
    `printf '%s\\n' "it's" '$HOME' "a  b"`,
    'for f in /etc/host*; do :; done; echo glob ok',
    'echo one; echo two | tr o 0',
    "cat <<'EOF'\nhere $doc `not run`\nEOF",
    'echo naïve ✓ ünïcödé',
  ].join('\n');
  const result = await runCli(['--ssh', 'node1', '--local', '-c', line], { env: lab().env });
  assert.equal(result.code, 0, result.stderr);
  const nodes = byNode(result.results());
  const expected = "it's\n$HOME\na  b\nglob ok\none\ntw0\nhere $doc `not run`\nnaïve ✓ ünïcödé\n";
  assert.equal(nodes.get('node1')?.stdout, expected);
  assert.equal(nodes.get('local')?.stdout, expected);
});

test('stdout and stderr stay apart without a tty', { skip }, async () => {
  const result = await runCli(
    ['--ssh', 'node1', '-c', 'echo out; echo err >&2; echo out2; if [ -t 0 ] || [ -t 1 ]; then echo tty; fi'],
    { env: lab().env },
  );
  const [job] = result.results();
  assert.equal(job?.stdout, 'out\nout2\n');
  assert.equal(job?.stderr, 'err\n');
});

test('stdin is empty unless asked for', { skip }, async () => {
  const shell = spawn(
    'sh',
    ['-c', `yes n | timeout 10 "${process.execPath}" "${CLI_PATH}" --ssh node1 -- echo hi`],
    {
      env: lab().env,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const started = Date.now();
  const chunks: Buffer[] = [];
  shell.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await new Promise((resolve) => shell.on('close', resolve));
  assert.equal(code, 0);
  assert.ok(Date.now() - started < 8000, 'ended before the timeout');
  const [job] = parseYamlResults(Buffer.concat(chunks).toString());
  assert.equal(job?.stdout, 'hi\n');

  const empty = await runCli(['--ssh', 'node1', '--', 'wc', '-c'], { env: lab().env, input: 'ignored' });
  assert.equal(empty.results()[0]?.stdout, '0\n');
});

test('stdin reaches the job whole', { skip }, async () => {
  const input = Buffer.alloc(300_000);
  for (let index = 0; index < input.length; index++) {
    input[index] = (index * 7919) % 256;
  }
  const result = await runCli(['--stdin', '--ssh', 'node1', '--local', '--', 'cksum'], {
    env: lab().env,
    input,
  });
  assert.equal(result.code, 0, result.stderr);
  const nodes = byNode(result.results());
  assert.ok(nodes.get('local')?.stdout, 'local checksum');
  assert.equal(nodes.get('node1')?.stdout, nodes.get('local')?.stdout);

  // The producer pauses: the job still gets all of it.
  const paused = spawn(
    'sh',
    [
      '-c',
      `(printf first; sleep 1; printf second) | "${process.execPath}" "${CLI_PATH}" --stdin --ssh node1 -- cat`,
    ],
    { env: lab().env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const chunks: Buffer[] = [];
  paused.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise((resolve) => paused.on('close', resolve));
  assert.equal(parseYamlResults(Buffer.concat(chunks).toString())[0]?.stdout, 'firstsecond');
});

test('long command works or names the limit', { skip }, async () => {
  const long = 'x'.repeat(100_000);
  const works = await runCli(['--ssh', 'node1', '--', 'printf', '%s', long], { env: lab().env });
  assert.equal(works.results()[0]?.stdout, long);

  // Three words of 100 KB: each fits in one argument here, together they pass the remote limit.
  const word = 'y'.repeat(100_000);
  const tooLong = await runCli(['--ssh', 'node1', '--', 'printf', '%s', word, word, word], {
    env: lab().env,
  });
  const [job] = tooLong.results();
  assert.equal(job?.code, null);
  assert.match(job?.error ?? '', /131071 bytes/);
  assert.equal(tooLong.code, 3);
});

/** Words without NUL, which no argument can hold, weighted towards what shells treat specially. */
const wordArbitrary = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      "'",
      '"',
      '$',
      '`',
      '\\',
      '\n',
      ' ',
      '\t',
      '*',
      '?',
      ';',
      '|',
      '&',
      '!',
      '#',
      '~',
      '=',
      '-',
      '%',
    ),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((char) => char !== '\0'),
  ),
  maxLength: 20,
});

async function runJob(command: Command, env: Record<string, string>): Promise<Map<string, JobResult>> {
  const results = new Map<string, JobResult>();
  const handle = run({
    nodes: [
      { kind: 'ssh', name: 'node1' },
      { kind: 'local', name: 'local' },
    ],
    commands: [command],
    env,
    ssh: { options: [], connectTimeoutSeconds: 10, configFile: lab().configFile, persistSeconds: null },
  });
  for await (const event of handle) {
    if (event.kind === 'job-finished') {
      results.set(event.result.node.name, event.result);
    }
  }
  return results;
}

test('random argv and env values arrive byte for byte', { skip }, async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(wordArbitrary, { minLength: 1, maxLength: 5 }),
      wordArbitrary,
      async (words, value) => {
        const script = 'printf "{%s}" "$V"; printf "[%s]" "$@"';
        const results = await runJob(
          { kind: 'argv', argv: ['sh', '-c', script, 'sh', ...words] },
          { V: value },
        );
        const expected = Buffer.from(`{${value}}${words.map((word) => `[${word}]`).join('')}`);
        const remote = results.get('node1');
        assert.equal(remote?.error, null);
        assert.deepEqual(remote?.stdout.toBuffer(), expected);
        assert.deepEqual(results.get('local')?.stdout.toBuffer(), expected);
      },
    ),
    { numRuns: 30 },
  );
});
