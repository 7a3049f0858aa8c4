import { JobLogWriter } from '../joblog/writer.js';
import { jobsToSkip, readJobLog } from '../joblog/resume.js';
import type { JobResult } from '../results/result.js';
import { buildNodes } from '../run/run.js';
import { createJobQueue } from '../scheduling/queue.js';
import type { RunRequest } from './parse.js';
import { UsageError } from './usage-error.js';

/**
 * Sequence numbers of the jobs that --resume or --resume-failed skip, empty without them. Throws
 * UsageError when the job log cannot be read or belongs to another run.
 */
export function jobsSkippedByResume(request: RunRequest): Set<number> {
  const { resume } = request.jobControl;
  if (resume === null) {
    return new Set();
  }
  const planned = createJobQueue(request.mode, buildNodes(request.nodes), request.commands).drain();
  try {
    return jobsToSkip(readJobLog(resume.file), planned, request.mode, resume.rerunFailed, resume.file);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The job log of a run, which reports a failed write once on stderr and then stops writing. */
export interface RunJobLog {
  append(result: JobResult, sent: number): void;
  close(): void;
}

/** Opens the job log that the request names, or returns null; throws UsageError when it cannot. */
export function openRunJobLog(request: RunRequest, writeErr: (text: string) => void): RunJobLog | null {
  const path = request.jobControl.jobLog;
  if (path === null) {
    return null;
  }
  let writer: JobLogWriter;
  try {
    writer = JobLogWriter.open(path);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  let failed = false;
  return {
    append(result, sent) {
      if (failed) {
        return;
      }
      try {
        writer.append(result, sent);
      } catch (error) {
        failed = true;
        writeErr(
          `cooperate: cannot write to job log ${path}: ${(error as Error).message}; ` +
            'the results of the jobs that end from now on are not in it\n',
        );
      }
    },
    close: () => writer.close(),
  };
}
