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
      await this.waitForDrain();
    }
  }

  /** Waits until the stream drains, or until it closes or fails, since a reader that goes away never drains it. */
  private waitForDrain(): Promise<void> {
    const { stream } = this;
    return new Promise((resolve) => {
      const done = (): void => {
        stream.off('drain', done);
        stream.off('close', done);
        stream.off('error', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
      stream.on('error', done);
    });
  }
}
