import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseSshSpec } from '../../src/nodes/ssh-spec.js';

test('ssh spec reads user, host and port', () => {
  const cases: Array<[string, { user: string | null; host: string; port: number | null }]> = [
    ['web1', { user: null, host: 'web1', port: null }],
    ['root@web1', { user: 'root', host: 'web1', port: null }],
    ['root@web1:2222', { user: 'root', host: 'web1', port: 2222 }],
    ['web1:22', { user: null, host: 'web1', port: 22 }],
    ['::1', { user: null, host: '::1', port: null }],
    ['fe80::1:2', { user: null, host: 'fe80::1:2', port: null }],
    ['[::1]', { user: null, host: '::1', port: null }],
    ['[::1]:2222', { user: null, host: '::1', port: 2222 }],
    ['admin@[2001:db8::7]:22', { user: 'admin', host: '2001:db8::7', port: 22 }],
    ['a@b@host', { user: 'a@b', host: 'host', port: null }],
  ];
  for (const [spec, expected] of cases) {
    assert.deepEqual(parseSshSpec(spec), expected, spec);
  }
});

test('ssh spec rejects options and bad ports', () => {
  const cases: Array<[string, string]> = [
    ['-oProxyCommand=x', "host '-oProxyCommand=x' starts with '-'"],
    ['-l@host', "user '-l' starts with '-'"],
    ['@host', 'user before @ is empty'],
    ['user@', 'host is empty'],
    ['host:0', "port '0'"],
    ['host:65536', "port '65536'"],
    ['host:ssh', "port 'ssh'"],
    ['[::1', "no matching ']'"],
    ['[::1]x', "unexpected 'x'"],
    ['two words', 'space'],
  ];
  for (const [spec, expected] of cases) {
    const parsed = parseSshSpec(spec);
    assert.ok('error' in parsed, spec);
    assert.ok(parsed.error.includes(expected), `${parsed.error} should include ${expected}`);
    assert.ok(parsed.error.includes(`'${spec}'`), parsed.error);
  }
});
