import { createReadStream, statSync, type ReadStream } from 'node:fs';
import type { Writable } from 'node:stream';

import type { Job } from '../../jobs/job.js';
import { inputHeader } from './remote-command.js';

/** The input pipe of a running job's ssh client, and the file being copied into it, if any. */
interface JobInput {
  pipe: Writable;
  source: ReadStream | null;
}

/**
 * The input side of the ssh channels of running jobs. Each channel gets the header that the remote
 * wrapper reads, then the run's standard input, and stays open while the job may run: closing it is
 * how cooperate stops the job and still gets its exit status.
 */
export class JobInputs {
  private readonly inputs = new Map<number, JobInput>();

  /** Returns the function that feeds the input pipe of `job`'s client. */
  feeder(job: Job): (pipe: Writable, stdinFile: string | null) => void {
    return (pipe, stdinFile) => {
      const size = stdinFile === null ? 0 : statSync(stdinFile).size;
      pipe.write(inputHeader(size));
      const source = stdinFile !== null && size > 0 ? createReadStream(stdinFile) : null;
      source?.pipe(pipe, { end: false });
      this.inputs.set(job.seq, { pipe, source });
      pipe.once('close', () => {
        if (this.inputs.get(job.seq)?.pipe === pipe) {
          this.inputs.delete(job.seq);
        }
      });
    };
  }

  /**
   * Ends the input of `job`'s channel, so that the remote wrapper stops the job and exits with its
   * status. Input not sent yet is dropped. Returns false when the job has no open input.
   */
  close(job: Job): boolean {
    const input = this.inputs.get(job.seq);
    if (!input) {
      return false;
    }
    this.inputs.delete(job.seq);
    if (input.source) {
      input.source.unpipe(input.pipe);
      input.source.destroy();
    }
    input.pipe.end();
    return true;
  }
}
