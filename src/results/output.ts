import { closeSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';

import { newSpillPath } from './spill.js';
import { TextProfile } from './text-profile.js';
import { writeAll } from './write-all.js';

/** How much of one stream of one job is kept, and where. */
export interface CaptureLimits {
  /** Bytes kept in memory; past this the stream moves to a temporary file. */
  memoryBytes: number;
  /** Bytes kept at all; the rest is dropped and counted. Null keeps everything. */
  maxBytes: number | null;
  /**
   * False when the output is shown live and not needed at the end. Then only about the last
   * `memoryBytes` are kept, for transports that read the end of stderr, and nothing goes to disk.
   * Default: true.
   */
  retain?: boolean;
}

/** Bytes read from a temporary file at a time, unless the reader gives its own buffer. */
export const READ_CHUNK_BYTES = 256 * 1024;
/** Bytes read from a temporary file between two turns of the event loop. */
const EVENT_LOOP_TURN_BYTES = 4 * 1024 * 1024;

/** Keeps 64 KiB of each stream in memory, so a thousand jobs with both streams full hold about 128 MB. */
export const DEFAULT_CAPTURE_LIMITS: CaptureLimits = { memoryBytes: 64 * 1024, maxBytes: null };

/**
 * Bytes that one stream of a job printed, kept in arrival order. Up to `memoryBytes` stay in memory;
 * past that every byte goes to a temporary file, so memory stays bounded whatever the command prints.
 * With `maxBytes` set, bytes past the cap are dropped and counted in `droppedBytes`.
 */
export class CapturedOutput {
  private chunks: Buffer[] = [];
  private length = 0;
  private dropped = 0;
  /** Bytes in `chunks` when only the tail is kept. */
  private tailLength = 0;
  private spillPath: string | null = null;
  private spillFd: number | null = null;
  private profile: TextProfile | null = null;

  constructor(private readonly limits: CaptureLimits = DEFAULT_CAPTURE_LIMITS) {}

  /** Keeps `chunk`, or the part of it under the cap, and returns the part kept. */
  append(chunk: Buffer): Buffer {
    let kept = chunk;
    const { maxBytes } = this.limits;
    if (maxBytes !== null && this.length + chunk.length > maxBytes) {
      kept = chunk.subarray(0, Math.max(0, maxBytes - this.length));
      this.dropped += chunk.length - kept.length;
    }
    if (kept.length === 0) {
      return kept;
    }
    this.length += kept.length;
    if (this.spillFd !== null) {
      this.profile?.add(kept);
      writeAll(this.spillFd, kept);
    } else if (this.limits.retain !== false) {
      this.chunks.push(kept);
      if (this.length > this.limits.memoryBytes) {
        this.spill();
      }
    } else {
      this.keepTail(kept);
    }
    return kept;
  }

  /** Bytes kept, or with `retain: false` bytes seen, of which only the last `memoryBytes` are in memory. */
  get byteLength(): number {
    return this.length;
  }

  /** Bytes past the cap that were dropped. */
  get droppedBytes(): number {
    return this.dropped;
  }

  /** True when the bytes are in a temporary file rather than in memory. */
  get isSpilled(): boolean {
    return this.spillPath !== null;
  }

  /** Facts about the bytes for views that stream spilled output, or null while the bytes are in memory. */
  get textProfile(): TextProfile | null {
    return this.profile;
  }

  /** Stops writing: the bytes are complete. */
  close(): void {
    if (this.spillFd !== null) {
      closeSync(this.spillFd);
      this.spillFd = null;
    }
  }

  /**
   * Returns every byte kept in one Buffer, only the tail with `retain: false`. It reads the temporary
   * file when the stream spilled, so it costs as much memory as the output is long. Views that may meet
   * large output use `stream` instead.
   */
  toBuffer(): Buffer {
    if (this.spillPath !== null) {
      return readFileSync(this.spillPath);
    }
    return this.chunks.length === 1 && this.chunks[0]
      ? this.chunks[0]
      : Buffer.concat(this.chunks, this.length);
  }

  /**
   * Reads the bytes in order, in chunks of bounded size, without keeping them all in memory. With
   * `readBuffer`, spilled bytes are read into it, so each chunk is valid only until the next one is
   * requested: a caller that copies each chunk then makes no garbage per chunk.
   */
  async *stream(readBuffer?: Buffer): AsyncGenerator<Buffer> {
    if (this.spillPath === null) {
      yield* this.chunks;
      return;
    }
    // Synchronous reads of a file that was just written usually come from the page cache, and they skip
    // the hop to libuv's thread pool. Every few megabytes the event loop gets a turn, so signals and
    // timers still run while a large output is written.
    const fd = openSync(this.spillPath, 'r');
    try {
      let sinceTurn = 0;
      for (;;) {
        const chunk = readBuffer ?? Buffer.allocUnsafe(READ_CHUNK_BYTES);
        const length = readSync(fd, chunk, 0, chunk.length, null);
        if (length === 0) {
          return;
        }
        yield chunk.subarray(0, length);
        sinceTurn += length;
        if (sinceTurn >= EVENT_LOOP_TURN_BYTES) {
          sinceTurn = 0;
          await nextTurn();
        }
      }
    } finally {
      closeSync(fd);
    }
  }

  /** Removes the temporary file, if any; the bytes are gone afterwards. */
  dispose(): void {
    this.close();
    if (this.spillPath !== null) {
      rmSync(this.spillPath, { force: true });
    }
    this.chunks = [];
  }

  /** Keeps the last `memoryBytes` or a little more, because the end of stderr explains a client's failure. */
  private keepTail(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.tailLength += chunk.length;
    let first = this.chunks[0];
    while (first && this.chunks.length > 1 && this.tailLength - first.length >= this.limits.memoryBytes) {
      this.chunks.shift();
      this.tailLength -= first.length;
      first = this.chunks[0];
    }
  }

  private spill(): void {
    this.spillPath = newSpillPath();
    this.spillFd = openSync(this.spillPath, 'w', 0o600);
    this.profile = new TextProfile();
    for (const chunk of this.chunks) {
      this.profile.add(chunk);
      writeAll(this.spillFd, chunk);
    }
    this.chunks = [];
  }
}

/** Wraps bytes already in memory, such as a test's expected output, as closed captured output. */
export function capturedFrom(bytes: Buffer): CapturedOutput {
  const output = new CapturedOutput();
  output.append(bytes);
  output.close();
  return output;
}
