import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { runCli } from '../support/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'cooperate-views-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes `bytes` to a file and returns a command that prints them. */
function catOf(name: string, bytes: Buffer): string {
  const path = join(scratch, name);
  writeFileSync(path, bytes);
  return `cat '${path}'`;
}

function bytesOf(value: string | Uint8Array | null | undefined): Buffer {
  return value === null || value === undefined ? Buffer.alloc(0) : Buffer.from(value);
}

const numbers = Buffer.from(Array.from({ length: 30000 }, (_, index) => `line ${index + 1}`).join('\n'));
const LARGE_OUTPUTS: Array<[string, Buffer]> = [
  ['text without a final newline', numbers],
  ['text with a final newline', Buffer.concat([numbers, Buffer.from('\n')])],
  ['text with NUL bytes', Buffer.concat([numbers, Buffer.from('\0middle\0\n')])],
  ['text with carriage returns', Buffer.from(numbers.toString().replaceAll('\n', '\r\n'))],
  ['binary bytes', Buffer.from(Array.from({ length: 200_000 }, (_, index) => (index * 7) % 256))],
];

test('yaml view prints the original document form', async () => {
  const run = await runCli(['--local', '-c', 'echo hi; echo oops >&2']);
  assert.equal(run.code, 0);
  assert.equal(
    run.stdout.toString(),
    '---\ncode: 0\ncommand: echo hi; echo oops >&2\nerror: null\nnode: local\nstderr: |\n  oops\nstdout: |\n  hi\n',
  );
  assert.equal(run.stderr, '');
});

for (const [name, bytes] of LARGE_OUTPUTS) {
  test(`yaml view keeps large ${name} exact`, async () => {
    const run = await runCli(['--local', '-c', catOf(`yaml-${name}`, bytes)]);
    assert.equal(run.code, 0);
    const [result] = run.results();
    assert.deepEqual(bytesOf(result?.stdout), bytes);
  });

  test(`json view keeps large ${name} exact`, async () => {
    const run = await runCli(['--local', '-o', 'json', '-c', catOf(`json-${name}`, bytes)]);
    assert.equal(run.code, 0);
    const lines = run.stdout.toString().split('\n');
    assert.equal(lines.length, 2);
    const result = JSON.parse(lines[0] ?? '') as { stdout: string | { base64: string } };
    const stdout =
      typeof result.stdout === 'string'
        ? Buffer.from(result.stdout)
        : Buffer.from(result.stdout.base64, 'base64');
    assert.deepEqual(stdout, bytes);
  });
}

test('yaml view keeps a NUL byte in short output', async () => {
  const run = await runCli(['--local', '-c', "printf 'a\\0b'"]);
  assert.deepEqual(bytesOf(run.results()[0]?.stdout), Buffer.from('a\0b'));
});

