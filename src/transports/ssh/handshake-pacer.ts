/**
 * Tries for one connection when the server drops it during the handshake, the first included. A
 * machine so loaded that handshakes outlast the pacer's slow limit lets more of them through at once,
 * and so gets more drops.
 */
export const MAX_CONNECT_ATTEMPTS = 8;

/**
 * Milliseconds to wait before connecting again after try number `attempt` was dropped: doubling up to
 * 3 s, with jitter so that connections dropped together do not come back together.
 */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(100 * 2 ** attempt, 3000) + Math.random() * 200;
}

/**
 * Bounds how many ssh handshakes are in progress at once. OpenSSH's sshd drops new connections at
 * random once 10 are unauthenticated (`MaxStartups 10:30:100`, its default), and nodes behind one
 * sshd would trip that if all connected at once. Each dropped handshake halves the limit, down to
 * `minLimit`. A handshake that takes longer than `slowMs` gives up its slot, so that hosts that are
 * down do not hold the others back for their whole connect timeout.
 */
export class HandshakePacer {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private limit: number,
    private readonly slowMs: number,
    private readonly minLimit = 1,
  ) {}

  /** Lowers the limit after a server dropped a handshake, as a busy sshd does. */
  reportDropped(): void {
    this.limit = Math.max(this.minLimit, Math.floor(this.limit / 2));
  }

  /** Waits for a slot; the returned function gives it back and may be called more than once. */
  async acquire(): Promise<() => void> {
    if (this.running >= this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    let released = false;
    const release = (): void => {
      if (released) {
        return;
      }
      released = true;
      clearTimeout(timer);
      const next = this.running <= this.limit ? this.waiting.shift() : undefined;
      if (next) {
        next();
      } else {
        this.running--;
      }
    };
    const timer = setTimeout(release, this.slowMs);
    timer.unref();
    return release;
  }
}
