import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { HandshakePacer } from '../../src/transports/ssh/handshake-pacer.js';

test('pacer holds handshakes over the limit', async () => {
  const pacer = new HandshakePacer(2, 60_000);
  const first = await pacer.acquire();
  await pacer.acquire();
  let thirdStarted = false;
  const third = pacer.acquire().then((release) => {
    thirdStarted = true;
    return release;
  });
  await sleep(20);
  assert.equal(thirdStarted, false);
  first();
  first();
  (await third)();
  assert.equal(thirdStarted, true);
});

test('pacer frees the slot of a slow handshake', async () => {
  const pacer = new HandshakePacer(1, 50);
  // The pacer's own timer does not keep the process alive, as a running ssh client would.
  const keepAlive = setTimeout(() => {}, 5000);
  await pacer.acquire();
  const started = Date.now();
  const release = await pacer.acquire();
  release();
  clearTimeout(keepAlive);
  assert.ok(Date.now() - started >= 40, 'waited for the slow handshake');
});

test('pacer halves the limit on drops', async () => {
  const pacer = new HandshakePacer(4, 60_000, 2);
  const releases = await Promise.all([pacer.acquire(), pacer.acquire(), pacer.acquire(), pacer.acquire()]);
  pacer.reportDropped();
  pacer.reportDropped();
  pacer.reportDropped();
  let fifthStarted = false;
  const fifth = pacer.acquire().then((release) => {
    fifthStarted = true;
    return release;
  });
  // Four run and the limit is now 2: the fifth waits until only one is left.
  releases[0]?.();
  releases[1]?.();
  await sleep(20);
  assert.equal(fifthStarted, false);
  releases[2]?.();
  (await fifth)();
  assert.equal(fifthStarted, true);
  releases[3]?.();
});
