import assert from 'node:assert/strict';
import { test } from 'node:test';

import { splitAtDoubleDash, takesSeparateValue } from '../../src/cli/tokens.js';

const options = { short: new Set(['c', 'b']), long: new Set(['command', 'batch']) };

test('tokens see which options take the next argument', () => {
  assert.equal(takesSeparateValue('--command', options), true);
  assert.equal(takesSeparateValue('--command=x', options), false);
  assert.equal(takesSeparateValue('-c', options), true);
  assert.equal(takesSeparateValue('-lc', options), true);
  assert.equal(takesSeparateValue('-cx', options), false);
  assert.equal(takesSeparateValue('--local', options), false);
  assert.equal(takesSeparateValue('plain', options), false);
});

test('tokens split at the first -- that is not a value', () => {
  assert.deepEqual(splitAtDoubleDash(['--local', '--', 'echo', '--', 'x'], options), {
    options: ['--local'],
    argv: ['echo', '--', 'x'],
  });
  assert.deepEqual(splitAtDoubleDash(['-c', '--', '--local'], options), {
    options: ['-c', '--', '--local'],
    argv: null,
  });
  assert.deepEqual(splitAtDoubleDash(['--local', '--'], options), { options: ['--local'], argv: [] });
});
