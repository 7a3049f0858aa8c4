export interface SinkOptions {
  /**
   * True when the stream copies each write out of the given buffer, into the kernel or elsewhere, by the
   * time it has no data left to write. process.stdout and process.stderr do, for files, pipes and
   * terminals. A stream that keeps the buffers, such as a PassThrough, does not. Default: false.
   */
  copiesOnWrite?: boolean;
}

/**
 * A writable stream that the views write to. `write` waits while the stream's buffer is full, so a
 * slow reader, such as a pipe into `less`, slows the run down instead of filling memory.
 */
export class Sink {
  /** Called before each write, such as to erase a progress line on the same terminal. */
  beforeWrite: (() => void) | null = null;

  constructor(
    readonly stream: NodeJS.WritableStream,
    private readonly options: SinkOptions = {},
  ) {}

  async write(data: string | Buffer): Promise<void> {
    if (data.length === 0) {
      return;
    }
    this.beforeWrite?.();
    if (!this.stream.write(data)) {
      await this.waitForDrain();
    }
  }

  /**
   * True when the stream no longer refers to any buffer given to `write`, so the writer may fill it
   * again. That needs a stream that copies out what it writes and has nothing left to write.
   */
  get releasesWrittenBuffers(): boolean {
    return (
      this.options.copiesOnWrite === true && (this.stream as { writableLength?: number }).writableLength === 0
    );
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
