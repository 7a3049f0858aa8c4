import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';

import { CapturedOutput } from '../../src/results/output.js';

async function readAll(output: CapturedOutput): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of output.stream()) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

test('capture stays in memory under the limit', async () => {
  const output = new CapturedOutput({ memoryBytes: 10, maxBytes: null });
  output.append(Buffer.from('hello'));
  output.close();
  assert.equal(output.isSpilled, false);
  assert.equal((await readAll(output)).toString(), 'hello');
});

test('capture spills past the limit and reads back', async () => {
  const output = new CapturedOutput({ memoryBytes: 4, maxBytes: null });
  output.append(Buffer.from('abc'));
  output.append(Buffer.from('defg'));
  output.append(Buffer.from('\0\xff', 'latin1'));
  output.close();
  assert.equal(output.isSpilled, true);
  assert.equal(output.byteLength, 9);
  assert.deepEqual(await readAll(output), Buffer.from('abcdefg\0\xff', 'latin1'));
  assert.deepEqual(output.toBuffer(), Buffer.from('abcdefg\0\xff', 'latin1'));
  assert.equal(output.textProfile?.isUtf8, false);
});

test('capture dispose removes the spill file', () => {
  const output = new CapturedOutput({ memoryBytes: 1, maxBytes: null });
  output.append(Buffer.from('abc'));
  const path = (output as unknown as { spillPath: string }).spillPath;
  assert.equal(existsSync(path), true);
  output.dispose();
  assert.equal(existsSync(path), false);
});

test('capture cap keeps the head and counts the rest', async () => {
  const output = new CapturedOutput({ memoryBytes: 100, maxBytes: 5 });
  assert.equal(output.append(Buffer.from('abc')).toString(), 'abc');
  assert.equal(output.append(Buffer.from('defg')).toString(), 'de');
  assert.equal(output.append(Buffer.from('hij')).length, 0);
  assert.equal(output.byteLength, 5);
  assert.equal(output.droppedBytes, 5);
  assert.equal((await readAll(output)).toString(), 'abcde');
});

test('capture without retain keeps the tail', async () => {
  const output = new CapturedOutput({ memoryBytes: 4, maxBytes: null, retain: false });
  output.append(Buffer.from('abc'));
  output.append(Buffer.from('def'));
  output.append(Buffer.from('ghi'));
  assert.equal(output.isSpilled, false);
  assert.equal(output.byteLength, 9);
  assert.equal((await readAll(output)).toString(), 'defghi');
});
