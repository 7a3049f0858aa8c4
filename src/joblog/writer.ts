import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';

import type { JobResult } from '../results/result.js';
import { formatJobLogLine, isFinished, JOB_LOG_HEADER, toJobLogEntry } from './format.js';

/**
 * Appends to a job log, one line per finished job. Each line is written with one write(2) as its job
 * ends, so the lines of finished jobs survive a crash or a kill of cooperate.
 */
export class JobLogWriter {
  private constructor(
    readonly path: string,
    private fd: number | null,
  ) {}

  /**
   * Opens `path` for appending, creating it with its header line when it is new or empty. Throws an
   * Error with a message naming the file when it cannot be opened or is not a job log.
   */
  static open(path: string): JobLogWriter {
    let fd: number;
    try {
      fd = openSync(path, 'a+');
    } catch (error) {
      throw new Error(`cannot open job log ${path}: ${(error as Error).message}; check the path`);
    }
    try {
      if (fstatSync(fd).size === 0) {
        writeSync(fd, `${JOB_LOG_HEADER}\n`);
      } else if (readFirstLine(fd) !== JOB_LOG_HEADER) {
        throw new Error(
          `${path} exists and is not a cooperate job log (its first line is not the header); give another file`,
        );
      }
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    return new JobLogWriter(path, fd);
  }

  /**
   * Appends the result's line when the job finished; does nothing for a job that was stopped or never
   * ran. `sent` is the size of the standard input that the job got.
   */
  append(result: JobResult, sent = 0): void {
    if (this.fd === null || !isFinished(result)) {
      return;
    }
    writeSync(this.fd, formatJobLogLine(toJobLogEntry(result, sent)));
  }

  close(): void {
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
  }
}

function readFirstLine(fd: number): string {
  const buffer = Buffer.alloc(JOB_LOG_HEADER.length + 1);
  const length = readSync(fd, buffer, 0, buffer.length, 0);
  const text = buffer.subarray(0, length).toString('utf8');
  return text.split('\n')[0] ?? '';
}
