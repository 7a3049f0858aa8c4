import { isAscii, isUtf8 } from 'node:buffer';

/**
 * Bytes that YAML forbids or changes inside a literal block scalar, as they appear in UTF-8. They are the
 * C0 control characters other than tab and line feed, and DEL. Carriage return is one of them because
 * YAML folds it into a line break. So are the C1 controls (U+0080 to U+009F), the line and paragraph
 * separators, the byte order mark and U+FFFE/U+FFFF. The text is read as latin1 so that one regular
 * expression scans raw bytes.
 */
const NOT_BLOCK_SAFE =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this pattern finds.
  /[\x00-\x08\x0B-\x1F\x7F]|\xC2[\x80-\x9F]|\xE2\x80[\xA8\xA9]|\xEF\xBB\xBF|\xEF\xBF[\xBE\xBF]/;

/** ASCII bytes that NOT_BLOCK_SAFE finds, looked for one by one with memchr in ASCII-only chunks. */
const ASCII_CONTROL_BYTES = [...Array.from({ length: 32 }, (_, byte) => byte), 0x7f].filter(
  (byte) => byte !== 0x09 && byte !== 0x0a,
);

/**
 * Facts about a stream of bytes, learnt chunk by chunk so that output spilled to disk need not be read
 * twice. They are whether it is valid UTF-8, whether a YAML literal block can carry it unchanged, and
 * how many line feeds it ends with.
 */
export class TextProfile {
  private utf8 = true;
  private blockSafe = true;
  /** True while every chunk so far was scanned and had no DEL and no C0 control but tab and line feed. */
  private controlFree = true;
  /** Bytes of a character cut at the end of the last chunk. */
  private carry: Buffer = Buffer.alloc(0);
  /** The last two bytes so far, so that a forbidden sequence split between chunks is still seen. */
  private tail: Buffer = Buffer.alloc(0);
  private trailing = 0;
  /** Spaces and tabs since the last line feed, or -1 once the line has other text. */
  private blankRun = 0;
  private empty = true;

  add(chunk: Buffer): void {
    if (chunk.length === 0) {
      return;
    }
    this.empty = false;
    this.countTrailingNewlines(chunk);
    if (!this.utf8) {
      this.controlFree = false;
      return;
    }
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const complete = completeLength(bytes);
    if (!isUtf8(bytes.subarray(0, complete))) {
      this.utf8 = false;
      this.blockSafe = false;
      this.controlFree = false;
      return;
    }
    this.carry = Buffer.from(bytes.subarray(complete));
    if (this.blockSafe) {
      // Plain ASCII, the usual case, is checked with native searches rather than a regular expression.
      if (isAscii(chunk)) {
        const hasControlByte = ASCII_CONTROL_BYTES.some((byte) => chunk.includes(byte));
        this.controlFree &&= !hasControlByte;
        this.blockSafe = !hasControlByte && !this.hasBlankLine(chunk);
      } else {
        const scanned = Buffer.concat([this.tail, chunk]);
        // The pattern also matches characters that are not controls, so this errs on the safe side.
        const hasForbidden = NOT_BLOCK_SAFE.test(scanned.toString('latin1'));
        this.controlFree &&= !hasForbidden;
        this.blockSafe = !hasForbidden && !this.hasBlankLine(chunk);
      }
      this.tail = Buffer.from(Buffer.concat([this.tail, chunk.subarray(-2)]).subarray(-2));
    } else {
      // Chunks are no longer scanned once the text is not block safe.
      this.controlFree = false;
    }
  }

  /** True when every byte so far is valid UTF-8 and no character is cut at the end. */
  get isUtf8(): boolean {
    return this.utf8 && (this.empty || completeLength(this.carry) === this.carry.length);
  }

  /**
   * False when no byte so far is a C0 control other than tab and line feed, nor DEL, so a JSON string of
   * the text escapes only line feeds, tabs, quotes and backslashes. True when such a byte is or may be there.
   */
  get mayHaveControlBytes(): boolean {
    return !this.controlFree;
  }

  /** True when the text can be written as a YAML literal block and read back byte for byte. */
  get isBlockSafe(): boolean {
    return this.blockSafe && this.isUtf8 && this.blankRun <= 0;
  }

  /**
   * Finds a line of only spaces and tabs, which the yaml package (2.x) reads back as an empty line
   * when it ends a literal block, and updates the state for a line that goes on into the next chunk.
   */
  private hasBlankLine(chunk: Buffer): boolean {
    const first = chunk[0];
    const mayHaveBlankLine =
      this.blankRun > 0 ||
      (this.blankRun === 0 && (first === 0x20 || first === 0x09)) ||
      chunk.includes('\n ') ||
      // A two-byte search stops at every line feed, so the cheaper search for any tab goes first.
      (chunk.includes(0x09) && chunk.includes('\n\t'));
    if (!mayHaveBlankLine) {
      // Every line in the chunk has text, so only a chunk that ends a line leaves a fresh line behind.
      this.blankRun = chunk[chunk.length - 1] === 0x0a ? 0 : -1;
      return false;
    }
    const text = (this.blankRun >= 0 ? `\n${' '.repeat(this.blankRun)}` : 'x') + chunk.toString('latin1');
    if (/\n[ \t]+\n/.test(text)) {
      return true;
    }
    const lastLine = text.slice(text.lastIndexOf('\n') + 1);
    this.blankRun = text.includes('\n') && /^[ \t]*$/.test(lastLine) ? lastLine.length : -1;
    return false;
  }

  /** How many line feeds end the bytes so far. */
  get trailingNewlines(): number {
    return this.trailing;
  }

  private countTrailingNewlines(chunk: Buffer): void {
    let index = chunk.length - 1;
    while (index >= 0 && chunk[index] === 0x0a) {
      index--;
    }
    const count = chunk.length - 1 - index;
    this.trailing = index < 0 ? this.trailing + count : count;
  }
}

/** Length of the longest prefix of `bytes` that does not end inside a multi-byte UTF-8 character. */
export function completeLength(bytes: Buffer): number {
  const end = bytes.length;
  // A UTF-8 character is at most 4 bytes, so only the last 3 bytes can start an unfinished one.
  for (let back = 1; back <= Math.min(3, end); back++) {
    const byte = bytes[end - back] ?? 0;
    if ((byte & 0xc0) === 0x80) {
      continue;
    }
    // A lead byte says how long its character is: 11110xxx is 4 bytes, 1110xxxx 3, 110xxxxx 2.
    let needed = 1;
    if (byte >= 0xf0) {
      needed = 4;
    } else if (byte >= 0xe0) {
      needed = 3;
    } else if (byte >= 0xc0) {
      needed = 2;
    }
    return needed > back ? end - back : end;
  }
  return end;
}
