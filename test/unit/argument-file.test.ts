import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';

import { expandArgumentFiles, parseArgumentFile } from '../../src/cli/argument-file.js';
import { takesSeparateValue } from '../../src/cli/tokens.js';
import { UsageError } from '../../src/cli/usage-error.js';

const valueOptions = { short: new Set(['c', 'e', 'm', 'b', 't']), long: new Set(['command', 'env', 'ssh']) };
const takesValue = (arg: string): boolean => takesSeparateValue(arg, valueOptions);

test('argument file splits an option from its value at the first space', () => {
  const text = '--local\n--command echo $FOO  bar\n--mode=distribute\n\n# a comment\n  -c  two spaces\n';
  assert.deepEqual(parseArgumentFile(text, 'args.txt'), [
    '--local',
    '--command',
    'echo $FOO  bar',
    '--mode=distribute',
    '-c',
    ' two spaces',
  ]);
});

test('argument file drops the CR of CRLF line ends', () => {
  assert.deepEqual(parseArgumentFile('--local\r\n--command echo hi\r\n', 'dos.txt'), [
    '--local',
    '--command',
    'echo hi',
  ]);
});

test('argument file names FILE:LINE of a bad line', () => {
  assert.throws(
    () => parseArgumentFile('--local\n\necho FOO\n', 'jobs.txt'),
    (error: unknown) => error instanceof UsageError && error.message.includes('jobs.txt:3'),
  );
});

test('argument file inside another is read too', () => {
  const files: Record<string, string> = { outer: '--local\n@inner\n', inner: '--command echo inner\n' };
  const read = (name: string): string => files[name] ?? '';
  assert.deepEqual(expandArgumentFiles(['@outer', '-c', '@kept'], read, takesValue), [
    '--local',
    '--command',
    'echo inner',
    '-c',
    '@kept',
  ]);
});

test('argument file loop is an error', () => {
  const files: Record<string, string> = { a: '@b\n', b: '@a\n' };
  assert.throws(
    () => expandArgumentFiles(['@a'], (name) => files[name] ?? '', takesValue),
    (error: unknown) => error instanceof UsageError && /a -> b -> a/.test(error.message),
  );
});

test('argument file that is missing names the path', () => {
  assert.throws(
    () =>
      expandArgumentFiles(
        ['@/no/such/file'],
        () => {
          throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        },
        takesValue,
      ),
    (error: unknown) => error instanceof UsageError && error.message.includes('/no/such/file'),
  );
});

test('argument file keeps any option value exactly', () => {
  // Values without line breaks survive a round trip through a file, whatever bytes they hold.
  const value = fc.string({ unit: 'binary', maxLength: 40 }).filter((text) => !/[\n\r]/.test(text));
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.constantFrom('--command', '--env', '-c'), value), { maxLength: 8 }),
      (pairs) => {
        const text = pairs.map(([option, optionValue]) => `${option} ${optionValue}`).join('\n');
        assert.deepEqual(parseArgumentFile(text, 'random.txt'), pairs.flat());
      },
    ),
  );
});

test('argument file ignores spaces after a lone option', () => {
  const read = (name: string): string => ({ a: '--local  \n-c echo hi \n-e  \n' })[name] ?? '';
  assert.deepEqual(expandArgumentFiles(['@a'], read, takesValue), ['--local', '-c', 'echo hi ', '-e', ' ']);
});

test('argument file errors say what is wrong in words', () => {
  const failing = (code: string) => (): string => {
    throw Object.assign(new Error(`${code}: raw message`), { code });
  };
  assert.throws(
    () => expandArgumentFiles(['@dir'], failing('EISDIR'), takesValue),
    /^UsageError: cannot read argument file dir: is a directory; check the path after '@'$/,
  );
  assert.throws(
    () => expandArgumentFiles(['@f/x'], failing('ENOTDIR'), takesValue),
    /cannot read argument file f\/x: a part of the path is not a directory;/,
  );
});
