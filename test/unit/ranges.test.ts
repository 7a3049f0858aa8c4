import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';

import { expandRanges } from '../../src/nodes/ranges.js';

test('ranges expand as pdsh writes them', () => {
  const cases: Array<[string, string[]]> = [
    ['web[01-03]', ['web01', 'web02', 'web03']],
    ['web[1-3,7]', ['web1', 'web2', 'web3', 'web7']],
    ['node[8-10]', ['node8', 'node9', 'node10']],
    ['node[08-10]', ['node08', 'node09', 'node10']],
    ['n[0-2]', ['n0', 'n1', 'n2']],
    ['n[00-02]', ['n00', 'n01', 'n02']],
    ['rack[1-2]-n[01-02]', ['rack1-n01', 'rack1-n02', 'rack2-n01', 'rack2-n02']],
    ['admin@db[2-3].lan:2222', ['admin@db2.lan:2222', 'admin@db3.lan:2222']],
    ['plain', ['plain']],
    ['[::1]:22', ['[::1]:22']],
    ['[fe80::1]', ['[fe80::1]']],
  ];
  for (const [spec, expected] of cases) {
    assert.deepEqual(expandRanges(spec), expected, spec);
  }
});

test('ranges reject a descending or huge range', () => {
  const down = expandRanges('web[5-2]');
  assert.ok('error' in down, JSON.stringify(down));
  assert.match(down.error, /'\[5-2\]'/);
  const huge = expandRanges('n[1-100000]x[1-9]');
  assert.ok('error' in huge, JSON.stringify(huge));
  assert.match(huge.error, /limit/);
});

/** A range group as written, with the numbers it must expand to. */
const groupArbitrary = fc
  .array(fc.record({ low: fc.nat(120), span: fc.nat(5), width: fc.integer({ min: 0, max: 4 }) }), {
    minLength: 1,
    maxLength: 3,
  })
  .map((parts) => {
    const written: string[] = [];
    const values: string[] = [];
    for (const { low, span, width } of parts) {
      const pad = (value: number): string => String(value).padStart(width, '0');
      const high = low + span;
      const lowText = pad(low);
      const highText = pad(high);
      written.push(span === 0 ? lowText : `${lowText}-${highText}`);
      const isPadded = (bound: string): boolean => bound.length > 1 && bound.startsWith('0');
      const padded = isPadded(lowText) || isPadded(highText);
      const size = padded ? Math.max(lowText.length, highText.length) : 0;
      for (let value = low; value <= high; value++) {
        values.push(String(value).padStart(size, '0'));
      }
    }
    return { text: `[${written.join(',')}]`, values };
  });

const wordArbitrary = fc.string({ unit: fc.constantFrom('a', 'b', '-', '.', '@', ':'), maxLength: 4 });

test('ranges expand to the product of their groups, in order', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(wordArbitrary, groupArbitrary), { minLength: 1, maxLength: 3 }),
      wordArbitrary,
      (pieces, tail) => {
        const spec = pieces.map(([word, group]) => word + group.text).join('') + tail;
        let expected = [''];
        for (const [word, group] of pieces) {
          expected = expected.flatMap((head) => group.values.map((value) => head + word + value));
        }
        expected = expected.map((host) => host + tail);
        assert.deepEqual(expandRanges(spec), expected);
      },
    ),
    { numRuns: 300 },
  );
});

test('ranges leave specs without groups alone', () => {
  fc.assert(
    fc.property(
      fc.string().filter((text) => !/\[[\d,-]*\]/.test(text)),
      (spec) => {
        assert.deepEqual(expandRanges(spec), [spec]);
      },
    ),
  );
});
