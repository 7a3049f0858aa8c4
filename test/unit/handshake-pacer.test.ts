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
