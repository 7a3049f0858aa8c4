import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  describeConnectFailure,
  hasAuthenticated,
  isConnectFailure,
  isLostDuringSession,
  isHandshakeDropped,
} from '../../src/transports/ssh/ssh-errors.js';

test('connect failure names the reason', () => {
  const cases: Array<[string, string]> = [
    ['ssh: connect to host 127.0.0.1 port 1: Connection refused\n', 'connection refused'],
    ['Connection timed out during banner exchange\n', 'timed out'],
    ['ssh: Could not resolve hostname nohost: Name or service not known\n', 'name not resolved'],
    ['ssh: Could not resolve hostname x: Temporary failure in name resolution\n', 'name not resolved'],
    ['Host key verification failed.\n', 'host key verification failed'],
    ['user@127.0.0.6: Permission denied (password).\n', 'permission denied'],
    ['something new\n', 'ssh failed'],
  ];
  for (const [stderr, reason] of cases) {
    const message = describeConnectFailure('node1', stderr, 255);
    assert.ok(message.startsWith(`cannot connect to node1: ${reason} (`), message);
    assert.ok(message.includes(stderr.trim()), message);
  }
  assert.ok(describeConnectFailure('n', '', 255).includes('ssh exited with status 255'));
});

test('dropped handshake is worth a retry', () => {
  assert.equal(isHandshakeDropped('kex_exchange_identification: Connection closed by remote host\n'), true);
  assert.equal(isHandshakeDropped('kex_exchange_identification: read: Connection reset by peer\n'), true);
  assert.equal(isHandshakeDropped('Connection closed by 127.0.0.2 port 2222\n'), true);
  assert.equal(isHandshakeDropped('ssh: connect to host a port 22: Connection refused\n'), false);
  assert.equal(isHandshakeDropped('Host key verification failed.\n'), false);
});

test('messages tell a failed connection from a lost one', () => {
  const before = [
    'ssh: connect to host 127.0.0.1 port 1: Connection refused\n',
    'kex_exchange_identification: Connection closed by remote host\n',
    'kex_exchange_identification: read: Connection reset by peer\n',
    'Connection closed by 127.0.0.2 port 2222\n',
    'Connection reset by 127.0.0.2 port 2222\n',
    'Host key verification failed.\n',
    'user@127.0.0.6: Permission denied (publickey).\n',
  ];
  const during = [
    'Connection to 127.0.0.1 closed by remote host.\n',
    'client_loop: send disconnect: Broken pipe\n',
    'Read from remote host 127.0.0.1: Connection reset by peer\n',
    'Timeout, server 127.0.0.1 not responding.\n',
  ];
  for (const messages of before) {
    assert.equal(isConnectFailure(messages), true, messages);
    assert.equal(isLostDuringSession(messages), false, messages);
  }
  for (const messages of during) {
    assert.equal(isLostDuringSession(messages), true, messages);
  }
});

test('authentication shows in verbose messages', () => {
  assert.equal(hasAuthenticated('Authenticated to 127.0.0.3 ([127.0.0.3]:2299) using "publickey".\n'), true);
  assert.equal(hasAuthenticated('debug1: x\nAuthentication succeeded (publickey).\n'), true);
  assert.equal(hasAuthenticated('kex_exchange_identification: Connection closed by remote host\n'), false);
});
