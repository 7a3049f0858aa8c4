import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import fc from 'fast-check';

import {
  parseCommandLine,
  parseEnv,
  parseTimeout,
  type ParseIo,
  type RunRequest,
} from '../../src/cli/parse.js';
import { VERSION } from '../../src/cli/program.js';
import { UsageError } from '../../src/cli/usage-error.js';

function io(files: Record<string, string> = {}, stdinHoldsArguments = false): ParseIo {
  return {
    read: (name) => {
      const text = files[name];
      if (text === undefined) {
        throw Object.assign(new Error(`no ${name}`), { code: 'ENOENT' });
      }
      return text;
    },
    stdinHoldsArguments: () => stdinHoldsArguments,
    writeOut: () => {},
    writeErr: () => {},
  };
}

function parse(args: string[], files?: Record<string, string>, stdin = false): RunRequest {
  const request = parseCommandLine(args, io(files, stdin));
  assert.equal(request.action, 'run');
  return request as RunRequest;
}

test('parse keeps nodes in command-line order', () => {
  const request = parse(['--ssh', 'a', '--local', '--docker', 'd', '-l', '-c', 'true']);
  assert.deepEqual(request.nodes, [
    { kind: 'ssh', name: 'a' },
    { kind: 'local', name: 'local' },
    { kind: 'docker', name: 'd' },
    { kind: 'local', name: 'local' },
  ]);
});

test('parse takes everything after -- as one argument vector', () => {
  const request = parse(['--local', '--', 'printf', '%s', '-c', '--local', '@file']);
  assert.deepEqual(request.commands, [{ kind: 'argv', argv: ['printf', '%s', '-c', '--local', '@file'] }]);
  assert.equal(request.mode, 'all');
});

test('parse reads the original long forms with =', () => {
  const request = parse([
    '--local',
    '--command=echo FOO',
    '--command=echo BAR',
    '--mode=distribute',
    '--concurrence',
    '33%',
  ]);
  assert.deepEqual(request.commands, [
    { kind: 'shell', line: 'echo FOO' },
    { kind: 'shell', line: 'echo BAR' },
  ]);
  assert.equal(request.mode, 'distribute');
  assert.deepEqual(request.window, { kind: 'percent', percent: 33 });
});

test('parse expands @FILE and reads stdin only when needed', () => {
  const files = { 'args.txt': '--local\n--command echo $FOO\n', '-': '--command from-stdin\n' };
  assert.deepEqual(parse(['@args.txt'], files).commands, [{ kind: 'shell', line: 'echo $FOO' }]);
  // A complete command line never reads standard input, even when it is a pipe.
  assert.deepEqual(parse(['--local', '-c', 'x'], files, true).commands, [{ kind: 'shell', line: 'x' }]);
  assert.deepEqual(parse(['--local'], files, true).commands, [{ kind: 'shell', line: 'from-stdin' }]);
  assert.deepEqual(parse(['--local', '@-'], files).commands, [{ kind: 'shell', line: 'from-stdin' }]);
});

test('parse rejects bad input with the value named', () => {
  const cases: Array<[string[], RegExp]> = [
    [['-c', 'x'], /no node given/],
    [['--local'], /no command given/],
    [['--local', '-c', 'x', '--', 'y'], /both -c\/--command and a command after --/],
    [['--local', '--'], /nothing after '--'/],
    [['--local', '-m', 'some', '-c', 'x'], /invalid --mode 'some'/],
    [['--local', '-b', '0', '-c', 'x'], /'0'/],
    [['--local', '-b', '0%', '-c', 'x'], /'0%'/],
    [['--local', '-b', '-1', '-c', 'x'], /'-1'/],
    [['--local', '-b', '150%', '-c', 'x'], /'150%'/],
    [['--local', '-b', 'abc', '-c', 'x'], /'abc'/],
    [['--local', '-b', '2', '--concurrence', '3', '-c', 'x'], /both --batch and --concurrence/],
    [['--local', '-e', 'NOEQUALS', '-c', 'x'], /'NOEQUALS'/],
    [['--local', '-e', '1X=2', '-c', 'x'], /'1X'/],
    [['--local', '-t', '0', '-c', 'x'], /'0'/],
    [['--local', '-t', 'soon', '-c', 'x'], /'soon'/],
    [['--local', '--frobnicate', '-c', 'x'], /unknown option '--frobnicate'/],
    [['--local', '-m', 'bogus', '-c', 'x'], /^invalid --mode 'bogus': give one of all, distribute;/],
    [['--local', '-c', ' '], /a -c command is empty/],
    [['--local', 'stray', '-c', 'x'], /unexpected argument 'stray'/],
    [['--ssh', '', '-c', 'x'], /name is empty/],
    [['--ssh', '-oProxyCommand=x', '-c', 'x'], /'-oProxyCommand=x' starts with '-'/],
    [['--docker', '-d', '-c', 'x'], /'-d' starts with '-'/],
    [['--local', '@missing.txt'], /missing\.txt: not found/],
    [['--local', '@-', '--stdin', '-c', 'x'], /@-/],
    [['--local', '-e', '-c', 'true'], /option '-e' needs a value, but the next argument '-c' is an option/],
    [['--local', '-b', '--timeout=5', '-c', 'true'], /option '-b' needs a value/],
  ];
  for (const [args, pattern] of cases) {
    assert.throws(
      () => parseCommandLine(args, io({ '-': '' })),
      (error: unknown) => error instanceof UsageError && pattern.test(error.message),
      `expected ${JSON.stringify(args)} to fail with ${pattern}`,
    );
  }
});

test('unknown option names its argument file line', () => {
  const files = { 'outer.args': '--local\n@inner.args\n', 'inner.args': '# jobs\n-c true\n--locl\n' };
  assert.throws(
    () => parseCommandLine(['@outer.args'], io(files)),
    (error: unknown) =>
      error instanceof UsageError &&
      error.message.startsWith("unknown option '--locl' (in argument file inner.args:3)"),
  );
});

test('invalid values name their argument file line', () => {
  const cases: Array<[string, RegExp]> = [
    ['--local now\n-c true\n', /^unexpected argument 'now' \(in argument file a\.args:1\)/],
    ['--local\n-b 2 \n-c true\n', /^invalid batch size \(-b\) '2 ' \(in argument file a\.args:2\)/],
  ];
  for (const [text, pattern] of cases) {
    assert.throws(
      () => parseCommandLine(['@a.args'], io({ 'a.args': text })),
      (error: unknown) => error instanceof UsageError && pattern.test(error.message),
      text,
    );
  }
});

test('parse env keeps everything after the first =', () => {
  assert.deepEqual(parseEnv(['A=b=c=', 'EMPTY=', 'Q=don\'t "x" $PATH', 'NL=one\ntwo']), {
    A: 'b=c=',
    EMPTY: '',
    Q: 'don\'t "x" $PATH',
    NL: 'one\ntwo',
  });
  fc.assert(
    fc.property(
      fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/),
      fc.string({ unit: 'binary' }),
      (key, value) => {
        assert.deepEqual(parseEnv([`${key}=${value}`]), { [key]: value });
      },
    ),
  );
});

test('parse timeout accepts decimals', () => {
  assert.equal(parseTimeout('1.5'), 1.5);
  assert.equal(parseTimeout('30'), 30);
  assert.equal(parseTimeout('.25'), 0.25);
  for (const text of ['0', '-1', '1e3', 'abc', '', '99999999999']) {
    assert.throws(() => parseTimeout(text), UsageError, text);
  }
});

test('version matches package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  assert.equal(VERSION, pkg.version);
});
