import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { ProcessOutcome } from '../../src/engine/process.js';
import { describeEngineFailure } from '../../src/transports/docker.js';
import { describeAttachFailure } from '../../src/transports/lxc.js';

function exited(code: number): ProcessOutcome {
  return { code, signal: null, spawnError: null };
}

test('docker missing container', () => {
  const error = describeEngineFailure(
    'docker',
    'web1',
    exited(1),
    'Error response from daemon: No such container: web1\n',
  );

  assert.match(error ?? '', /docker container 'web1' does not exist/);
});

test('docker stopped container', () => {
  const error = describeEngineFailure(
    'docker',
    'web1',
    exited(1),
    'Error response from daemon: Container 13088861a17b is not running\n',
  );

  assert.match(error ?? '', /docker container 'web1' is not running/);
});

test('podman missing container', () => {
  const error = describeEngineFailure(
    'podman',
    'web1',
    exited(125),
    'Error: no container with name or ID "web1" found: no such container\n',
  );

  assert.match(error ?? '', /podman container 'web1' does not exist/);
});

test('command failures stay the command', () => {
  assert.equal(describeEngineFailure('docker', 'web1', exited(1), ''), null);
  assert.equal(describeEngineFailure('docker', 'web1', exited(3), 'Error: no such container\n'), null);
  assert.equal(describeEngineFailure('podman', 'web1', exited(1), 'Error: no such container\n'), null);
  assert.equal(
    describeEngineFailure(
      'docker',
      'web1',
      exited(1),
      'first line\nError response from daemon: No such container\n',
    ),
    null,
  );
});

test('lxc-attach missing container', () => {
  const stderr =
    'lxc-attach: web1: ../src/lxc/attach.c: get_attach_context: 406 Connection refused - Failed to get init pid\n' +
    'lxc-attach: web1: ../src/lxc/attach.c: lxc_attach: 1470 Connection refused - Failed to get attach context\n';

  assert.match(
    describeAttachFailure('web1', exited(1), stderr) ?? '',
    /'web1' does not exist or is not running/,
  );
});

test('lxc-attach command failures stay', () => {
  assert.equal(describeAttachFailure('web1', exited(1), ''), null);
  assert.equal(describeAttachFailure('web1', exited(1), 'sh: no-such-cmd: not found\n'), null);
  assert.equal(describeAttachFailure('web1', exited(2), 'lxc-attach: web1: x\n'), null);
});
