import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { test } from 'node:test';

import fc from 'fast-check';

import { completeLength, TextProfile } from '../../src/results/text-profile.js';

/** Splits `bytes` at the given cut points, as a pipe may deliver them. */
function chunksOf(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

// eslint-disable-next-line no-control-regex -- the control characters are what the test looks for.
const FORBIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\uFEFF\uFFFE\uFFFF]/u;

const text = fc.string({
  unit: fc.oneof(
    fc.constantFrom('a', ' ', '\n', '\t', '\r', '\0', '\u0085', 'é', '€', '😀', '\u2028', '\uFEFF'),
  ),
});

test('profile of text is the same however it is split', () => {
  fc.assert(
    fc.property(text, fc.array(fc.nat()), (value, cuts) => {
      const bytes = Buffer.from(value);
      const profile = new TextProfile();
      chunksOf(bytes, cuts).forEach((chunk) => profile.add(chunk));
      assert.equal(profile.isUtf8, true);
      assert.equal(profile.isBlockSafe, !FORBIDDEN.test(value) && !/(^|\n)[ \t]+(\n|$)/.test(value));
      assert.equal(profile.trailingNewlines, value.length - value.replace(/\n+$/, '').length);
    }),
  );
});

// eslint-disable-next-line no-control-regex -- the control characters are what the test looks for.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/;

test('profile rules out control bytes correctly', () => {
  fc.assert(
    fc.property(text, fc.array(fc.nat()), (value, cuts) => {
      const profile = new TextProfile();
      chunksOf(Buffer.from(value), cuts).forEach((chunk) => profile.add(chunk));
      if (CONTROL.test(value)) {
        assert.equal(profile.mayHaveControlBytes, true);
      }
      if (profile.isBlockSafe) {
        assert.equal(profile.mayHaveControlBytes, false);
      }
    }),
  );
  const plain = new TextProfile();
  plain.add(Buffer.from('a "quoted" line\twith a tab\n'));
  assert.equal(plain.mayHaveControlBytes, false);
});

test('profile of arbitrary bytes matches isUtf8', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40 }), fc.array(fc.nat()), (raw, cuts) => {
      const bytes = Buffer.from(raw);
      const profile = new TextProfile();
      chunksOf(bytes, cuts).forEach((chunk) => profile.add(chunk));
      assert.equal(profile.isUtf8, isUtf8(bytes));
    }),
  );
});

test('completeLength stops before a cut character', () => {
  const euro = Buffer.from('a€');
  assert.equal(completeLength(euro), 4);
  assert.equal(completeLength(euro.subarray(0, 3)), 1);
  assert.equal(completeLength(euro.subarray(0, 2)), 1);
});
