import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseHostsFile } from '../../src/nodes/hosts-file.js';

test('hosts file skips comments and blanks', () => {
  const text = '# rack 1\n  web[01-02]  \n\nadmin@db1:2222 # primary\n   # indented comment\n[::1]\ndb1\n';
  assert.deepEqual(parseHostsFile(text), [
    { spec: 'web[01-02]', line: 2 },
    { spec: 'admin@db1:2222', line: 4 },
    { spec: '[::1]', line: 6 },
    { spec: 'db1', line: 7 },
  ]);
});

test('hosts file reads CRLF lines', () => {
  assert.deepEqual(parseHostsFile('a\r\nb\r\n'), [
    { spec: 'a', line: 1 },
    { spec: 'b', line: 2 },
  ]);
});
