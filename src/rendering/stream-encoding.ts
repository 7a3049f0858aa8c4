import { READ_CHUNK_BYTES, type CapturedOutput } from '../results/output.js';
import { completeLength } from '../results/text-profile.js';
import { rewriteLines, type LineRewrite } from './line-rewrite.js';
import type { Sink } from './sink.js';

/** Base64 output lines of 76 characters, as MIME writes them, carry 57 bytes each. */
const BASE64_LINE_BYTES = 57;

/**
 * Escapes `text` as the inside of a JSON string, without the quotes. The byte order mark is escaped too,
 * as a precaution because YAML 1.2 gives it a meaning at the start of a document. JSON reads the escape.
 */
export function jsonStringBody(text: string): string {
  return JSON.stringify(text).slice(1, -1).replaceAll('\uFEFF', '\\ufeff');
}

/** Bytes that a JSON string escapes: control characters, the quote and the backslash. */
const JSON_ESCAPED_BYTES = [...Array.from({ length: 32 }, (_, byte) => byte), 0x22, 0x5c].filter(
  (byte) => byte !== 0x0a,
);
/** The bytes of JSON_ESCAPED_BYTES that remain once a TextProfile rules out control bytes. */
const JSON_ESCAPED_PRINTABLE_BYTES = [0x09, 0x22, 0x5c];
const BYTE_ORDER_MARK = Buffer.from('\uFEFF');
/** A rewrite that turns each line feed into its JSON escape, a backslash and an `n`. */
const JSON_LINE_FEEDS: LineRewrite = {
  lineStart: Buffer.alloc(0),
  startEmptyLines: false,
  lineFeed: Buffer.from('\\n'),
};

/**
 * Writes the UTF-8 text of `output` as the inside of a JSON string, without the quotes, chunk by chunk.
 * A chunk whose only byte to escape is the line feed, the usual case, is escaped as bytes, which saves
 * decoding it into a string.
 */
export async function writeJsonStringBody(output: CapturedOutput, sink: Sink): Promise<void> {
  const escapedBytes =
    output.textProfile?.mayHaveControlBytes === false ? JSON_ESCAPED_PRINTABLE_BYTES : JSON_ESCAPED_BYTES;
  let carry = Buffer.alloc(0);
  // Every chunk is copied below, so one read buffer serves them all.
  let scratch: Buffer = Buffer.allocUnsafe(SCRATCH_BYTES);
  for await (const chunk of output.stream(Buffer.allocUnsafe(READ_CHUNK_BYTES))) {
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const complete = completeLength(bytes);
    const text = bytes.subarray(0, complete);
    const needsEscapes = escapedBytes.some((byte) => text.includes(byte)) || text.includes(BYTE_ORDER_MARK);
    if (needsEscapes) {
      await sink.write(jsonStringBody(text.toString('utf8')));
    } else {
      const escaped = rewriteLines(text, JSON_LINE_FEEDS, false, scratch);
      await sink.write(escaped);
      scratch = nextScratch(scratch, escaped, sink);
    }
    carry = Buffer.from(bytes.subarray(complete));
  }
  // The caller checked that the text is valid UTF-8, so no character is left cut here.
  await sink.write(jsonStringBody(carry.toString('utf8')));
}

/** Bytes of the buffer that rewritten chunks go into: a chunk read back and room for what each line gains. */
const SCRATCH_BYTES = 2 * READ_CHUNK_BYTES;

/**
 * Returns the scratch buffer for the next chunk. A sink that is still writing `written`, which may lie
 * in `scratch`, gets a fresh buffer instead. Reusing one buffer keeps dead chunks from piling up until the
 * garbage collector runs: a new buffer per chunk added about 6 MiB to the peak memory of a 500 MB output.
 */
function nextScratch(scratch: Buffer, written: Buffer, sink: Sink): Buffer {
  return written.buffer !== scratch.buffer || sink.releasesWrittenBuffers
    ? scratch
    : Buffer.allocUnsafe(SCRATCH_BYTES);
}

/** Encodes `bytes` as base64 in lines of 76 characters, each starting with `indent` and ending with a line feed. */
export function base64Lines(bytes: Buffer, indent: string): string {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += BASE64_LINE_BYTES) {
    lines.push(`${indent}${bytes.toString('base64', offset, offset + BASE64_LINE_BYTES)}\n`);
  }
  return lines.join('');
}

/**
 * Writes the bytes of `output` as base64, chunk by chunk: in lines of 76 characters each starting with
 * `indent` and ending with a line feed when `indent` is given, else all on one line.
 */
export async function writeBase64(output: CapturedOutput, sink: Sink, indent: string | null): Promise<void> {
  const group = indent === null ? 3 : BASE64_LINE_BYTES;
  let carry = Buffer.alloc(0);
  const encode = (bytes: Buffer): string =>
    indent === null ? bytes.toString('base64') : base64Lines(bytes, indent);
  for await (const chunk of output.stream()) {
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const whole = bytes.length - (bytes.length % group);
    await sink.write(encode(bytes.subarray(0, whole)));
    carry = Buffer.from(bytes.subarray(whole));
  }
  await sink.write(encode(carry));
}

/**
 * Writes the text of `output` as the lines of a YAML literal block indented by `indent`. The caller has
 * checked that the text is block safe (see TextProfile) and written the `|` header line.
 */
export async function writeLiteralBlockBody(
  output: CapturedOutput,
  sink: Sink,
  indent: string,
): Promise<void> {
  // A line of only a line feed stays empty, so that no line ends in spaces.
  const rewrite: LineRewrite = {
    lineStart: Buffer.from(indent),
    startEmptyLines: false,
    lineFeed: Buffer.from('\n'),
  };
  let atLineStart = true;
  // Every chunk is copied below, so one read buffer serves them all.
  let scratch: Buffer = Buffer.allocUnsafe(SCRATCH_BYTES);
  for await (const chunk of output.stream(Buffer.allocUnsafe(READ_CHUNK_BYTES))) {
    const indented = rewriteLines(chunk, rewrite, atLineStart, scratch);
    atLineStart = chunk[chunk.length - 1] === 0x0a;
    await sink.write(indented);
    scratch = nextScratch(scratch, indented, sink);
  }
  if (!atLineStart) {
    await sink.write('\n');
  }
}
