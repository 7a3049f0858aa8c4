import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';

import { CapturedOutput } from '../../src/results/output.js';
import type { JobResult } from '../../src/results/result.js';
import { renderYamlResult } from '../../src/rendering/yaml.js';
import { parseYamlResults } from '../support/cli.js';

function captured(bytes: Buffer): CapturedOutput {
  const output = new CapturedOutput();
  output.append(bytes);
  output.close();
  return output;
}

function result(stdout: Buffer, stderr = Buffer.alloc(0)): JobResult {
  return {
    seq: 0,
    node: { kind: 'local', name: 'local', index: 0, label: 'local' },
    command: { kind: 'argv', argv: ['printf', '%s', '---'] },
    status: 'succeeded',
    code: 0,
    signal: null,
    error: null,
    stdout: captured(stdout),
    stderr: captured(stderr),
    started: new Date(),
    durationMs: 1,
  };
}

function roundTrip(bytes: Buffer): Buffer | null {
  const [document] = parseYamlResults(renderYamlResult(result(bytes)));
  const value = document?.stdout;
  if (value === null || value === undefined) {
    return null;
  }
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
}

test('yaml keeps hard outputs exactly', () => {
  const cases = [
    'plain\n',
    'no newline',
    '\n\n\nblank lines\n\n',
    '  leading spaces\n',
    'trailing spaces   \n',
    '---\n...\n--- !!binary\n',
    'key: value\n- item\n# not a comment\n',
    '"quotes" and \'single\'\n',
    'tab\tand\u0000NUL\u0001\n',
    'x'.repeat(1_000_000),
    '\r\nCRLF\r\n',
    'naïve ✓ 日本\n',
    '\uFEFFbom first',
  ];
  for (const text of cases) {
    assert.deepEqual(
      roundTrip(Buffer.from(text, 'utf8')),
      Buffer.from(text, 'utf8'),
      JSON.stringify(text.slice(0, 40)),
    );
  }
});

test('yaml writes invalid UTF-8 as !!binary', () => {
  const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a, 0xc3]);
  const text = renderYamlResult(result(bytes));
  assert.match(text, /stdout: !!binary/);
  assert.deepEqual(roundTrip(bytes), bytes);
});

test('yaml keys come in the documented order', () => {
  const text = renderYamlResult({ ...result(Buffer.from('o')), signal: 'SIGTERM', code: 143 });
  const keys = text
    .split('\n')
    .filter((line) => /^[a-z]+:/.test(line))
    .map((line) => line.split(':')[0]);
  assert.deepEqual(keys, ['code', 'command', 'error', 'node', 'signal', 'stderr', 'stdout']);
  assert.ok(text.startsWith('---\n'));
});

test('yaml round-trips any bytes', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      const buffer = Buffer.from(bytes);
      assert.deepEqual(roundTrip(buffer), buffer.length === 0 ? null : buffer);
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (text) => {
      const buffer = Buffer.from(text, 'utf8');
      assert.deepEqual(roundTrip(buffer), buffer.length === 0 ? null : buffer);
    }),
    { numRuns: 300 },
  );
});
