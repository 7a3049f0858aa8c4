/** Flow control for an EventStream: the size of each event and the callbacks for a reader that falls behind. */
export interface FlowControl<T> {
  /** Bytes that an event carries, such as the length of an output chunk. */
  sizeOf(value: T): number;
  /** Unread bytes above which `onFull` is called; `onDrained` follows once half of them are read. */
  highWaterBytes: number;
  onFull(): void;
  onDrained(): void;
}

/**
 * A push-based queue read as an async iterable: the run pushes events as they happen and the caller
 * reads them with `for await`. Events are kept until read. With flow control, `onFull` tells the producer
 * to pause while more than `highWaterBytes` are unread, so a slow reader bounds the memory used.
 */
export class EventStream<T> implements AsyncIterable<T> {
  private readonly buffered: T[] = [];
  private waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void } | null =
    null;
  private ended = false;
  private failure: { error: unknown } | null = null;
  private unreadBytes = 0;
  private full = false;

  constructor(private readonly flow: FlowControl<T> | null = null) {}

  push(value: T): void {
    if (this.flow) {
      this.unreadBytes += this.flow.sizeOf(value);
      if (!this.full && this.unreadBytes > this.flow.highWaterBytes) {
        this.full = true;
        this.flow.onFull();
      }
    }
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value, done: false });
    } else {
      this.buffered.push(value);
    }
  }

  end(): void {
    this.ended = true;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  /** Ends the stream with an error, which the reader gets after the events pushed before it. */
  fail(error: unknown): void {
    this.failure = { error };
    this.ended = true;
    if (this.waiting) {
      const { reject } = this.waiting;
      this.waiting = null;
      reject(error);
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        const value = this.buffered.shift();
        if (value !== undefined) {
          this.markRead(value);
          return Promise.resolve({ value, done: false });
        }
        if (this.failure) {
          return Promise.reject(this.failure.error);
        }
        if (this.ended) {
          return Promise.resolve({ value: undefined, done: true });
        }
        return new Promise((resolve, reject) => {
          this.waiting = {
            resolve: (result) => {
              if (!result.done) {
                this.markRead(result.value);
              }
              resolve(result);
            },
            reject,
          };
        });
      },
    };
  }

  private markRead(value: T): void {
    if (!this.flow) {
      return;
    }
    this.unreadBytes -= this.flow.sizeOf(value);
    if (this.full && this.unreadBytes <= this.flow.highWaterBytes / 2) {
      this.full = false;
      this.flow.onDrained();
    }
  }
}
