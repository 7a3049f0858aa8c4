import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseCommandLine, processIo, type ParseIo, type RunRequest } from '../../src/cli/parse.js';
import { UsageError } from '../../src/cli/usage-error.js';

const files: Record<string, string> = {
  hosts: '# web tier\nweb[1-2]\nadmin@db1:2222  # primary\n\n[::1]:2200\n',
  bad: 'web1\n-oProxyCommand=x\n',
};

const io: ParseIo = {
  ...processIo,
  read: (name) => {
    const text = files[name];
    if (text === undefined) {
      throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    }
    return text;
  },
  stdinHoldsArguments: () => false,
};

function parse(args: string[]): RunRequest {
  return parseCommandLine(args, io) as RunRequest;
}

test('ssh ranges and hosts file become nodes in order', () => {
  const request = parse(['--ssh', 'n[08-10]', '--hosts', 'hosts', '--local', '-c', 'true']);
  assert.deepEqual(
    request.nodes.map((node) => node.name),
    ['n08', 'n09', 'n10', 'web1', 'web2', 'admin@db1:2222', '[::1]:2200', 'local'],
  );
});

test('ssh options and connect timeout are read', () => {
  const request = parse([
    '--ssh',
    'a',
    '-O',
    'Port=2222',
    '--ssh-option',
    'User=x',
    '--connect-timeout',
    '3',
    '-c',
    'true',
  ]);
  assert.deepEqual(request.ssh.options, ['Port=2222', 'User=x']);
  assert.equal(request.ssh.connectTimeoutSeconds, 3);
  assert.equal(parse(['--ssh', 'a', '-c', 'true']).ssh.connectTimeoutSeconds, 10);
});

test('--persist sets how long connections outlive the run, none by default', () => {
  assert.equal(parse(['--ssh', 'a', '--persist', '600', '-c', 'true']).ssh.persistSeconds, 600);
  assert.equal(parse(['--ssh', 'a', '-c', 'true']).ssh.persistSeconds, null);
});

test('bad ssh input is a usage error naming it', () => {
  const cases: Array<[string[], string]> = [
    [['--hosts', 'bad', '-c', 'x'], 'bad:2'],
    [['--hosts', 'nowhere', '-c', 'x'], 'cannot read hosts file nowhere'],
    [['--ssh', 'root@-x', '-c', 'x'], "'-x' starts with '-'"],
    [['--ssh', 'web[3-1]', '-c', 'x'], "'[3-1]'"],
    [['--ssh', 'a:99999', '-c', 'x'], "'99999'"],
    [['--ssh', 'a', '--connect-timeout', '0', '-c', 'x'], "'0'"],
    [['--ssh', 'a', '--connect-timeout', '1.5', '-c', 'x'], "'1.5'"],
    [['--ssh', 'a', '--persist', '0', '-c', 'x'], "invalid --persist '0'"],
    [['--ssh', 'a', '--persist', '10m', '-c', 'x'], "invalid --persist '10m'"],
    [['--ssh', 'a', '--persist', '604801', '-c', 'x'], "invalid --persist '604801'"],
    [['--ssh', 'a', '-O', '-oProxyCommand=x', '-c', 'x'], "'-oProxyCommand=x'"],
  ];
  for (const [args, expected] of cases) {
    assert.throws(
      () => parse(args),
      (error: unknown) => error instanceof UsageError && error.message.includes(expected),
      args.join(' '),
    );
  }
});
