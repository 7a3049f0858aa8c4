import { StringDecoder } from 'node:string_decoder';

import type { CapturedOutput } from '../results/output.js';
import type { Sink } from './sink.js';

/** Base64 output lines of 76 characters, as MIME writes them, carry 57 bytes each. */
const BASE64_LINE_BYTES = 57;

/**
 * The inside of a JSON string for `text`, without the quotes. The byte order mark is escaped too,
 * because YAML parsers drop it even inside a quoted string, and the escape is valid JSON as well.
 */
export function jsonStringBody(text: string): string {
  return JSON.stringify(text).slice(1, -1).replaceAll('\uFEFF', '\\ufeff');
}

/** Writes the text of `output` as the inside of a JSON string, without the quotes, chunk by chunk. */
export async function writeJsonStringBody(output: CapturedOutput, sink: Sink): Promise<void> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of output.stream()) {
    await sink.write(jsonStringBody(decoder.write(chunk)));
  }
  await sink.write(jsonStringBody(decoder.end()));
}

/** Base64 of `bytes` in lines of 76 characters, each starting with `indent` and ending with a line feed. */
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
  const decoder = new StringDecoder('utf8');
  let atLineStart = true;
  // Empty lines stay empty: only a line with text gets the indentation, so no line ends in spaces.
  const indentText = (text: string): string => {
    if (text === '') {
      return '';
    }
    const first = atLineStart && !text.startsWith('\n') ? indent : '';
    atLineStart = text.endsWith('\n');
    return first + text.replace(/\n(?=[^\n])/g, `\n${indent}`);
  };
  for await (const chunk of output.stream()) {
    await sink.write(indentText(decoder.write(chunk)));
  }
  await sink.write(indentText(decoder.end()));
  if (!atLineStart) {
    await sink.write('\n');
  }
}
