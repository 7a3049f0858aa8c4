import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';

import { parseWindow, resolveWindow } from '../../src/scheduling/window.js';

test('window parses counts and percentages', () => {
  assert.deepEqual(parseWindow('8'), { kind: 'count', count: 8 });
  assert.deepEqual(parseWindow('33%'), { kind: 'percent', percent: 33 });
  assert.deepEqual(parseWindow('12.5%'), { kind: 'percent', percent: 12.5 });
  assert.deepEqual(parseWindow('100%'), { kind: 'percent', percent: 100 });
});

test('window rejects zero, negative and above 100%', () => {
  for (const text of ['0', '0%', '-1', '150%', 'abc', '', '1.5', '%', '5 ', '0x10', '100.1%']) {
    const parsed = parseWindow(text);
    assert.ok('error' in parsed, `expected '${text}' to be rejected`);
    assert.ok(parsed.error.includes(`'${text}'`), `message names the value: ${parsed.error}`);
  }
});

test('window of 33% over 3 jobs is one job', () => {
  assert.equal(resolveWindow({ kind: 'percent', percent: 33 }, 3), 1);
  assert.equal(resolveWindow({ kind: 'percent', percent: 34 }, 3), 2);
  assert.equal(resolveWindow({ kind: 'percent', percent: 1 }, 1000), 10);
  assert.equal(resolveWindow(null, 7), 7);
  assert.equal(resolveWindow({ kind: 'count', count: 50 }, 7), 7);
});

test('window percentage rounds up to the smallest sufficient count', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100_000 }), (percent, total) => {
      const window = resolveWindow({ kind: 'percent', percent }, total);
      assert.ok(window >= 1 && window <= total);
      // The smallest whole number of jobs that is at least percent% of the total.
      assert.ok(window * 100 >= percent * total);
      assert.ok(window === 1 || (window - 1) * 100 < percent * total);
    }),
  );
});

test('window percentage text round-trips through parsing', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 5000 }), (percent, total) => {
      const spec = parseWindow(`${percent}%`);
      assert.ok(!('error' in spec));
      assert.equal(resolveWindow(spec, total), Math.ceil((percent * total) / 100));
    }),
  );
});
