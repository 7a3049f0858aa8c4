import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';

import { rewriteLines, type LineRewrite } from '../../src/rendering/line-rewrite.js';

/** Applies the rewrite one byte at a time, as the definition that `rewriteLines` must match. */
function rewriteByteByByte(bytes: Uint8Array, rewrite: LineRewrite, atLineStart: boolean): Buffer {
  const out: number[] = [];
  let lineStart = atLineStart;
  for (const byte of bytes) {
    if (lineStart && (rewrite.startEmptyLines || byte !== 0x0a)) {
      out.push(...rewrite.lineStart);
    }
    lineStart = byte === 0x0a;
    if (byte === 0x0a) {
      out.push(...rewrite.lineFeed);
    } else {
      out.push(byte);
    }
  }
  return Buffer.from(out);
}

/** Bytes with many line feeds and spaces, and runs long enough to cross the eight-byte steps. */
const bytes = fc
  .array(
    fc.oneof(
      fc.constantFrom('\n', '\n\n', ' ', 'a', 'line of text', '€', '\0', '\x7f'),
      fc.string({ maxLength: 40 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => Buffer.from(parts.join('')));

const rewrite: fc.Arbitrary<LineRewrite> = fc.record({
  lineStart: fc.uint8Array({ maxLength: 40 }),
  startEmptyLines: fc.boolean(),
  lineFeed: fc.oneof(
    fc.constant(Buffer.from('\n')),
    fc.constant(Buffer.from('\\n')),
    fc.uint8Array({ minLength: 1, maxLength: 4 }),
  ),
});

test('rewriteLines matches the byte-by-byte rewrite', () => {
  fc.assert(
    fc.property(bytes, rewrite, fc.boolean(), fc.nat(7), (input, lines, atLineStart, offset) => {
      // An offset into a larger buffer, as pooled chunks from a pipe have, must not change the result.
      const shifted = Buffer.concat([Buffer.alloc(offset, 0x0a), input]).subarray(offset);
      assert.deepEqual(
        rewriteLines(shifted, lines, atLineStart),
        rewriteByteByByte(input, lines, atLineStart),
      );
    }),
    { numRuns: 500 },
  );
});

test('rewriteLines grows for many short lines', () => {
  const input = Buffer.from('a\n'.repeat(10_000));
  const lines: LineRewrite = {
    lineStart: Buffer.alloc(50, 0x2d),
    startEmptyLines: true,
    lineFeed: Buffer.from('\n'),
  };
  const output = rewriteLines(input, lines, true);
  assert.equal(output.length, 10_000 * 52);
  assert.deepEqual(output, rewriteByteByByte(input, lines, true));
});

test('rewriteLines of empty input is empty', () => {
  const lines: LineRewrite = {
    lineStart: Buffer.from('  '),
    startEmptyLines: true,
    lineFeed: Buffer.from('\\n'),
  };
  assert.equal(rewriteLines(Buffer.alloc(0), lines, true).length, 0);
});
