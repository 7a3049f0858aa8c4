import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';

import fc from 'fast-check';

import { writeJsonResult } from '../../src/rendering/json.js';
import { Sink } from '../../src/rendering/sink.js';
import { writeYamlResult } from '../../src/rendering/yaml.js';
import { CapturedOutput } from '../../src/results/output.js';
import type { JobResult } from '../../src/results/result.js';
import { parseYamlResults } from '../support/cli.js';

/** Builds a finished result whose output arrives in chunks of `chunkBytes` and spills past `memoryBytes`. */
function resultWith(stdout: Buffer, memoryBytes: number, chunkBytes: number): JobResult {
  const captured = new CapturedOutput({ memoryBytes, maxBytes: null });
  for (let offset = 0; offset < stdout.length; offset += chunkBytes) {
    captured.append(stdout.subarray(offset, offset + chunkBytes));
  }
  captured.close();
  const stderr = new CapturedOutput();
  stderr.close();
  return {
    seq: 0,
    node: { kind: 'local', name: 'local', index: 0, label: 'local' },
    command: { kind: 'shell', line: 'true' },
    status: 'succeeded',
    code: 0,
    signal: null,
    error: null,
    stdout: captured,
    stderr,
    started: new Date(0),
    durationMs: 5,
  };
}

/**
 * Renders `result` into a string. With `copiesOnWrite`, the stream copies each chunk as process.stdout
 * does, so the writers may reuse their buffers. Without it, the stream keeps the chunks it is given.
 */
async function render(
  write: (result: JobResult, sink: Sink) => Promise<void>,
  result: JobResult,
  copiesOnWrite = false,
): Promise<string> {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(copiesOnWrite ? Buffer.from(chunk) : chunk);
      done();
    },
  });
  await write(result, new Sink(stream, { copiesOnWrite }));
  return Buffer.concat(chunks).toString('utf8');
}

function bytesOf(value: string | Uint8Array | null | { base64: string }): Buffer {
  if (value === null) {
    return Buffer.alloc(0);
  }
  if (typeof value === 'string') {
    return Buffer.from(value);
  }
  if (value instanceof Uint8Array) {
    return Buffer.from(value);
  }
  return Buffer.from(value.base64, 'base64');
}

const output = fc.oneof(
  fc
    .string({
      unit: fc.constantFrom(
        'a',
        'b',
        ' ',
        '  ',
        '\n',
        '\t',
        '\r',
        '\0',
        '"',
        '\\',
        '#',
        ':',
        '-',
        '€',
        '😀',
        '\u0085',
        '\uFEFF',
      ),
      maxLength: 200,
    })
    .map((text) => Buffer.from(text)),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
);

test('yaml view reads back spilled output byte for byte', async () => {
  await fc.assert(
    fc.asyncProperty(
      output,
      fc.integer({ min: 1, max: 50 }),
      fc.integer({ min: 1, max: 30 }),
      async (stdout, memory, chunk) => {
        const text = await render(writeYamlResult, resultWith(stdout, memory, chunk));
        const [document] = parseYamlResults(text);
        assert.deepEqual(bytesOf(document?.stdout ?? null), stdout);
      },
    ),
  );
});

test('json view reads back spilled output byte for byte', async () => {
  await fc.assert(
    fc.asyncProperty(
      output,
      fc.integer({ min: 1, max: 50 }),
      fc.integer({ min: 1, max: 30 }),
      async (stdout, memory, chunk) => {
        const text = await render(writeJsonResult, resultWith(stdout, memory, chunk));
        assert.equal(text.endsWith('\n'), true);
        assert.equal(text.indexOf('\n'), text.length - 1);
        const parsed = JSON.parse(text) as { stdout: string | null | { base64: string } };
        assert.deepEqual(bytesOf(parsed.stdout), stdout);
      },
    ),
  );
});

test('views read back exactly with reused buffers', async () => {
  // Many short lines over several read chunks, so that the scratch buffer is filled again and again.
  const lines = Array.from({ length: 40_000 }, (_, index) => `line ${index} "quoted"\n`).join('');
  const stdout = Buffer.from(lines);
  const yamlText = await render(writeYamlResult, resultWith(stdout, 1024, 65_536), true);
  const [document] = parseYamlResults(yamlText);
  assert.deepEqual(bytesOf(document?.stdout ?? null), stdout);
  const jsonText = await render(writeJsonResult, resultWith(stdout, 1024, 65_536), true);
  const parsed = JSON.parse(jsonText) as { stdout: string };
  assert.deepEqual(bytesOf(parsed.stdout), stdout);
});

test('yaml view streams a spilled literal block', async () => {
  const text = await render(writeYamlResult, resultWith(Buffer.from('  indented\nsecond\n\n'), 4, 3));
  assert.equal(
    text,
    '---\ncode: 0\ncommand: "true"\nerror: null\nnode: local\nstderr: null\nstdout: |2+\n    indented\n  second\n\n',
  );
});
