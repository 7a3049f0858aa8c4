import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';
import { Document } from 'yaml';

import { renderFlatMap } from '../../src/rendering/flat-yaml.js';

function yamlPackage(map: Record<string, unknown>): string {
  return new Document(map).toString({ lineWidth: 0, minContentWidth: 0 });
}

/** Characters where YAML's quoting rules change: indicators, blanks, line breaks, controls, lookalikes. */
const TRICKY_CHARACTER = fc.constantFrom(
  ...[' ', '  ', '\n', '\n\n', '\t', '\r', ':', ': ', '#', ' #', '-', '--- ', '...', '?', '%', '!', '&'],
  ...['*', '|', '>', "'", '"', ',', '[', ']', '{', '}', '@', '`', '\\', '/', '.', '~', '0', '1', 'e'],
  ...['x', 'Z', '_', 'é', '日', '😀', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u00a0'],
  ...['\u2028', '\u2029', '\uFEFF', '\uD800', '\uDFFF', 'null', 'true', 'False', '.inf', '0x1F'],
);

/** Mostly text that the fast path takes, with a few characters that send it to the yaml package. */
const COMMON_CHARACTER = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('a', 'Z', 'x', '/', ' ', '-', '.', '1', '\n', '_') },
  { weight: 1, arbitrary: TRICKY_CHARACTER },
);

const TRICKY_STRING = fc.oneof(
  fc.string({ unit: TRICKY_CHARACTER, maxLength: 12 }),
  fc.string({ unit: COMMON_CHARACTER, maxLength: 16 }),
  fc.string({ unit: COMMON_CHARACTER, maxLength: 16 }).map((text) => `${text}\n`),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 30 }),
  fc
    .array(fc.string({ unit: 'grapheme-ascii', maxLength: 10 }), { maxLength: 5 })
    .map((lines) => lines.join('\n')),
);

const VALUE = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-0, Number.MAX_SAFE_INTEGER + 2, 1e21),
  fc.boolean(),
  TRICKY_STRING,
  fc.array(TRICKY_STRING, { maxLength: 4 }),
  fc.array(fc.oneof(TRICKY_STRING, fc.integer(), fc.constant(null)), { maxLength: 3 }),
);

const KEY = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.constantFrom('code', 'command', 'error', 'node', 'signal', 'stderr', 'stdout', 'attempts'),
  },
  { weight: 1, arbitrary: fc.constantFrom('null', 'true', 'False', 'a b', '1', '-', '') },
  { weight: 1, arbitrary: fc.string({ unit: TRICKY_CHARACTER, maxLength: 4 }) },
);

test('flat map value renders as the yaml package does', () => {
  fc.assert(
    fc.property(VALUE, (value) => {
      const map = { stdout: value };
      const fast = renderFlatMap(map);
      if (fast !== null) {
        assert.equal(fast, yamlPackage(map));
      }
    }),
    { numRuns: 20_000 },
  );
});

test('flat map renders as the yaml package does', () => {
  fc.assert(
    fc.property(fc.dictionary(KEY, VALUE, { maxKeys: 5 }), (map) => {
      const fast = renderFlatMap(map);
      if (fast !== null) {
        assert.equal(fast, yamlPackage(map));
      }
    }),
    { numRuns: 5_000 },
  );
});

test('flat map covers the values of common results', () => {
  const maps: Record<string, unknown>[] = [
    { code: 0, command: 'true', error: null, node: 'local' },
    { command: 'null', node: 'False' },
    {
      attempts: 2,
      code: 143,
      command: 'sleep 10',
      error: 'timed out after 5 s',
      node: 'web-01',
      signal: 'SIGTERM',
    },
    { command: 'ls -l /tmp | grep "x" && echo [done] {1,2}', node: 'user@host' },
    { stdout: 'hello\n' },
    { stdout: 'no final line feed' },
    { stderr: 'line one\n\n    indented after an empty line\ttab\nnaïve ✓ 日本\n' },
    { stdout: 'key: value\n# comment\n--- marker\n' },
    { stdout: null },
    { command: ['true'], node: 'local' },
    { command: ['echo', 'two words', 'null'] },
  ];
  for (const map of maps) {
    assert.equal(renderFlatMap(map), yamlPackage(map), JSON.stringify(map));
  }
});

test('flat map leaves hard values to the yaml package', () => {
  const hard: unknown[] = [
    '',
    '42',
    '-n',
    'ends with a space ',
    'a: b',
    'a #b',
    '  leading spaces\n',
    'kept final lines\n\n',
    'trailing blank \n',
    'carriage\r\n',
    1.5,
    -0,
    false,
    [],
    ['two\nlines'],
    ['a', 1],
  ];
  for (const value of hard) {
    assert.equal(renderFlatMap({ stdout: value }), null, JSON.stringify(value));
  }
  assert.equal(renderFlatMap({}), null);
  assert.equal(renderFlatMap({ 'two words': 1 }), null);
});
