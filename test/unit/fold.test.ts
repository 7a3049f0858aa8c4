import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';

import { foldNames } from '../../src/nodes/fold.js';

/** Expands what foldNames prints, for checking it; only the forms that foldNames writes. */
function expand(folded: string): string[] {
  const names: string[] = [];
  for (const part of folded.match(/[^,[]*(\[[^\]]*\])?[^,]*/g) ?? []) {
    if (part === '') {
      continue;
    }
    const match = /^(.*)\[([^\]]*)\](.*)$/.exec(part);
    if (!match) {
      names.push(part);
      continue;
    }
    const [, prefix = '', ranges = '', suffix = ''] = match;
    for (const range of ranges.split(',')) {
      const [first = '', last = first] = range.split('-');
      const width = first.startsWith('0') && first.length > 1 ? first.length : 0;
      for (let value = Number(first); value <= Number(last); value++) {
        names.push(`${prefix}${String(value).padStart(width, '0')}${suffix}`);
      }
    }
  }
  return names;
}

test('fold ranges of one prefix', () => {
  assert.equal(foldNames(['node1', 'node2', 'node3', 'node4', 'node7']), 'node[1-4,7]');
});

test('fold keeps zero padding', () => {
  assert.equal(foldNames(['web01', 'web02', 'web03', 'web10']), 'web[01-03,10]');
});

test('fold sorts numbers and drops repeats', () => {
  assert.equal(foldNames(['n3', 'n1', 'n2', 'n1']), 'n[1-3]');
});

test('fold leaves a single name and names without digits', () => {
  assert.equal(foldNames(['db7', 'local', 'local']), 'db7,local');
});

test('fold uses the last number', () => {
  assert.equal(foldNames(['rack1-n1.lan', 'rack1-n2.lan', 'rack2-n1.lan']), 'rack1-n[1-2].lan,rack2-n1.lan');
});

test('fold of duplicate-node labels', () => {
  assert.equal(foldNames(['local#1', 'local#2', 'local#3']), 'local#[1-3]');
});

test('fold then expand gives the same set of names', () => {
  const name = fc
    .tuple(
      fc.constantFrom('node', 'web-', 'db', 'x'),
      fc.integer({ min: 0, max: 40 }),
      fc.constantFrom('', '.lan', '-a'),
      fc.boolean(),
    )
    .map(
      ([prefix, value, suffix, padded]) =>
        `${prefix}${padded ? String(value).padStart(3, '0') : value}${suffix}`,
    );
  fc.assert(
    fc.property(fc.array(name, { minLength: 1, maxLength: 30 }), (names) => {
      assert.deepEqual(new Set(expand(foldNames(names))), new Set(names));
    }),
  );
});
