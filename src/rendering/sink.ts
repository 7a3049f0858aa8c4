import { once } from 'node:events';

/**
 * A writable stream that the views write to. `write` waits while the stream's buffer is full, so a
 * slow reader, such as a pipe into `less`, slows the run down instead of filling memory.
 */
export class Sink {
  /** Called before each write, such as to erase a progress line on the same terminal. */
  beforeWrite: (() => void) | null = null;

  constructor(readonly stream: NodeJS.WritableStream) {}

  async write(data: string | Buffer): Promise<void> {
    if (data.length === 0) {
      return;
    }
    this.beforeWrite?.();
    if (!this.stream.write(data)) {
      // A reader that goes away never drains the stream; its error is handled where the stream is owned.
      await Promise.race([once(this.stream, 'drain'), once(this.stream, 'close')]).catch(() => {});
    }
  }
}
