import type { RunEvent } from '../results/result.js';

/** Redraws at most this often, so a chatty run does not spend its time drawing. */
const REDRAW_MS = 200;

function formatSeconds(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * One status line on a terminal, redrawn in place: jobs done of total, running, failed, elapsed time
 * and an estimate of the time left, from the mean time per finished job. Views call `clear` before they
 * write, and the line comes back on the next redraw.
 *
 * NOTE: cli-progress 3.12 was tried here. Its single bar saves the cursor when it starts and restores
 * it when it stops, so the cursor jumps back over the lines that the views printed in between. Its
 * multi-bar needs every other line to go through its own `log`. A line this simple is drawn here.
 */
export class ProgressLine {
  private total = 0;
  private done = 0;
  private running = 0;
  private failed = 0;
  private readonly startedAt = Date.now();
  private shown = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly terminal: NodeJS.WriteStream) {}

  update(event: RunEvent): void {
    if (event.kind === 'run-started') {
      this.total = event.total;
      this.timer = setInterval(() => this.draw(), REDRAW_MS);
      this.timer.unref();
    } else if (event.kind === 'job-started') {
      this.running++;
    } else if (event.kind === 'job-finished') {
      this.done++;
      if (event.result.started !== null) {
        this.running--;
      }
      if (event.result.status !== 'succeeded') {
        this.failed++;
      }
    }
  }

  /** Returns the text of the line, without terminal controls. */
  text(now = Date.now()): string {
    const elapsed = now - this.startedAt;
    const left =
      this.done > 0 && this.done < this.total
        ? `, about ${formatSeconds((elapsed / this.done) * (this.total - this.done))} left`
        : '';
    return (
      `cooperate: ${this.done}/${this.total} done, ${this.running} running, ${this.failed} failed, ` +
      `${formatSeconds(elapsed)} elapsed${left}`
    );
  }

  draw(): void {
    const width = this.terminal.columns || 80;
    this.terminal.write(`\r\x1b[K${this.text().slice(0, width - 1)}`);
    this.shown = true;
  }

  /** Erases the line, if drawn, so that other text starts at the first column. */
  clear(): void {
    if (this.shown) {
      this.terminal.write('\r\x1b[K');
      this.shown = false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.clear();
  }
}