test('json view prints one object per job', async () => {
  const run = await runCli(['--local', '--local', '-o', 'json', '-c', "printf 'x\\377'; exit 4"]);
  assert.equal(run.code, 1);
  const lines = run.stdout.toString().trimEnd().split('\n');
  assert.equal(lines.length, 2);
  for (const line of lines) {
    const result = JSON.parse(line) as Record<string, unknown>;
    assert.deepEqual(Object.keys(result), [
      'code',
      'command',
      'duration',
      'error',
      'kind',
      'node',
      'signal',
      'started',
      'status',
      'stderr',
      'stdout',
    ]);
    assert.equal(result.code, 4);
    assert.equal(result.kind, 'local');
    assert.equal(result.status, 'failed');
    assert.equal(typeof result.duration, 'number');
    assert.match(String(result.started), /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(result.stdout, { base64: Buffer.from('x\xff', 'latin1').toString('base64') });
    assert.equal(result.stderr, null);
  }
});

test('lines view prefixes and aligns lines', async () => {
  const run = await runCli([
    '--local',
    '--local',
    '-o',
    'lines',
    '-m',
    'distribute',
    '-c',
    'echo one',
    '-c',
    'echo two >&2; exit 3',
  ]);
  assert.equal(run.code, 1);
  assert.equal(run.stdout.toString(), 'local#1: one\n');
  assert.equal(run.stderr, 'local#2! two\nlocal#2! cooperate: exit code 3\n');
});

test('lines view never mixes lines of two nodes', async () => {
  // Each line is printed in three writes, so lines arrive cut at random places.
  const script =
    'i=0; while [ $i -lt 2000 ]; do i=$((i+1)); printf "$N-"; printf "line-$i"; printf "\\n"; done';
  const run = await runCli(['--local', '--local', '-o', 'lines', '-e', 'N=x', '-c', script]);
  assert.equal(run.code, 0);
  const counters = new Map<string, number>();
  for (const line of run.stdout.toString().trimEnd().split('\n')) {
    const match = /^(local#[12]): x-line-(\d+)$/.exec(line);
    assert.ok(match, `mixed or cut line: ${JSON.stringify(line)}`);
    const [, node = '', number = ''] = match;
    const expected = (counters.get(node) ?? 0) + 1;
    assert.equal(Number(number), expected);
    counters.set(node, expected);
  }
  assert.deepEqual([...counters.values()], [2000, 2000]);
});

test('lines view writes a last line without newline once', async () => {
  const run = await runCli(['--local', '-o', 'lines', '-c', "printf 'a\\nb'; sleep 0.2; printf 'c'"]);
  assert.equal(run.stdout.toString(), 'local: a\nlocal: bc\n');
});

test('lines view keeps a 1 MB line whole', async () => {
  const run = await runCli([
    '--local',
    '-o',
    'lines',
    '-c',
    "head -c 1000000 /dev/zero | tr '\\0' a; echo; echo end",
  ]);
  assert.equal(run.stdout.toString(), `local: ${'a'.repeat(1_000_000)}\nlocal: end\n`);
});

test('lines view passes binary bytes through', async () => {
  const run = await runCli(['--local', '-o', 'lines', '-c', "printf 'a\\0b\\377\\n'"]);
  assert.deepEqual(run.stdout, Buffer.from('local: a\0b\xff\n', 'latin1'));
});

test('lines view without prefix prints whole lines', async () => {
  const run = await runCli(['--local', '-o', 'lines', '--no-prefix', '-c', "printf 'a\\nb'; echo c >&2"]);
  assert.equal(run.stdout.toString(), 'a\nb\n');
  assert.equal(run.stderr, 'c\n');
});

test('raw view prints the bytes unchanged', async () => {
  const bytes = Buffer.from('a\0b\xff\nno newline', 'latin1');
  const command = catOf('raw', bytes);
  for (const args of [['-o', 'raw'], ['--no-prefix']]) {
    const run = await runCli(['--local', ...args, '-c', `${command}; printf err >&2; exit 5`]);
    assert.equal(run.code, 1);
    assert.deepEqual(run.stdout, bytes);
    assert.equal(run.stderr, 'err');
  }
});

test('gather view groups identical output', async () => {
  const run = await runCli([
    '--local',
    '--local',
    '--local',
    '-o',
    'gather',
    '-c',
    'echo same',
    '-c',
    'echo other; exit 2',
  ]);
  assert.equal(run.code, 1);
  assert.equal(
    run.stdout.toString(),
    [
      '-'.repeat(26),
      'local#[1-3] (3): echo same',
      '-'.repeat(26),
      'same',
      '-'.repeat(35),
      'local#[1-3] (3): echo other; exit 2',
      'cooperate: exit code 2',
      '-'.repeat(35),
      'other',
      '',
    ].join('\n'),
  );
});

test('gather view ends output without newline', async () => {
  const run = await runCli(['--local', '-o', 'gather', '-c', "printf 'x'; printf 'e' >&2"]);
  assert.equal(run.stdout.toString(), '---------------\nlocal (1)\n---------------\nx\n');
  assert.equal(run.stderr, '----------------\nlocal (1) stderr\n----------------\ne\n');
});

test('results directory holds each job', async () => {
  const directory = join(scratch, 'results');
  const run = await runCli([
    '--local',
    '--local',
    '--results',
    directory,
    '-o',
    'json',
    '-c',
    'echo out; echo err >&2; exit 1',
  ]);
  assert.equal(run.code, 1);
  for (const node of ['local#1', 'local#2']) {
    assert.equal(readFileSync(join(directory, node, 'stdout'), 'utf8'), 'out\n');
    assert.equal(readFileSync(join(directory, node, 'stderr'), 'utf8'), 'err\n');
    const status = readFileSync(join(directory, node, 'status'), 'utf8');
    assert.match(status, /^status: failed$/m);
    assert.match(status, /^code: 1$/m);
  }
});

test('results directory has a folder per job', async () => {
  const directory = join(scratch, 'per-job');
  const run = await runCli(['--local', '--results', directory, '-c', 'echo one', '-c', 'echo two']);
  assert.equal(run.code, 0);
  assert.equal(readFileSync(join(directory, 'local', '1', 'stdout'), 'utf8'), 'one\n');
  assert.equal(readFileSync(join(directory, 'local', '2', 'stdout'), 'utf8'), 'two\n');
});

test('results directory that cannot be made', async () => {
  const file = join(scratch, 'a-file');
  writeFileSync(file, '');
  const run = await runCli([
    '--local',
    '--results',
    join(file, 'sub'),
    '-c',
    `touch '${join(scratch, 'ran')}'`,
  ]);
  assert.equal(run.code, 2);
  assert.match(
    run.stderr,
    /^cooperate: cannot use --results directory '.*a-file\/sub' \(a part of the path is not a directory\)/,
  );
  assert.throws(() => readFileSync(join(scratch, 'ran')));
});

test('max output cuts and says where', async () => {
  const yaml = await runCli(['--local', '--max-output', '4', '-c', 'echo 123456789']);
  assert.equal(yaml.results()[0]?.stdout, '1234');
  assert.match(yaml.stdout.toString(), /^cut:\n {2}stdout:\n {4}kept: 4\n {4}dropped: 6\n/m);
  const lines = await runCli([
    '--local',
    '-o',
    'lines',
    '--max-output',
    '1K',
    '-c',
    'head -c 5000 /dev/zero | tr "\\0" a',
  ]);
  assert.equal(lines.stdout.toString(), `local: ${'a'.repeat(1024)}\n`);
  assert.equal(
    lines.stderr,
    'local! cooperate: stdout cut after 1024 bytes (--max-output): 3976 bytes dropped\n',
  );
  const raw = await runCli(['--local', '-o', 'raw', '--max-output', '10', '-c', 'seq 1 100']);
  assert.equal(raw.stdout.toString(), '1\n2\n3\n4\n5\n');
  assert.equal(raw.stderr, 'cooperate: local: stdout cut after 10 bytes (--max-output): 282 bytes dropped\n');
});

test('invalid output options exit 2', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--max-output', '10X'], /^cooperate: invalid --max-output '10X': give a number of bytes/],
    [
      ['-o', 'json', '--no-prefix'],
      /^cooperate: --no-prefix does not apply to -o json; use it with -o lines or -o raw\n$/,
    ],
    [['-o', 'table'], /^cooperate: invalid --output 'table': give one of yaml, lines, gather, json, raw/],
    [['--color', 'sometimes'], /^cooperate: invalid --color 'sometimes': give one of auto, always, never/],
  ];
  for (const [args, message] of cases) {
    const run = await runCli(['--local', ...args, '-c', 'true']);
    assert.equal(run.code, 2, args.join(' '));
    assert.match(run.stderr, message);
    assert.equal(run.stdout.length, 0);
  }
});

test('colour follows --color and NO_COLOR', async () => {
  const always = await runCli(['--local', '-o', 'lines', '--color', 'always', '-c', 'echo hi'], {
    env: { ...process.env, NO_COLOR: '1' },
  });
  assert.equal(always.stdout.toString(), '\x1b[36mlocal:\x1b[0m hi\n');
  const auto = await runCli(['--local', '-o', 'lines', '-c', 'echo hi']);
  assert.equal(auto.stdout.toString(), 'local: hi\n');
});

test('summary folds failed nodes', async () => {
  const run = await runCli(['--local', '--local', '--local', '--summary', '-o', 'raw', '-c', 'exit 1']);
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /^cooperate: 3 jobs in \d+\.\d s: 0 succeeded, 3 failed, 0 could not reach their node, 0 timed out\n/,
  );
  assert.match(run.stderr, /\ncooperate: failed: local#\[1-3\]\n$/);
  const quiet = await runCli(['--local', '--summary', '-q', '-c', 'exit 1']);
  assert.equal(quiet.stderr, '');
});
